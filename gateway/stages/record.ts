/**
 * Stage: the end of a request, whenever it comes — at once for an answer Tresor made or a whole
 * body, when the body ends, fails or is cancelled for a stream. It runs once: it releases what
 * the attempt holds (the client lease, the abort link), completes the usage (an estimate of the
 * input when the upstream reported nothing) and prices it, adds the request-log entry, counts
 * it in the metrics, and hands the finished request to the observer (issue 15's usage rows,
 * issue 17's captures hook in there).
 *
 * @module
 */
import { costOf } from "../cost.ts";
import type { RequestContext } from "../request_context.ts";
import { type RequestOutcome, toRequestLogEntry } from "../request_draft.ts";
import { estimateTokens } from "../usage_estimate.ts";
import type { Usage } from "../usage_fields.ts";

/** Records how `ctx` ended; a second call does nothing. */
export function record(ctx: RequestContext, outcome: RequestOutcome): void {
  if (ctx.recorded) return;
  ctx.recorded = true;
  ctx.release();
  const { requestLog, observer, now, metrics } = ctx.services;
  const usage = withInputEstimate(ctx, outcome.usage);
  const entry = toRequestLogEntry(
    ctx.draft,
    usage === outcome.usage ? outcome : { ...outcome, usage },
    now(),
    { costUsd: costOf(usage, priceOf(ctx)) },
  );
  requestLog.add(entry);
  metrics.observe(entry);
  observer?.recorded?.({ entry, usage, timings: ctx.timings });
  ctx.watcher?.recorded(entry);
}

/** The forwarded model's prices at its downstream, when prices are known. */
function priceOf(ctx: RequestContext) {
  const { prices } = ctx.services;
  const { downstream, model_forwarded: model } = ctx.draft;
  if (prices === undefined || downstream === null || model === null) {
    return undefined;
  }
  const target = ctx.routing.snapshot.downstreamsById.get(downstream);
  return target === undefined ? undefined : prices(target, model);
}

/** An estimated usage completed with the request's input, estimated from its text. */
function withInputEstimate(
  ctx: RequestContext,
  usage: Usage | undefined,
): Usage | undefined {
  if (usage?.estimated !== true || usage.input_tokens !== undefined) {
    return usage;
  }
  const body = ctx.peekBody();
  if (body === undefined) return usage;
  return {
    ...usage,
    input_tokens: estimateTokens(body.json, body.bytes.length),
  };
}
