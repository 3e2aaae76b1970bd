/**
 * What the gateway learns about a request as it goes (the request-log fields known so far), and
 * the log entry made from it when the response ends.
 *
 * @module
 */
import type { ApiFormat } from "../plugins/mod.ts";
import type { LogAttemptJson } from "../store/mod.ts";
import type { ErrorKind } from "./errors.ts";
import type { RequestLogEntry } from "./request_log.ts";
import type { Usage } from "./usage_fields.ts";

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
  /** The accepted client key's name (the authenticate stage); null when the gateway is open. */
  key_name: string | null;
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

/**
 * Why a request failed: a gateway error kind, `upstream_error` (the upstream answered with an
 * error status, an error object or an error event), or `client_closed`.
 */
export type FailureKind = ErrorKind | "upstream_error" | "client_closed";

/** What went wrong, for the log entry and the usage row. */
export interface Failure {
  readonly error: string;
  readonly errorKind: FailureKind;
}

/** The client went away before the answer was complete. */
export const CLIENT_CLOSED: Failure = Object.freeze({
  error: "Client closed request",
  errorKind: "client_closed",
});

/** How a request ended. */
export interface RequestOutcome {
  readonly status: number;
  /** When the first response byte went to the client (epoch ms), if it did. */
  readonly ttfb: number | null;
  readonly usage?: Usage;
  readonly failure?: Failure;
}

/** What the record stage adds to a finished request's log entry. */
export interface EntryExtras {
  /** USD at the prices of the moment; absent when unpriced or nothing was used. */
  readonly costUsd?: number;
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
    key_name: null,
    attempts: undefined,
    replay_of: null,
  };
}

function levelOf(status: number): RequestLogEntry["level"] {
  return status >= 500 ? "error" : status >= 400 ? "warn" : "info";
}

type MutableEntry = {
  -readonly [K in keyof RequestLogEntry]: RequestLogEntry[K];
};

/** The log entry of a finished request (`end` in epoch ms); absent counts stay absent. */
export function toRequestLogEntry(
  draft: RequestDraft,
  outcome: RequestOutcome,
  end: number,
  extras: EntryExtras = {},
): RequestLogEntry {
  const { usage, failure } = outcome;
  const entry: MutableEntry = {
    id: draft.id,
    time: draft.time,
    // A failure after a 2xx head (a broken stream) is still an error.
    level: failure && outcome.status < 400 ? "error" : levelOf(outcome.status),
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
  };
  if (draft.key_name !== null) entry.key_name = draft.key_name;
  if (failure !== undefined) {
    entry.error = failure.error;
    entry.error_kind = failure.errorKind;
  }
  if (usage !== undefined) {
    if (usage.input_tokens !== undefined) {
      entry.input_tokens = usage.input_tokens;
    }
    if (usage.output_tokens !== undefined) {
      entry.output_tokens = usage.output_tokens;
    }
    if (usage.cache_read_tokens !== undefined) {
      entry.cache_read_tokens = usage.cache_read_tokens;
    }
    if (usage.cache_write_tokens !== undefined) {
      entry.cache_write_tokens = usage.cache_write_tokens;
    }
    if (usage.cache_write_1h_tokens !== undefined) {
      entry.cache_write_1h_tokens = usage.cache_write_1h_tokens;
    }
    if (usage.reasoning_tokens !== undefined) {
      entry.reasoning_tokens = usage.reasoning_tokens;
    }
    if (usage.estimated === true) entry.usage_estimated = true;
  }
  if (extras.costUsd !== undefined) entry.cost_usd = extras.costUsd;
  if (draft.attempts !== undefined) entry.attempts = draft.attempts;
  if (draft.replay_of !== null) entry.replay_of = draft.replay_of;
  return entry;
}
