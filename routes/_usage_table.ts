/**
 * The Usage page's table: its columns (what each shows and sorts by) and the groups' order.
 * An unknown value (an unpriced cost, a latency nobody measured) sorts last whichever the
 * direction, so "cheapest first" never starts with the requests whose price is unknown.
 *
 * @module
 */
import type { UsageGroupJson } from "../store/mod.ts";
import type { SortColumn, SortDir } from "./_usage_query.ts";
import { NONE_LABEL, promptTokens } from "./_usage_series.ts";

/** A column's sort value for a group: a number, a label, or null when unknown. */
export function sortValue(
  group: UsageGroupJson,
  column: SortColumn,
): number | string | null {
  switch (column) {
    case "key":
      return group.key ?? NONE_LABEL;
    case "requests":
      return group.requests;
    case "input":
      return promptTokens(group);
    case "output":
      return group.output_tokens;
    case "cost":
      return group.cost_usd;
    case "errors":
      return group.errors;
    case "ttfb_p50":
      return group.ttfb_ms_p50;
    case "ttfb_p95":
      return group.ttfb_ms_p95;
    case "duration_p50":
      return group.duration_ms_p50;
    case "duration_p95":
      return group.duration_ms_p95;
    default: {
      const never: never = column;
      throw new TypeError(`Unknown column ${never}`);
    }
  }
}

function compare(a: number | string, b: number | string): number {
  if (typeof a === "number" && typeof b === "number") return a - b;
  return String(a).localeCompare(String(b));
}

/** `groups` sorted by `column` in `dir`, unknown values last, ties by key (ascending). */
export function sortGroups(
  groups: readonly UsageGroupJson[],
  column: SortColumn,
  dir: SortDir,
): UsageGroupJson[] {
  const sign = dir === "asc" ? 1 : -1;
  return [...groups].sort((a, b) => {
    const va = sortValue(a, column);
    const vb = sortValue(b, column);
    if ((va === null) !== (vb === null)) return va === null ? 1 : -1;
    const byValue = va === null || vb === null ? 0 : sign * compare(va, vb);
    return byValue ||
      compare(a.key ?? NONE_LABEL, b.key ?? NONE_LABEL);
  });
}

/** The direction a click on `column`'s header asks for: flipped when it is the sorted one. */
export function nextDir(
  column: SortColumn,
  sorted: SortColumn,
  dir: SortDir,
): SortDir {
  if (column === sorted) return dir === "asc" ? "desc" : "asc";
  // Names read A→Z first, amounts biggest first.
  return column === "key" ? "asc" : "desc";
}
