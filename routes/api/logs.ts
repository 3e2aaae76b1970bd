/**
 * `/api/logs` (newest first, filtered) and `/api/logs/stream` (SSE: the recent entries, then live
 * ones, with a heartbeat comment; the subscription ends when the client goes away).
 *
 * @module
 */
import {
  matchesQuery,
  type RequestLogEntry,
  type RequestLogQuery,
} from "../../gateway/mod.ts";
import { encodeSseEvent } from "../../plugins/mod.ts";
import { toLogEntryJson } from "../_json.ts";
import { json } from "./_http.ts";
import { ValidationError } from "../../store/mod.ts";
import { type ApiState, type Route, route } from "./_router.ts";

/** Interval of the SSE heartbeat comment, which keeps proxies and idle timers from closing the stream. */
export const HEARTBEAT_MS = 15_000;

/** Entries sent when a stream opens, unless `limit` says otherwise. */
const INITIAL_BATCH = 100;

/** Events a slow reader may fall behind by before live entries are dropped for it. */
const MAX_BACKLOG = 1000;

const LEVELS = ["info", "warn", "error"] as const;

/** Reads `level`, `q` and `limit` from the query string; throws `ValidationError`. */
export function parseLogQuery(params: URLSearchParams): RequestLogQuery {
  const query: {
    level?: "info" | "warn" | "error";
    q?: string;
    limit?: number;
  } = {};
  const level = params.get("level");
  // `debug` is the lowest diagnostics level; for request entries it means "everything".
  if (level && level !== "debug") {
    const found = LEVELS.find((l) => l === level);
    if (!found) {
      throw new ValidationError(
        "level",
        "must be one of debug, info, warn, error",
      );
    }
    query.level = found;
  }
  const q = params.get("q");
  if (q) query.q = q;
  const limit = params.get("limit");
  if (limit !== null && limit !== "") {
    const n = Number(limit);
    if (!Number.isInteger(n) || n < 1) {
      throw new ValidationError("limit", "must be a positive integer");
    }
    query.limit = n;
  }
  return query;
}

/** The log routes. */
export function logRoutes(state: ApiState): Route[] {
  const { deps } = state;
  const { requestLog } = deps;
  return [
    route("/api/logs", {
      GET: (_req, { url }) =>
        Promise.resolve(
          json(
            requestLog.list(parseLogQuery(url.searchParams)).map(
              toLogEntryJson,
            ),
          ),
        ),
    }),
    route("/api/logs/stream", {
      GET: (_req, { url }) => {
        const query = parseLogQuery(url.searchParams);
        const initial = requestLog.list({
          ...query,
          limit: query.limit ?? INITIAL_BATCH,
        }).reverse();
        return Promise.resolve(
          new Response(streamEntries(state, query, initial), {
            headers: {
              "content-type": "text/event-stream; charset=utf-8",
              "cache-control": "no-store",
              "x-accel-buffering": "no",
            },
          }),
        );
      },
    }),
  ];
}

/**
 * The SSE body. A client that goes away cancels it (Deno cancels the response body), which
 * unsubscribes and stops the heartbeat; `request.signal` is not used because Deno also aborts
 * it when a response completes.
 */
function streamEntries(
  { deps, closers }: ApiState,
  query: RequestLogQuery,
  initial: readonly RequestLogEntry[],
): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  let stop = () => {};
  return new ReadableStream<Uint8Array>({
    start(controller) {
      const send = (entry: RequestLogEntry) =>
        controller.enqueue(
          encoder.encode(
            encodeSseEvent({
              id: entry.id,
              data: JSON.stringify(toLogEntryJson(entry)),
            }),
          ),
        );
      for (const entry of initial) send(entry);
      const unsubscribe = deps.requestLog.subscribe((entry) => {
        if (!matchesQuery(entry, query)) return;
        if ((controller.desiredSize ?? 0) < -MAX_BACKLOG) return;
        send(entry);
      });
      const heartbeat = setInterval(
        () => controller.enqueue(encoder.encode(": heartbeat\n\n")),
        HEARTBEAT_MS,
      );
      stop = () => {
        unsubscribe();
        clearInterval(heartbeat);
        closers.delete(close);
      };
      const close = () => {
        stop();
        controller.close();
      };
      closers.add(close);
    },
    cancel() {
      stop();
    },
  });
}
