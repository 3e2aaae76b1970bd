/**
 * Stage: the attempt at the chosen downstream — the matched rules and the pipeline plan (cached
 * per routing snapshot, `plan_cache.ts`) with its steps bound to this request (fresh plugin
 * state). Failover (issue 16) runs it again for each member it tries.
 *
 * @module
 */
import { bindPipeline } from "../pipeline.ts";
import { Attempt, type RequestContext } from "../request_context.ts";

/**
 * Starts `ctx.attempt` at `ctx.target`; throws `GatewayError("not_implemented")` when no
 * converter reaches the downstream's formats.
 */
export function plan(ctx: RequestContext): void {
  const { route, target, services, draft } = ctx;
  const planned = services.plans.get(ctx.routing, route, ctx.body.model, {
    downstream: target.downstream,
    forwardedModel: target.model,
  });
  const pipeline = bindPipeline(planned.plan.steps, {
    requestId: draft.id,
    log: services.log,
    signal: ctx.req.signal,
    clientFormat: route.format,
    downstream: planned.downstream,
    stream: ctx.body.stream,
    ...(services.responses && { responses: services.responses }),
  });
  ctx.attempt = new Attempt(target, planned, pipeline);
  ctx.watcher?.planned(pipeline);
  // Shared with the cache: the log entry only reads them.
  draft.rules = planned.ruleIds;
  draft.plugins = planned.pluginIds;
  draft.format_out = planned.plan.formatOut;
}
