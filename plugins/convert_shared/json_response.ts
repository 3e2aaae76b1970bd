/**
 * JSON bodies as the converters hand them to the pipeline: a wire object as a
 * {@link JsonObject}, and a JSON response whose body the converter replaced.
 *
 * @module
 */
import type { JsonObject, PluginResponse } from "../types.ts";

/** A wire object as the pipeline's body type (a shallow copy: interfaces have no index signature). */
export function toJsonObject(value: object): JsonObject {
  return Object.fromEntries(Object.entries(value));
}

/**
 * A JSON response with a converted body. Copies `base`, dropping `content-length` and
 * `content-encoding`, which described the upstream's bytes and are now wrong.
 */
export function jsonResponse(
  status: number,
  base: Headers,
  body: unknown,
): PluginResponse {
  const headers = new Headers(base);
  headers.delete("content-length");
  headers.delete("content-encoding");
  headers.set("content-type", "application/json");
  return { status, headers, body };
}
