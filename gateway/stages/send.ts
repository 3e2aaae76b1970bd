/**
 * Stage: the attempt's request sent through the downstream's pooled upstream client, bounded by
 * `upstream_connect_timeout_ms` up to the response head. The client leaving aborts the call.
 * Before the head: a timeout is a 504, a failure to connect or a connection broken a 502 (both
 * in the client's format), the client gone a 499.
 *
 * Failover (issue 16) loops here. When the active member of an alias group fails before any
 * byte reached the client — a connect error, a timeout before the head, or a 429, 5xx or 529
 * answer — the group's other members with `failover: true` are tried in turn: for each, the
 * plan and prepare stages make a new `ctx.attempt` (releasing the previous one: its lease, its
 * abort link, an unread body to cancel) and this stage sends it; each attempt gets its own log
 * line. The client's body and the routing decision stay on the context, unchanged.
 *
 * @module
 */
import { answer } from "../answer.ts";
import { GatewayError } from "../errors.ts";
import type { RequestContext } from "../request_context.ts";
import { CLIENT_CLOSED } from "../request_draft.ts";

/** Sets `ctx.attempt.upstream`; throws `GatewayError("upstream_timeout" | "upstream_unreachable")`. */
export async function send(ctx: RequestContext): Promise<void> {
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
  } catch (err) {
    const fields = { request_id: ctx.draft.id, downstream: downstream.id };
    if (timedOut) {
      services.log.warn("Upstream timed out before answering", fields);
      throw new GatewayError(
        "upstream_timeout",
        `Downstream "${downstream.id}" did not answer within ${timeoutMs} ms`,
        { cause: err },
      );
    }
    if (req.signal.aborted) {
      answer(ctx, new Response(null, { status: 499 }), CLIENT_CLOSED);
      return;
    }
    services.log.warn("Cannot reach downstream", {
      ...fields,
      error: String(err),
    });
    throw new GatewayError(
      "upstream_unreachable",
      `Cannot reach downstream "${downstream.id}"`,
      { cause: err },
    );
  } finally {
    cancelTimeout();
  }
}
