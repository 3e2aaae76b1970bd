/**
 * Lenient readers for what upstreams send back, where a malformed value is skipped rather
 * than rejected (providers add fields and events over time).
 *
 * @module
 */

/** `text` parsed as JSON, or undefined when it is not JSON. */
export function tryParseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch (err) {
    if (!(err instanceof SyntaxError)) throw err;
    return undefined;
  }
}

/** The value when it is a finite number, else undefined. */
export function finiteNumber(value: unknown): number | undefined {
  return typeof value === "number" && Number.isFinite(value)
    ? value
    : undefined;
}
