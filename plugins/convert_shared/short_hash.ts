/**
 * {@link hash8}: a short, stable, synchronous hash for names and ids that must be shortened
 * without colliding (tool names, `user` ids). Not for anything secret.
 *
 * @module
 */

/** FNV-1a (32 bits) of `text`'s UTF-16 code units, as 8 hex digits. */
export function hash8(text: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return (h >>> 0).toString(16).padStart(8, "0");
}

/**
 * `value` cut to `max` characters; a longer value keeps its start and ends with `_` and the
 * hash of the whole value, so distinct long values stay distinct.
 */
export function shortenWithHash(value: string, max: number): string {
  if (value.length <= max) return value;
  return `${value.slice(0, max - 9)}_${hash8(value)}`;
}
