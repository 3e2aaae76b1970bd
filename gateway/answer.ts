/**
 * Answers Tresor makes itself rather than relay: an error before the upstream answered, a
 * plugin's own response, the model list, a stored response. Each is tagged with the request id
 * and recorded at once.
 *
 * @module
 */
import { GatewayError, renderError, toGatewayError } from "./errors.ts";
import type { RequestContext } from "./request_context.ts";
import { CLIENT_CLOSED, type Failure } from "./request_draft.ts";
import { record } from "./stages/record.ts";

/** Sets `response` as the answer to `ctx` and records it (`failure`: what went wrong, if anything). */
export function answer(
  ctx: RequestContext,
  response: Response,
  failure?: Failure,
): Response {
  response.headers.set("x-tresor-request-id", ctx.draft.id);
  ctx.watcher?.returned(response, true);
  record(ctx, { status: response.status, ttfb: ctx.services.now(), failure });
  ctx.response = response;
  return response;
}

/**
 * Answers a stage's failure: the client format's error for the error's kind (logged at error
 * when it is a bug of ours), or 499 when the client has gone (nobody reads the answer).
 */
export function answerFailure(ctx: RequestContext, thrown: unknown): Response {
  if (ctx.req.signal.aborted) {
    return answer(ctx, new Response(null, { status: 499 }), CLIENT_CLOSED);
  }
  const err = toGatewayError(thrown);
  const log = ctx.services.log;
  if (err instanceof GatewayError && err.kind === "internal") {
    log.error("Request failed", {
      request_id: ctx.draft.id,
      error: String(err.cause ?? err),
    });
  } else {
    log.debug("Request refused", {
      request_id: ctx.draft.id,
      error: err.message,
    });
  }
  return answer(ctx, renderError(ctx.format, err), {
    error: err.message,
    errorKind: err instanceof GatewayError ? err.kind : "upstream_error",
  });
}
