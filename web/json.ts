/**
 * The `Json` type: what island props and admin API payloads may contain. Shared by routes
 * (server) and islands (browser); it imports nothing so both sides can use it.
 *
 * @module
 */

/** A JSON value. Dates travel as ISO-8601 strings; functions cannot travel at all. */
export type Json =
  | null
  | boolean
  | number
  | string
  | readonly Json[]
  | JsonObject;

/**
 * A JSON object. `undefined` members are allowed because `JSON.stringify` drops them, which is
 * what optional fields (`input_tokens?: number`) mean on the wire.
 */
export type JsonObject = { readonly [key: string]: Json | undefined };

/**
 * Converts a parsed-JSON-like value (config records, JSON Schemas) to `Json`: `undefined`
 * members are dropped as `JSON.stringify` would; anything JSON cannot carry throws `TypeError`.
 */
export function toJson(value: unknown, path = "$"): Json {
  if (
    value === null || typeof value === "boolean" || typeof value === "string"
  ) return value;
  if (typeof value === "number") {
    if (!Number.isFinite(value)) {
      throw new TypeError(`Cannot convert to JSON: ${path} is not finite`);
    }
    return value;
  }
  if (Array.isArray(value)) {
    return value.map((item, i) => toJson(item, `${path}[${i}]`));
  }
  if (typeof value === "object") {
    const out: Record<string, Json> = {};
    for (const [key, item] of Object.entries(value)) {
      if (item !== undefined) out[key] = toJson(item, `${path}.${key}`);
    }
    return out;
  }
  throw new TypeError(`Cannot convert to JSON: ${path} is a ${typeof value}`);
}

/** {@link toJson} for values that must be objects. */
export function toJsonObject(value: unknown, path = "$"): JsonObject {
  const json = toJson(value, path);
  if (json === null || typeof json !== "object" || Array.isArray(json)) {
    throw new TypeError(`Cannot convert to JSON: ${path} is not an object`);
  }
  // Narrowed: a non-null, non-array JSON object.
  return json as JsonObject;
}
