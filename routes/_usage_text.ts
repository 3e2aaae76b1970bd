/**
 * How the Usage page writes its sums: counts in full with separators, and cost honestly — a
 * range whose requests have no known price reads "unpriced", never $0, and a priced sum that
 * leaves some requests out says how many.
 *
 * @module
 */
import type { UsageSumsJson } from "../store/mod.ts";
import { formatUsd } from "../islands/usage_format.ts";

const COUNT = new Intl.NumberFormat("en-US");

/** `1234567` as `1,234,567`. */
export function formatCount(n: number): string {
  return COUNT.format(n);
}

/** A sum's cost: `$0.015`, `unpriced` (tokens, no price), or `–` (nothing to price). */
export function costText(
  sums: Pick<UsageSumsJson, "cost_usd" | "unpriced_requests">,
): string {
  if (sums.cost_usd !== null) return formatUsd(sums.cost_usd);
  return sums.unpriced_requests > 0 ? "unpriced" : "–";
}

/** What a priced cost leaves out: `+ 2 unpriced`, or nothing. */
export function unpricedNote(
  sums: Pick<UsageSumsJson, "cost_usd" | "unpriced_requests">,
): string | undefined {
  if (sums.cost_usd === null || sums.unpriced_requests === 0) return undefined;
  return `+ ${formatCount(sums.unpriced_requests)} unpriced`;
}

/** A latency in milliseconds, or `–` when none was measured. */
export function formatMs(ms: number | null): string {
  return ms === null ? "–" : `${formatCount(Math.round(ms))} ms`;
}
