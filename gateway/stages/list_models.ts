/**
 * Stage (the `GET /v1/models` endpoint): the model list the routing snapshot rendered once
 * (aliases and every downstream's models), answered without asking any downstream.
 *
 * @module
 */
import { answer } from "../answer.ts";
import type { RequestContext } from "../request_context.ts";

/** Answers with the snapshot's model list. */
export function listModels(ctx: RequestContext): void {
  answer(
    ctx,
    new Response(ctx.routing.modelsBody, {
      headers: { "content-type": "application/json" },
    }),
  );
}
