/**
 * Model prices: the built-in table (`prices.json`, with the date it was taken) and a
 * downstream's own `prices`, looked up by the forwarded model's name. A name is tried as it is,
 * then without what providers add to a model they also list bare: a provider prefix
 * (`openai/gpt-4o`), a date (`claude-sonnet-4-20250514`, `gpt-4o-2024-08-06`,
 * `claude-sonnet-4@20250514`), `-latest`, a `-preview` tag and the `-reasoning` variants. A
 * model found nowhere has no price: its requests are unpriced, never free.
 *
 * @module
 */
import { z } from "zod";
import PRICES from "./prices.json" with { type: "json" };
import { modelPriceSchema } from "./schemas.ts";
import { toPrices } from "./records.ts";
import type { Downstream, ModelPrice } from "./types.ts";

const tableSchema = z.object({
  taken: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
  models: z.record(z.string(), modelPriceSchema),
});

const TABLE = tableSchema.parse(PRICES);

/** The built-in prices, by model name. */
export const BUILTIN_PRICES: Readonly<Record<string, ModelPrice>> = Object
  .freeze(toPrices(TABLE.models));

/** The day the built-in prices were taken (`YYYY-MM-DD`). */
export const BUILTIN_PRICES_TAKEN: string = TABLE.taken;

/** Each step drops one kind of decoration, applied in turn to what the previous left. */
const STRIPS: readonly RegExp[] = [
  /^.*\//, // provider prefix: openai/gpt-4o, meta-llama/llama-4-scout-…
  /@\d{8}$/, // Vertex AI: claude-sonnet-4@20250514
  /-\d{4}-\d{2}-\d{2}$|-\d{8}$/, // a snapshot date
  /-latest$/,
  /-preview(?:-\d{2}-\d{2})?$/,
  /-(?:non-)?reasoning$/,
];

/** The names `model` is looked up under, most specific first. */
export function priceCandidates(model: string): string[] {
  let name = model.trim().toLowerCase();
  const names = [name];
  for (const strip of STRIPS) {
    const next = name.replace(strip, "");
    if (next !== name && next !== "") {
      name = next;
      names.push(name);
    }
  }
  return names;
}

function lookup(
  table: Readonly<Record<string, ModelPrice>> | undefined,
  names: readonly string[],
): ModelPrice | undefined {
  if (table === undefined) return undefined;
  for (const name of names) {
    if (Object.hasOwn(table, name)) return table[name];
  }
  return undefined;
}

/**
 * The price of `model` at `downstream`: its own `prices` first (exact key as written, then the
 * stripped names), then the built-in table.
 */
export function findPrice(
  downstream: Pick<Downstream, "prices"> | undefined,
  model: string,
): ModelPrice | undefined {
  const own = downstream?.prices;
  if (own !== undefined && Object.hasOwn(own, model)) return own[model];
  const names = priceCandidates(model);
  return lookup(own, names) ?? lookup(BUILTIN_PRICES, names);
}

/** Remembered lookups per downstream object; past this many names the memory starts over. */
const MAX_REMEMBERED = 1000;

/**
 * {@link findPrice} with its answers remembered per downstream object: snapshots replace a
 * changed downstream with a new object, so a price edit is seen at once and nothing is stale.
 */
export function createPriceLookup(): (
  downstream: Downstream,
  model: string,
) => ModelPrice | undefined {
  const memory = new WeakMap<Downstream, Map<string, ModelPrice | null>>();
  return (downstream, model) => {
    let known = memory.get(downstream);
    if (known === undefined) {
      known = new Map();
      memory.set(downstream, known);
    }
    const hit = known.get(model);
    if (hit !== undefined) return hit ?? undefined;
    const price = findPrice(downstream, model);
    if (known.size >= MAX_REMEMBERED) known.clear();
    known.set(model, price ?? null);
    return price;
  };
}
