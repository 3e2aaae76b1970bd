/**
 * JSON bodies as the converters hand them to the pipeline: a wire object as a
 * {@link JsonObject}, and a JSON response whose body the converter replaced.
 *
 * @module
 */
import type { JsonObject, PluginResponse } from "../types.ts";

/** A wire object as the pipeline's body type (a shallow copy: interfaces have no index signature). */
export function toJsonObject(value: object): JsonObject {
  // A spread copies the same own enumerable fields ~15x faster than fromEntries(entries()).
  return { ...value } as JsonObject;
}

/** Headers of the upstream's bytes that a converted body makes wrong, or sets anew. */
const REPLACED = new Set([
  "content-length",
  "content-encoding",
  "content-type",
]);

/**
 * A JSON response with a converted body. Copies `base`, dropping `content-length` and
 * `content-encoding`, which described the upstream's bytes and are now wrong.
 */
export function jsonResponse(
  status: number,
  base: Headers,
  body: unknown,
): PluginResponse {
  // Appended one by one: `new Headers(base)` converts every pair through WebIDL, twice the cost;
  // and by forEach, which costs a tenth of a for…of over the Headers iterator.
  const headers = new Headers();
  base.forEach((value, name) => {
    if (!REPLACED.has(name)) headers.append(name, value);
  });
  headers.set("content-type", "application/json");
  return { status, headers, body };
}
