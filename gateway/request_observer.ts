/**
 * The seam through which features watch requests without changing the request path: usage
 * records (issue 15: one row per request with tokens, cost and time to first byte, batched off
 * the hot path) and body capture (issue 17: the four bodies of a request, bounded). Neither is
 * built here; `createGateway({ observer })` takes one, and without it the request path pays one
 * `undefined` check per hook.
 *
 * Every hook runs on the request path and must return at once: queue the work, never await.
 *
 * @module
 */
import type { RequestLogEntry } from "./request_log.ts";
import type { RequestTimings } from "./request_draft.ts";
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

/** Watches requests; each hook is optional. */
export interface RequestObserver {
  /** Called once per request by the record stage, after its log entry was added. */
  recorded?(request: RecordedRequest): void;
  /**
   * Called with each body as it passes (issue 17): a whole body in one call, a stream in its
   * chunks, in order. Upstream and returned bytes of a stream arrive as they are read and sent;
   * the observer bounds what it keeps. The chunks are shared: copy what you keep past the call.
   */
  body?(requestId: string, kind: BodyKind, bytes: Uint8Array): void;
}
