/**
 * Stage: the routing decision — which downstream serves the client's model, under which name
 * (active exact alias → active regex alias → `DOWNSTREAM_ID/MODEL` → a downstream listing the
 * model; `resolve_model.ts`).
 *
 * @module
 */
import { GatewayError } from "../errors.ts";
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
  ctx.target = target;
  const draft = ctx.draft;
  draft.downstream = target.downstream.id;
  draft.alias = target.alias?.id ?? null;
  draft.model_forwarded = target.model;
}
