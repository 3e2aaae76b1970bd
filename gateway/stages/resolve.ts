/**
 * Stage: the routing decision — which downstream serves the client's model, under which name
 * (active exact alias → active regex alias → `DOWNSTREAM_ID/MODEL` → a downstream listing the
 * model; `resolve_model.ts`). When the alias's group has failover members, the failover run
 * starts here (`failover.ts`), and the first member to try is the active one unless it rests.
 *
 * @module
 */
import { GatewayError } from "../errors.ts";
import { Failover } from "../failover.ts";
import type { RequestContext } from "../request_context.ts";
import { resolveModel } from "../resolve_model.ts";

/** Sets `ctx.target`; throws `GatewayError("model_not_found")` when nothing serves the model. */
export function resolve(ctx: RequestContext): void {
  const model = ctx.body.model;
  const target = resolveModel(ctx.routing, model);
  if (!target) {
    throw new GatewayError(
      "model_not_found",
      `Cannot route model "${model}": unknown model, no alias or downstream serves it`,
    );
  }
  const members = target.alias &&
    ctx.routing.failoverMembers.get(target.alias.id);
  if (!members) {
    ctx.target = target;
    return;
  }
  const { services } = ctx;
  const failover = new Failover(target, members, {
    downstreams: ctx.routing.snapshot.downstreamsById,
    cooldowns: services.cooldowns,
    now: services.now(),
  });
  ctx.failover = failover;
  ctx.draft.attempts = failover.attempts;
  ctx.target = failover.first();
}
