/**
 * How usage numbers read everywhere they are shown (the Logs page's cells, the Usage page):
 * compact token counts and USD with enough digits to see small amounts.
 *
 * @module
 */

/** `12,345` as `12.3k`, `2,000,000` as `2M`; small counts as they are. */
export function compactCount(n: number): string {
  if (n < 1000) return String(n);
  // Up to 999k; what would round to 1000k is written 1M.
  if (n < 999_500) {
    return `${Number((n / 1000).toFixed(n < 10_000 ? 1 : 0))}k`;
  }
  return `${Number((n / 1_000_000).toFixed(1))}M`;
}

// Intl writes small amounts in plain digits where `String(number)` turns to exponents (9e-7).
const SMALL_USD = new Intl.NumberFormat("en-US", {
  style: "currency",
  currency: "USD",
  maximumSignificantDigits: 3,
});

/** USD with enough digits to see small amounts (`$0.00575`, `$0.00000075`, `$1.24`). */
export function formatUsd(cost: number): string {
  if (cost === 0) return "$0";
  if (cost >= 1) return `$${cost.toFixed(2)}`;
  return SMALL_USD.format(cost);
}
