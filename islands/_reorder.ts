/**
 * List reordering shared by the drag-and-drop and keyboard handlers of the islands.
 *
 * @module
 */

/** A copy of `items` with the item at `from` moved to index `to` (clamped). */
export function moveItem<T>(
  items: readonly T[],
  from: number,
  to: number,
): T[] {
  const out = [...items];
  if (from < 0 || from >= out.length) return out;
  const target = Math.max(0, Math.min(out.length - 1, to));
  const [item] = out.splice(from, 1);
  out.splice(target, 0, item);
  return out;
}

/** A URL- and id-safe slug (`[A-Za-z0-9_.-]`) of `text`. */
export function slug(text: string): string {
  return text.trim().toLowerCase().replace(/[^a-z0-9_.-]+/g, "-").replace(
    /^-+|-+$/g,
    "",
  ) || "item";
}

/** `base`, or `base-2`, `base-3`, … whichever is not in `taken`. */
export function uniqueId(base: string, taken: ReadonlySet<string>): string {
  if (!taken.has(base)) return base;
  for (let i = 2;; i++) {
    const id = `${base}-${i}`;
    if (!taken.has(id)) return id;
  }
}
