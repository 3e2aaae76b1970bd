/**
 * Model resolution: active exact alias → active regex alias → `DOWNSTREAM_ID/MODEL` (that
 * downstream, under `MODEL`) → downstream by `output_model_ids`. An alias whose downstream is
 * gone is passed over, and so is a prefix that names no downstream (`org/model` ids such as
 * OpenRouter's then still route through `output_model_ids`).
 *
 * @module
 */
import type { Alias, Downstream } from "../store/types.ts";
import type { Routing } from "./routing.ts";

/** Where a model goes and under which name. */
export interface Resolution {
  readonly downstream: Downstream;
  /** The model sent upstream. */
  readonly model: string;
  /** The alias that rewrote it, if any. */
  readonly alias?: Alias;
}

/** Resolves the client's `model`; `undefined` when nothing serves it. */
export function resolveModel(
  routing: Routing,
  model: string,
): Resolution | undefined {
  const byId = routing.snapshot.downstreamsById;
  const exact = routing.exactAliases.get(model);
  if (exact) {
    const downstream = byId.get(exact.downstreamId);
    if (downstream) {
      return { downstream, model: exact.outputModelId, alias: exact };
    }
  }
  for (const { alias, regexp } of routing.regexAliases) {
    if (!regexp.test(model)) continue;
    const downstream = byId.get(alias.downstreamId);
    if (downstream) return { downstream, model: alias.outputModelId, alias };
  }
  const slash = model.indexOf("/");
  if (slash > 0 && slash < model.length - 1) {
    const downstream = byId.get(model.slice(0, slash));
    if (downstream) return { downstream, model: model.slice(slash + 1) };
  }
  const owner = routing.modelOwners.get(model);
  return owner ? { downstream: owner, model } : undefined;
}
