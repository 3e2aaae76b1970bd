/**
 * Stage (replays only, issue 17): where a replayed request goes — the downstream and model the
 * replay names, or, when it names none, wherever the request's model resolves, as for any
 * request (the resolve stage).
 *
 * @module
 */
import { GatewayError } from "../errors.ts";
import type { RequestContext } from "../request_context.ts";
import { resolve } from "./resolve.ts";

/** Sets `ctx.target`; throws `GatewayError("model_not_found")` for an unknown downstream. */
export function resolveReplay(ctx: RequestContext): void {
  const to = ctx.replay?.to;
  if (to === undefined) return resolve(ctx);
  const downstream = ctx.routing.snapshot.downstreamsById.get(to.downstreamId);
  if (!downstream) {
    throw new GatewayError(
      "model_not_found",
      `Cannot replay to downstream "${to.downstreamId}": no such downstream`,
    );
  }
  ctx.target = { downstream, model: to.model };
  const draft = ctx.draft;
  draft.downstream = downstream.id;
  draft.alias = null;
  draft.model_forwarded = to.model;
}
