/**
 * Reading the client's request body within `max_body_bytes`, and parsing it as a JSON object.
 *
 * @module
 */
import type { JsonObject } from "../plugins/mod.ts";
import { GatewayError } from "./errors.ts";

function tooLarge(limit: number): GatewayError {
  return new GatewayError(
    "payload_too_large",
    `Cannot accept request body: larger than ${limit} bytes`,
  );
}

/**
 * Reads the body, refusing it as soon as `Content-Length` or the bytes read exceed `limit`
 * (the rest is cancelled, not read).
 */
export async function readBody(
  req: Request,
  limit: number,
): Promise<Uint8Array<ArrayBuffer>> {
  const declared = Number(req.headers.get("content-length") ?? NaN);
  if (Number.isFinite(declared) && declared > limit) {
    await req.body?.cancel();
    throw tooLarge(limit);
  }
  if (!req.body) return new Uint8Array(0);
  // A declared length within the limit: the runtime reads exactly that many bytes in one go.
  if (Number.isFinite(declared)) return await req.bytes();
  const reader = req.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  while (true) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.length;
    if (total > limit) {
      await reader.cancel();
      throw tooLarge(limit);
    }
    chunks.push(value);
  }
  const out = new Uint8Array(total);
  let offset = 0;
  for (const chunk of chunks) {
    out.set(chunk, offset);
    offset += chunk.length;
  }
  return out;
}

const DECODER = new TextDecoder();

/** Parses `bytes` as a JSON object; throws `GatewayError("invalid_request")` otherwise. */
export function parseJsonObject(bytes: Uint8Array): JsonObject {
  let value: unknown;
  try {
    value = JSON.parse(DECODER.decode(bytes));
  } catch (err) {
    if (!(err instanceof SyntaxError)) throw err;
    throw new GatewayError(
      "invalid_request",
      `Cannot parse request body: ${err.message}`,
      { cause: err },
    );
  }
  if (value === null || typeof value !== "object" || Array.isArray(value)) {
    throw new GatewayError(
      "invalid_request",
      "Cannot parse request body: expected a JSON object",
    );
  }
  return value as JsonObject;
}
