/**
 * The client's response to an upstream answer: read whole and transformed (non-streaming with
 * a response transform), passed as bytes (small bodies), or streamed — the SSE transformer in
 * between when a plugin rewrites events — with the usage tap, the idle timeout, the client
 * format's terminal error event on failure, and the request-log entry when it ends.
 *
 * @module
 */
import type { ApiFormat } from "../plugins/mod.ts";
import type { Logger } from "./log.ts";
import { GatewayError, renderError, toGatewayError } from "./errors.ts";
import {
  cleanResponse,
  errorEventBytes,
  isRecord,
  parseResponseBody,
  tapBody,
  toClientResponse,
} from "./client_response.ts";
import type { RequestDraft as Draft, RequestOutcome } from "./request_draft.ts";
import {
  type BoundPipeline,
  createSseTransformer,
  flushPipeline,
  runResponsePipeline,
} from "./pipeline.ts";
import { appendResponseHeaders } from "./forward.ts";
import { headerListOf, wholeBodyOf } from "./http_clients.ts";
import { IdleReader } from "./upstream_body.ts";
import { readUsage, type Usage, UsageTap } from "./usage.ts";

const SSE_CONTENT_TYPE_REGEXP = /^text\/event-stream\b/i;
/** Non-event-stream bodies up to this size (by Content-Length) are read whole, then sent. */
const SMALL_BODY_BYTES = 1024 * 1024;

/** What {@link respondFromUpstream} needs of the request it answers. */
export interface RespondContext {
  readonly draft: Draft;
  readonly pipeline: BoundPipeline;
  readonly clientFormat: ApiFormat;
  /** The upstream idle timeout (`upstream_idle_timeout_ms`). */
  readonly idleMs: number;
  readonly log: Logger;
  /** Milliseconds since the epoch. */
  readonly now: () => number;
  /** Aborts the upstream call (idle timeout, client gone). */
  readonly abortUpstream: (reason?: unknown) => void;
  /** Called once when the response has ended, before it is logged. */
  readonly done: () => void;
  /** Adds the request-log entry. */
  readonly record: (draft: Draft, outcome: RequestOutcome) => void;
}

/**
 * Builds the client's response from `upstream`; the log entry is recorded once, when the
 * response ends (at once for whole bodies, when the stream finishes or fails otherwise).
 */
export async function respondFromUpstream(
  upstream: Response,
  ctx: RespondContext,
): Promise<Response> {
  const { draft, pipeline, clientFormat, log, now } = ctx;
  const sse = upstream.ok &&
    SSE_CONTENT_TYPE_REGEXP.test(upstream.headers.get("content-type") ?? "");
  draft.streamed = sse;
  let finished = false;
  const finish = (
    outcome: {
      status: number;
      ttfb: number | null;
      usage?: Usage;
      error?: string;
    },
  ) => {
    if (finished) return;
    finished = true;
    ctx.done();
    ctx.record(draft, outcome);
  };
  // A body the client already holds in full needs no reader (and no idle timer).
  const whole = sse ? undefined : wholeBodyOf(upstream);
  const reader = whole === undefined && upstream.body
    ? new IdleReader(upstream.body, {
      idleMs: ctx.idleMs,
      onTimeout: (err) => ctx.abortUpstream(err),
    })
    : undefined;

  try {
    if (!sse && pipeline.hasResponseTransform) {
      const raw = whole ??
        (reader ? await reader.readAll() : new Uint8Array(0));
      const original = parseResponseBody(raw);
      const transformed = await runResponsePipeline(pipeline, {
        status: upstream.status,
        headers: upstream.headers,
        body: original,
      });
      const response = transformed.body === original &&
          transformed.status === upstream.status
        ? cleanResponse(raw, upstream)
        : toClientResponse(transformed);
      response.headers.set("x-tresor-request-id", draft.id);
      const usage: Usage = {};
      if (isRecord(transformed.body)) readUsage(transformed.body, usage);
      finish({ status: response.status, ttfb: now(), usage });
      return response;
    }
    // A small JSON body is read whole and sent as bytes: Deno answers a byte body without the
    // per-chunk stream machinery, and the body is complete before the status goes out.
    const declared = Number(upstream.headers.get("content-length") ?? NaN);
    if (
      whole !== undefined ||
      (!sse && reader && declared <= SMALL_BODY_BYTES)
    ) {
      const raw = whole ?? await reader!.readAll();
      const response = cleanResponse(raw, upstream);
      response.headers.set("x-tresor-request-id", draft.id);
      const tap = new UsageTap({ sse: false });
      tap.observe(raw);
      finish({ status: upstream.status, ttfb: now(), usage: tap.usage() });
      return response;
    }
    // Wait for the first byte, so a silent upstream is still a clean 504 in the client's shape.
    const first = reader ? await reader.read() : undefined;
    const ttfb = now();
    const headers = new Headers();
    appendResponseHeaders(
      headers,
      headerListOf(upstream) ?? upstream.headers,
    );
    headers.set("x-tresor-request-id", draft.id);
    if (!reader) {
      finish({ status: upstream.status, ttfb });
      return new Response(null, { status: upstream.status, headers });
    }
    const transformer = sse && pipeline.hasStreamTransform
      ? createSseTransformer(pipeline)
      : undefined;
    if (transformer) {
      headers.set("content-type", "text/event-stream; charset=utf-8");
    }
    // One pull-driven body: upstream chunk → (transform) → usage tap → client, no stream chain.
    let pending = first;
    let ended = false;
    const next = async (): Promise<Uint8Array | undefined> => {
      for (;;) {
        if (ended) return undefined;
        const chunk = pending ?? await reader.read();
        pending = undefined;
        if (!transformer) return chunk;
        if (!chunk) {
          ended = true;
          return transformer.end();
        }
        const out = transformer.push(chunk);
        if (out) return out;
      }
    };
    const body = tapBody(next, {
      sse,
      cancel: async (reason) => {
        ctx.abortUpstream(reason);
        // The abort above already tore the body down; cancelling it then may reject harmlessly.
        await reader.cancel(reason).catch((err: unknown) => err);
      },
      onEnd: (usage, error) =>
        finish({ status: upstream.status, ttfb, usage, error }),
      errorEvent: (err) => {
        if (transformer) {
          try {
            flushPipeline(pipeline);
          } catch (flushErr) {
            log.debug("Stream flush failed after an error", {
              request_id: draft.id,
              error: String(flushErr),
            });
          }
        }
        return errorEventBytes(clientFormat, err);
      },
      requestId: draft.id,
      log,
    });
    return new Response(body, { status: upstream.status, headers });
  } catch (err) {
    await reader?.cancel().catch((cancelErr: unknown) =>
      log.debug("Cannot cancel upstream body", {
        request_id: draft.id,
        error: String(cancelErr),
      })
    );
    const gatewayErr = toGatewayError(err);
    const response = renderError(clientFormat, gatewayErr, {
      "x-tresor-request-id": draft.id,
    });
    if (
      gatewayErr instanceof GatewayError &&
      gatewayErr.kind === "upstream_timeout"
    ) {
      log.warn("Upstream went idle", { request_id: draft.id });
    }
    finish({
      status: response.status,
      ttfb: now(),
      error: gatewayErr.message,
    });
    return response;
  }
}
