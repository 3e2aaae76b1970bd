/**
 * {@link unhandledFields}: the fields of a client's body a converter does not read, which it
 * drops with a warning (the target API has no place for them).
 *
 * @module
 */
import type { JsonObject } from "../types.ts";

/** The keys of `body` not in `handled`, in body order. */
export function unhandledFields(
  body: JsonObject,
  handled: ReadonlySet<string>,
): string[] {
  return Object.keys(body).filter((key) => !handled.has(key));
}
