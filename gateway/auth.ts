/**
 * Client authentication against `proxy_api_keys`, compared in constant time.
 *
 * @module
 */

import { GatewayError } from "./errors.ts";

const ENCODER = new TextEncoder();

/** Whether `a` and `b` are equal, in time that depends only on their lengths. */
export function constantTimeEqual(a: Uint8Array, b: Uint8Array): boolean {
  const length = Math.max(a.length, b.length);
  let diff = a.length ^ b.length;
  for (let i = 0; i < length; i++) diff |= (a[i] ?? 0) ^ (b[i] ?? 0);
  return diff === 0;
}

/** The key a client presented: `Authorization: Bearer KEY`, else `x-api-key`. */
export function presentedKeys(headers: Headers): string[] {
  const keys: string[] = [];
  const authorization = headers.get("authorization");
  if (authorization) {
    const match = /^Bearer\s+(.+)$/i.exec(authorization.trim());
    if (match) keys.push(match[1]);
  }
  const apiKey = headers.get("x-api-key");
  if (apiKey) keys.push(apiKey.trim());
  return keys;
}

/** Outcome of {@link checkClientAuth}. */
export type AuthResult = "ok" | "missing" | "invalid";

/**
 * Checks the client's key against the encoded `proxy_api_keys` (empty: the gateway is open).
 * Every configured key is compared, so timing does not reveal which one nearly matched.
 */
export function checkClientAuth(
  headers: Headers,
  keys: readonly Uint8Array[],
): AuthResult {
  if (keys.length === 0) return "ok";
  const presented = presentedKeys(headers);
  if (presented.length === 0) return "missing";
  let ok = false;
  for (const candidate of presented) {
    const bytes = ENCODER.encode(candidate);
    for (const key of keys) ok = constantTimeEqual(bytes, key) || ok;
  }
  return ok ? "ok" : "invalid";
}

/** Encodes `proxy_api_keys` once per snapshot. */
export function encodeKeys(keys: readonly string[]): Uint8Array[] {
  return keys.filter((k) => k !== "").map((k) => ENCODER.encode(k));
}

/**
 * Refuses a request whose client key is missing or wrong with `GatewayError("authentication")`,
 * after discarding its body.
 */
export async function requireClientAuth(
  req: Request,
  keys: readonly Uint8Array[],
): Promise<void> {
  const auth = checkClientAuth(req.headers, keys);
  if (auth === "ok") return;
  await req.body?.cancel();
  throw new GatewayError(
    "authentication",
    auth === "missing"
      ? "Missing API key: send Authorization: Bearer KEY or x-api-key"
      : "Invalid API key",
  );
}
