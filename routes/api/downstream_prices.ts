/**
 * `POST /api/downstreams/{id}/refresh-prices`: prices for the models a downstream serves, from
 * its own `/models` answer when that carries them (OpenRouter's shape: `pricing.prompt`,
 * `pricing.completion`, `pricing.input_cache_read`, `pricing.input_cache_write`, USD per token
 * as decimal strings; https://openrouter.ai/docs/api-reference/list-available-models). The
 * downstream's `prices` keep their other entries; the served models listed with a price are
 * set, in USD per 1 M tokens.
 *
 * @module
 */
import {
  NotFoundError,
  type RefreshPricesJson,
  toDownstreamJson,
  ValidationError,
} from "../../store/mod.ts";
import type { Downstream, ModelPrice } from "../../store/types.ts";
import { json } from "./_http.ts";
import { type ApiState, type Route, route } from "./_router.ts";
import { fetchModelList } from "./provider_models.ts";

/** A per-token price as a provider lists it, in USD per 1 M tokens; undefined when absent or not a price. */
function perMillion(value: unknown): number | undefined {
  const n = typeof value === "string" && value.trim() !== ""
    ? Number(value)
    : typeof value === "number"
    ? value
    : NaN;
  // OpenRouter writes -1 for "varies" (its router models): no price to keep.
  if (!Number.isFinite(n) || n < 0) return undefined;
  return Math.round(n * 1e6 * 1e9) / 1e9;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}

/** The prices a `/models` list carries, by model id (models without input and output prices left out). */
export function listedPrices(
  data: readonly unknown[],
): Map<string, ModelPrice> {
  const prices = new Map<string, ModelPrice>();
  for (const model of data) {
    if (!isRecord(model) || typeof model.id !== "string") continue;
    const pricing = model.pricing;
    if (!isRecord(pricing)) continue;
    const input = perMillion(pricing.prompt);
    const output = perMillion(pricing.completion);
    if (input === undefined || output === undefined) continue;
    const cacheRead = perMillion(pricing.input_cache_read);
    const cacheWrite = perMillion(pricing.input_cache_write);
    prices.set(model.id, {
      input,
      output,
      ...(cacheRead === undefined ? {} : { cacheRead }),
      ...(cacheWrite === undefined ? {} : { cacheWrite }),
    });
  }
  return prices;
}

/** The models a downstream serves: its listed models and its aliases' output models. */
function servedModels(state: ApiState, downstream: Downstream): Set<string> {
  const snapshot = state.deps.store.snapshot();
  const served = new Set(downstream.outputModelIds);
  for (const alias of snapshot.aliases) {
    if (alias.downstreamId === downstream.id) served.add(alias.outputModelId);
  }
  return served;
}

/** The refresh-prices route. */
export function downstreamPriceRoutes(state: ApiState): Route[] {
  const { deps } = state;
  return [
    route("/api/downstreams/:id/refresh-prices", {
      POST: async (req, { params }) => {
        await req.body?.cancel();
        const downstream = deps.store.snapshot().downstreamsById.get(params.id);
        if (!downstream) {
          throw new NotFoundError(`Downstream "${params.id}" not found`);
        }
        const served = servedModels(state, downstream);
        if (served.size === 0) {
          throw new ValidationError(
            "output_model_ids",
            "the downstream serves no models yet: add or fetch its models first",
          );
        }
        const listed = listedPrices(await fetchModelList(deps, downstream));
        const prices: Record<string, ModelPrice> = { ...downstream.prices };
        const updated: string[] = [];
        for (const model of served) {
          const price = listed.get(model);
          if (price === undefined) continue;
          prices[model] = price;
          updated.push(model);
        }
        const saved = updated.length === 0
          ? downstream
          : await deps.store.updateDownstream(downstream.id, { prices });
        deps.log.info("Downstream prices refreshed", {
          downstream: downstream.id,
          listed: listed.size,
          updated: updated.length,
        });
        const body: RefreshPricesJson = {
          downstream: toDownstreamJson(saved),
          fetched: listed.size,
          updated,
        };
        return json(body);
      },
    }),
  ];
}
