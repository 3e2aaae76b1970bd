/**
 * A request's cost from its usage and its model's prices (USD per 1 M tokens). Counters are
 * disjoint (`usage_fields.ts`), so each token is charged once, at its own price; a cache price
 * the table leaves out falls back as `ModelPrice` documents.
 *
 * @module
 */
import type { Downstream, ModelPrice } from "../store/types.ts";
import { hasCounts, type Usage } from "./usage_fields.ts";

/** Finds a model's prices at a downstream (the store's table and the downstream's own). */
export type PriceLookup = (
  downstream: Downstream,
  model: string,
) => ModelPrice | undefined;

/** USD for `usage` at `price`; `undefined` when either is unknown (unpriced is never 0). */
export function costOf(
  usage: Usage | undefined,
  price: ModelPrice | undefined,
): number | undefined {
  if (usage === undefined || price === undefined || !hasCounts(usage)) {
    return undefined;
  }
  const cacheWrite = usage.cache_write_tokens ?? 0;
  const oneHour = usage.cache_write_1h_tokens ?? 0;
  const perMillion = (usage.input_tokens ?? 0) * price.input +
    (usage.output_tokens ?? 0) * price.output +
    (usage.cache_read_tokens ?? 0) * (price.cacheRead ?? price.input) +
    (cacheWrite - oneHour) * (price.cacheWrite ?? price.input) +
    oneHour * (price.cacheWrite1h ?? price.cacheWrite ?? price.input);
  // Rounded to 1e-10 USD: float sums of small prices otherwise show noise digits.
  return Math.round(perMillion / 1e6 * 1e10) / 1e10;
}
