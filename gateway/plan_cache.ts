/**
 * Rule matching and pipeline planning, remembered per routing snapshot: both depend only on
 * the routing and (path, model, downstream), so a request repeats neither. Bounded, because
 * regex aliases let clients name unboundedly many models.
 *
 * @module
 */
import type { DownstreamInfo, Registry } from "../plugins/mod.ts";
import type { Downstream } from "../store/types.ts";
import { toDownstreamInfo } from "./downstream_info.ts";
import { matchRules } from "./match_rules.ts";
import type { GatewayRoute } from "./paths.ts";
import { type PipelinePlan, planPipeline } from "./pipeline.ts";
import type { Routing } from "./routing.ts";

/** Entries kept per routing snapshot before the cache starts over. */
export const MAX_CACHED_PLANS = 1024;

/** The rules and pipeline plan of one (path, model, downstream). */
export interface Planned {
  readonly plan: PipelinePlan;
  /** What the plan's plugins see of the downstream (capabilities of the forwarded model). */
  readonly downstream: DownstreamInfo;
  /** Matched rule ids in priority order; shared, read only. */
  readonly ruleIds: string[];
  /** The plan's plugin ids in order; shared, read only. */
  readonly pluginIds: string[];
}

/** Plans by routing snapshot; a new snapshot starts with an empty cache. */
export class PlanCache {
  readonly #registry: Registry;
  readonly #byRouting = new WeakMap<Routing, Map<string, Planned>>();

  constructor(registry: Registry) {
    this.#registry = registry;
  }

  /**
   * The plan for a request to `route` for `model`, served by `downstream` as `forwardedModel`
   * (which `routing` and `model` determine). Throws what {@link planPipeline} throws (no
   * converter reaches the downstream); that is not cached.
   */
  get(
    routing: Routing,
    route: GatewayRoute,
    model: string,
    target: { downstream: Downstream; forwardedModel: string },
  ): Planned {
    const downstream = target.downstream;
    let cache = this.#byRouting.get(routing);
    if (!cache) this.#byRouting.set(routing, cache = new Map());
    const key = `${route.canonical}\n${downstream.id}\n${model}`;
    let planned = cache.get(key);
    if (!planned) {
      const rules = matchRules(routing, {
        path: route.canonical,
        model,
        format: route.format,
        downstream,
      });
      const plan = planPipeline(rules, {
        format: route.format,
        downstream,
        registry: this.#registry,
      });
      planned = {
        plan,
        downstream: toDownstreamInfo(downstream, target.forwardedModel),
        ruleIds: rules.map((r) => r.rule.id),
        pluginIds: plan.steps.map((s) => s.plugin.id),
      };
      if (cache.size >= MAX_CACHED_PLANS) cache.clear();
      cache.set(key, planned);
    }
    return planned;
  }
}
