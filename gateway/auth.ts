/**
 * Client authentication against `proxy_api_keys`, compared in constant time. The key that
 * matched is known by its name only: a named entry's `name`, or a plain key's masked form.
 *
 * @module
 */
import type { ProxyApiKey } from "../store/types.ts";
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

/** A configured client key, encoded once per snapshot, with the name logs and usage show. */
export interface ClientKey {
  readonly name: string;
  readonly bytes: Uint8Array;
}

/** Outcome of {@link checkClientAuth}: the accepted key's name (null when the gateway is open). */
export type AuthResult =
  | { readonly ok: true; readonly name: string | null }
  | { readonly ok: false; readonly reason: "missing" | "invalid" };

const OPEN: AuthResult = Object.freeze({ ok: true, name: null });

/**
 * Checks the client's key against the encoded `proxy_api_keys` (empty: the gateway is open).
 * Every configured key is compared, so timing does not reveal which one nearly matched.
 */
export function checkClientAuth(
  headers: Headers,
  keys: readonly ClientKey[],
): AuthResult {
  if (keys.length === 0) return OPEN;
  const presented = presentedKeys(headers);
  if (presented.length === 0) return { ok: false, reason: "missing" };
  let name: string | null = null;
  for (const candidate of presented) {
    const bytes = ENCODER.encode(candidate);
    for (const key of keys) {
      if (constantTimeEqual(bytes, key.bytes) && name === null) name = key.name;
    }
  }
  return name === null ? { ok: false, reason: "invalid" } : { ok: true, name };
}

/**
 * A plain key's name: its masked form, as the admin API shows it (`***` and its last four
 * characters; only `***` for keys of eight characters or fewer). `store/mask.ts`'s `maskKey`
 * writes the same; a unit test holds the two together.
 */
export function plainKeyName(key: string): string {
  return key.length > 8 ? `***${key.slice(-4)}` : "***";
}

/** Encodes `proxy_api_keys` once per snapshot, each with its name. */
export function encodeKeys(keys: readonly ProxyApiKey[]): ClientKey[] {
  const out: ClientKey[] = [];
  for (const entry of keys) {
    const key = typeof entry === "string" ? entry : entry.key;
    if (key === "") continue;
    const name = typeof entry === "string" ? plainKeyName(key) : entry.name;
    out.push({ name, bytes: ENCODER.encode(key) });
  }
  return out;
}

/**
 * Refuses a request whose client key is missing or wrong with `GatewayError("authentication")`,
 * after discarding its body; resolves with the accepted key's name (null when open).
 */
export async function requireClientAuth(
  req: Request,
  keys: readonly ClientKey[],
): Promise<string | null> {
  const auth = checkClientAuth(req.headers, keys);
  if (auth.ok) return auth.name;
  await req.body?.cancel();
  throw new GatewayError(
    "authentication",
    auth.reason === "missing"
      ? "Missing API key: send Authorization: Bearer KEY or x-api-key"
      : "Invalid API key",
  );
}
