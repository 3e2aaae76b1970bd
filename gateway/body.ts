/**
 * Reading the client's request body within `max_body_bytes`, and parsing it as a JSON object.
 *
 * @module
 */
import type { JsonObject } from "../plugins/mod.ts";
import { concatBytes } from "./bytes.ts";
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
export async function readBodyBytes(
  req: Request,
  limit: number,
): Promise<Uint8Array<ArrayBuffer>> {
  const declared = Number(req.headers.get("content-length") ?? NaN);
  if (Number.isFinite(declared) && declared > limit) {
    await req.body?.cancel();
    throw tooLarge(limit);
  }
  try {
    // A declared length within the limit: the runtime reads exactly that many bytes in one go,
    // without the ReadableStream `req.body` would make (and keep for the request's life).
    if (Number.isFinite(declared)) return await req.bytes();
    if (!req.body) return new Uint8Array(0);
    return await readChunks(req.body, limit);
  } catch (err) {
    if (err instanceof GatewayError) throw err;
    // The client went away or broke its own framing mid-body.
    throw new GatewayError(
      "invalid_request",
      "Cannot read request body: the connection broke off",
      { cause: err },
    );
  }
}

async function readChunks(
  body: ReadableStream<Uint8Array>,
  limit: number,
): Promise<Uint8Array<ArrayBuffer>> {
  const reader = body.getReader();
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
  return concatBytes(chunks);
}

const DECODER = new TextDecoder();

/**
 * How deeply a request body may nest arrays and objects. Real requests stay far below it (tool
 * schemas are the deepest part, a dozen levels); past it, converters and plugins that walk the
 * body recursively could exhaust the stack, and parsing a megabyte of `[[[[…` costs a third of
 * a second before anyone looks at it.
 */
export const MAX_JSON_DEPTH = 128;

const OPEN_BRACE = 0x7b;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACE = 0x7d;
const CLOSE_BRACKET = 0x5d;
const QUOTE = 0x22;
const BACKSLASH = 0x5c;

/** How many bytes `b` occurs in `bytes`, up to `stopAt` (a native scan per occurrence). */
function countByte(bytes: Uint8Array, b: number, stopAt: number): number {
  let n = 0;
  for (
    let i = bytes.indexOf(b);
    i !== -1 && n < stopAt;
    i = bytes.indexOf(b, i + 1)
  ) n++;
  return n;
}

/**
 * Whether the JSON text in `bytes` nests deeper than `max`. A body with at most `max` opening
 * brackets cannot, which the common (small) request shows with two native scans; otherwise one
 * pass counts the nesting outside strings, before any parse.
 */
export function nestsDeeperThan(bytes: Uint8Array, max: number): boolean {
  const braces = countByte(bytes, OPEN_BRACE, max + 1);
  if (braces + countByte(bytes, OPEN_BRACKET, max + 1 - braces) <= max) {
    return false;
  }
  let depth = 0;
  let inString = false;
  for (let i = 0; i < bytes.length; i++) {
    const b = bytes[i];
    if (inString) {
      if (b === BACKSLASH) i++;
      else if (b === QUOTE) inString = false;
    } else if (b === QUOTE) {
      inString = true;
    } else if (b === OPEN_BRACE || b === OPEN_BRACKET) {
      if (++depth > max) return true;
    } else if (b === CLOSE_BRACE || b === CLOSE_BRACKET) {
      depth--;
    }
  }
  return false;
}

/**
 * Parses `bytes` as a JSON object nesting at most {@link MAX_JSON_DEPTH} levels; throws
 * `GatewayError("invalid_request")` otherwise.
 */
export function parseJsonObject(bytes: Uint8Array): JsonObject {
  if (nestsDeeperThan(bytes, MAX_JSON_DEPTH)) {
    throw new GatewayError(
      "invalid_request",
      `Cannot parse request body: JSON nested deeper than ${MAX_JSON_DEPTH} levels`,
    );
  }
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
