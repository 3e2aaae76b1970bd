/**
 * What the gateway learns about a request as it goes (the request-log fields known so far), and
 * the log entry made from it when the response ends.
 *
 * @module
 */
import type { ApiFormat } from "../plugins/mod.ts";
import type { LogAttemptJson } from "../store/mod.ts";
import type { RequestLogEntry } from "./request_log.ts";
import type { Usage } from "./usage.ts";

/** The request-log fields known so far; filled in along the request path. */
export interface RequestDraft {
  id: string;
  time: string;
  /** Milliseconds since the epoch. */
  start: number;
  method: string;
  path: string;
  format_in: ApiFormat | null;
  format_out: ApiFormat | null;
  model_requested: string | null;
  model_forwarded: string | null;
  alias: string | null;
  downstream: string | null;
  rules: string[];
  plugins: string[];
  streamed: boolean;
  /** The failover loop's tries (issue 16); `undefined` when the target has no failover members. */
  attempts: LogAttemptJson[] | undefined;
  /** The request this one replays (an admin action), if any. */
  replay_of: string | null;
}

/** When things happened (epoch milliseconds). */
export interface RequestTimings {
  /** The request arrived. */
  readonly start: number;
  /** The upstream's response head arrived (the send stage); `null` until then. */
  upstreamHead: number | null;
}

/** How a request ended. */
export interface RequestOutcome {
  readonly status: number;
  /** When the first response byte went to the client (epoch ms), if it did. */
  readonly ttfb: number | null;
  readonly usage?: Usage;
  readonly error?: string;
}

/** A draft for a request that starts now. */
export function createRequestDraft(
  method: string,
  path: string,
  start: number,
): RequestDraft {
  return {
    id: crypto.randomUUID(),
    time: new Date(start).toISOString(),
    start,
    method,
    path,
    format_in: null,
    format_out: null,
    model_requested: null,
    model_forwarded: null,
    alias: null,
    downstream: null,
    rules: [],
    plugins: [],
    streamed: false,
    attempts: undefined,
    replay_of: null,
  };
}

function levelOf(status: number): RequestLogEntry["level"] {
  return status >= 500 ? "error" : status >= 400 ? "warn" : "info";
}

/** The log entry of a finished request (`end` in epoch ms). */
export function toRequestLogEntry(
  draft: RequestDraft,
  outcome: RequestOutcome,
  end: number,
): RequestLogEntry {
  return {
    id: draft.id,
    time: draft.time,
    // A failure after a 2xx head (a broken stream) is still an error.
    level: outcome.error && outcome.status < 400
      ? "error"
      : levelOf(outcome.status),
    method: draft.method,
    path: draft.path,
    format_in: draft.format_in,
    format_out: draft.format_out,
    model_requested: draft.model_requested,
    model_forwarded: draft.model_forwarded,
    alias: draft.alias,
    downstream: draft.downstream,
    rules: draft.rules,
    plugins: draft.plugins,
    status: outcome.status,
    streamed: draft.streamed,
    ttfb_ms: outcome.ttfb === null ? null : outcome.ttfb - draft.start,
    total_ms: end - draft.start,
    ...(outcome.usage?.input_tokens !== undefined &&
      { input_tokens: outcome.usage.input_tokens }),
    ...(outcome.usage?.output_tokens !== undefined &&
      { output_tokens: outcome.usage.output_tokens }),
    ...(outcome.error !== undefined && { error: outcome.error }),
    ...(draft.attempts !== undefined && { attempts: draft.attempts }),
    ...(draft.replay_of !== null && { replay_of: draft.replay_of }),
  };
}
