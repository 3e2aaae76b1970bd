/**
 * The seam through which features watch requests without changing the request path: usage
 * records (issue 15: one row per request with tokens, cost and time to first byte, batched off
 * the hot path) and body capture (issue 17: a request's four messages, bounded, for the
 * inspector). `createGateway({ observer })` takes one observer (`combineObservers` makes one of
 * several).
 *
 * A request is watched only when the observer asks to: {@link RequestObserver.watch} is called
 * once as it starts and returns a {@link RequestWatcher}, or `undefined` — then every hook site
 * on its way costs one `undefined` check, and no closure, copy or call is made for it.
 *
 * Every hook runs on the request path and must return at once: queue the work, never await.
 *
 * @module
 */
import type { BoundPipeline } from "./pipeline.ts";
import type { RequestLogEntry } from "./request_log.ts";
import type { RequestTimings } from "./request_draft.ts";
import type { HeaderList, UpstreamRequest } from "./upstream_client.ts";
import type { Usage } from "./usage_fields.ts";

/**
 * The four bodies of a request: as the client sent it, as forwarded upstream, as the upstream
 * answered, as returned to the client.
 */
export type BodyKind = "received" | "forwarded" | "upstream" | "returned";

/** A finished request, as the record stage reports it. */
export interface RecordedRequest {
  /** The request-log entry, as added to the log. */
  readonly entry: RequestLogEntry;
  /** Token usage the response reported (absent counts stay absent). */
  readonly usage: Usage | undefined;
  readonly timings: Readonly<RequestTimings>;
}

/** A request as it starts, for {@link RequestObserver.watch}. */
export interface WatchedRequest {
  /** The client's request (its method, URL and headers; the body is the gateway's to read). */
  readonly request: Request;
  /** The request id (`x-tresor-request-id`). */
  readonly id: string;
  /** The id of the request this one replays, if it is a replay (an admin action). */
  readonly replayOf: string | null;
}

/** Sees one request's messages as they pass, in order; made by {@link RequestObserver.watch}. */
export interface RequestWatcher {
  /**
   * A body as it passes: a whole body in one call, a stream in its chunks, in order (`upstream`
   * chunks as they are read, `returned` chunks as they are sent). Whole bodies are the request's
   * own and stay unchanged; stream chunks are shared: copy what you keep past the call. (The
   * forwarded body is the forwarded request's `body`.)
   */
  body(kind: BodyKind, bytes: Uint8Array): void;
  /** The attempt's pipeline, bound to the request (with failover, once per attempt). */
  planned(pipeline: BoundPipeline): void;
  /** The attempt's upstream request (URL, headers, body), once prepared. */
  forwarded(request: UpstreamRequest): void;
  /** The head of the upstream answer the respond stage relays. */
  upstream(
    head: { readonly status: number; readonly headers: HeaderList },
  ): void;
  /**
   * The client's response, before it goes out (and before {@link recorded}): a whole body
   * (`whole`) is the watcher's to read from a clone, made no later than in `recorded` (the
   * response goes out after the record stage, in the same turn); a stream's chunks come
   * through {@link body} as `returned`.
   */
  returned(response: Response, whole: boolean): void;
  /**
   * The request was recorded (once, by the record stage). A stream's error event is sent right
   * after this, in the same turn, so a watcher waits a microtask before it looks at the bodies.
   */
  recorded(entry: RequestLogEntry): void;
}

/** Watches requests; each hook is optional. */
export interface RequestObserver {
  /** Called once per request by the record stage, after its log entry was added. */
  recorded?(request: RecordedRequest): void;
  /** Called once as a request starts: a watcher for its messages, or `undefined` for none. */
  watch?(request: WatchedRequest): RequestWatcher | undefined;
}
