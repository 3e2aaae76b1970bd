/**
 * Stage: the attempt's request sent through the downstream's pooled upstream client, bounded by
 * `upstream_connect_timeout_ms` up to the response head. The client leaving aborts the call.
 * Before the head: a timeout is a 504, a failure to connect or a connection broken a 502 (both
 * in the client's format), the client gone a 499.
 *
 * Failover (issue 16) loops here. When the target's alias group has failover members
 * (`ctx.failover`, `failover.ts`) and a try fails before any byte reached the client — a
 * connect error, a timeout before the head, or a 429, 5xx or 529 answer — the next member is
 * tried: its answer unread is cancelled, the target moves to it, and the plan and prepare
 * stages make a new `ctx.attempt` from the client's original body (so a group may mix formats:
 * each try gets its own converters), which this stage sends. Each member is tried at most once,
 * each try gets a log line and a request-log `attempts` entry; when none is left, the last
 * try's outcome is the answer (its error, or the upstream's own error answer relayed).
 *
 * @module
 */
import { answer } from "../answer.ts";
import { retryAfterMs } from "../cooldowns.ts";
import { GatewayError } from "../errors.ts";
import { type AttemptEnd, isFailoverStatus } from "../failover.ts";
import type { RequestContext } from "../request_context.ts";
import { CLIENT_CLOSED } from "../request_draft.ts";
import { plan } from "./plan.ts";
import { prepare } from "./prepare.ts";

/**
 * Sets `ctx.attempt.upstream`, trying failover members as needed; throws
 * `GatewayError("upstream_timeout" | "upstream_unreachable")` when the last try got no answer.
 */
export async function send(ctx: RequestContext): Promise<void> {
  const failover = ctx.failover;
  if (failover === undefined) {
    const failure = await sendOnce(ctx);
    if (failure) throw failure;
    return;
  }
  const { services } = ctx;
  for (;;) {
    const started = services.now();
    const failure = await sendOnce(ctx);
    if (ctx.response) return; // The client left: answered 499.
    const now = services.now();
    const end = endOf(ctx, failure, now);
    const next = failover.settle(end, now - started, now);
    if (next === undefined) {
      if (failure) throw failure;
      return;
    }
    services.log.warn("Failing over to the next member", {
      request_id: ctx.draft.id,
      downstream: ctx.attempt.downstream.id,
      outcome: end.kind === "status" ? end.status : end.kind,
      next: next.downstream.id,
    });
    if (!failure) discardAnswer(ctx);
    ctx.target = next;
    plan(ctx);
    await prepare(ctx);
    if (ctx.response) return; // A plugin answered for this member.
  }
}

/** How the try ended, for the failover run. */
function endOf(
  ctx: RequestContext,
  failure: GatewayError | undefined,
  now: number,
): AttemptEnd {
  if (failure) {
    return {
      kind: failure.kind === "upstream_timeout" ? "timeout" : "unreachable",
    };
  }
  const { status, headers } = ctx.attempt.upstream;
  return isFailoverStatus(status)
    ? { kind: "status", status, retryAfterMs: retryAfterMs(headers, now) }
    : { kind: "answered", status };
}

/** Cancels the failed answer's body: nobody reads it, and its connection is not kept waiting. */
function discardAnswer(ctx: RequestContext): void {
  const body = ctx.attempt.upstream.body;
  if (!(body instanceof ReadableStream)) return;
  body.cancel().catch((err: unknown) =>
    ctx.services.log.debug("Cannot cancel a failed upstream answer", {
      request_id: ctx.draft.id,
      error: String(err),
    })
  );
}

/**
 * One try: sets `ctx.attempt.upstream` when the head arrives; returns the error when none came,
 * or answers 499 (and returns nothing) when the client left.
 */
async function sendOnce(
  ctx: RequestContext,
): Promise<GatewayError | undefined> {
  const { attempt, req, services } = ctx;
  const { downstream } = attempt;
  const timeoutMs = ctx.routing.snapshot.settings.upstreamConnectTimeoutMs;
  attempt.follow(req.signal);
  const lease = services.pool.lease(downstream);
  attempt.hold(lease);
  let timedOut = false;
  const cancelTimeout = services.deadlines.set(timeoutMs, () => {
    timedOut = true;
    attempt.abort.abort();
  });
  try {
    attempt.upstream = await lease.client.send(
      attempt.request,
      attempt.abort.signal,
    );
    ctx.timings.upstreamHead = services.now();
    return undefined;
  } catch (err) {
    const fields = { request_id: ctx.draft.id, downstream: downstream.id };
    if (timedOut) {
      services.log.warn("Upstream timed out before answering", fields);
      return new GatewayError(
        "upstream_timeout",
        `Downstream "${downstream.id}" did not answer within ${timeoutMs} ms`,
        { cause: err },
      );
    }
    if (req.signal.aborted) {
      answer(ctx, new Response(null, { status: 499 }), CLIENT_CLOSED);
      return undefined;
    }
    services.log.warn("Cannot reach downstream", {
      ...fields,
      error: String(err),
    });
    return new GatewayError(
      "upstream_unreachable",
      `Cannot reach downstream "${downstream.id}"`,
      { cause: err },
    );
  } finally {
    cancelTimeout();
  }
}
