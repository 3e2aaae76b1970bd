/**
 * Stage: the end of a request, whenever it comes — at once for an answer Tresor made or a whole
 * body, when the body ends, fails or is cancelled for a stream. It runs once: it releases what
 * the attempt holds (the client lease, the abort link), adds the request-log entry, and hands
 * the finished request to the observer (issue 15's usage rows, issue 17's captures hook in
 * there).
 *
 * @module
 */
import type { RequestContext } from "../request_context.ts";
import { type RequestOutcome, toRequestLogEntry } from "../request_draft.ts";

/** Records how `ctx` ended; a second call does nothing. */
export function record(ctx: RequestContext, outcome: RequestOutcome): void {
  if (ctx.recorded) return;
  ctx.recorded = true;
  ctx.release();
  const { requestLog, observer, now } = ctx.services;
  const entry = toRequestLogEntry(ctx.draft, outcome, now());
  requestLog.add(entry);
  observer?.recorded?.({ entry, usage: outcome.usage, timings: ctx.timings });
  ctx.watcher?.recorded(entry);
}
