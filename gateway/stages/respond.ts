/**
 * Stage: the client's response from the upstream's answer. A body is read whole first when the
 * answer is an error status, when a response transform (a converter) must read it, or when it is
 * small (`whole_answers.ts`); anything else streams (`respond_stream.ts`). Upstream faults become
 * clean answers in the client's format: before the first byte a status (502 for a broken, cut or
 * unreadable body, 504 for silence, the upstream's own status with a JSON error body when it
 * sent an error page); after it, the end of the stream (see `tapBody`).
 *
 * @module
 */
import { GatewayError, renderError, toGatewayError } from "../errors.ts";
import { headerValue } from "../forward.ts";
import type { RequestContext } from "../request_context.ts";
import { CLIENT_CLOSED } from "../request_draft.ts";
import type { UpstreamResponse } from "../upstream_client.ts";
import { IdleReader } from "../upstream_body.ts";
import {
  type Answered,
  answerError,
  answerTransformed,
  answerWhole,
} from "../whole_answers.ts";
import { record } from "./record.ts";
import { respondStream } from "./respond_stream.ts";

const SSE_CONTENT_TYPE_REGEXP = /^text\/event-stream\b/i;
/** Non-event-stream bodies up to this size (by Content-Length) are read whole, then sent. */
const SMALL_BODY_BYTES = 1024 * 1024;
/** An upstream error body is read up to this size; past it, it is cut (it is only quoted). */
const ERROR_BODY_MAX_BYTES = 1024 * 1024;
/** A body a converter must hold whole: larger is refused, so an upstream cannot exhaust memory. */
const TRANSFORMED_BODY_MAX_BYTES = 64 * 1024 * 1024;
const EMPTY = new Uint8Array(0);

/** Sets `ctx.response` from `ctx.attempt.upstream`; records it now, or when its stream ends. */
export async function respond(ctx: RequestContext): Promise<void> {
  const upstream = ctx.attempt.upstream;
  ctx.watcher?.upstream(upstream);
  const sse = upstream.status >= 200 && upstream.status < 300 &&
    SSE_CONTENT_TYPE_REGEXP.test(
      headerValue(upstream.headers, "content-type") ?? "",
    );
  ctx.draft.streamed = sse;
  // A body the client already holds in full needs no reader (and no idle timer).
  const whole = !sse && upstream.body instanceof Uint8Array
    ? upstream.body
    : undefined;
  const reader = whole === undefined ? readerOf(ctx, upstream) : undefined;
  try {
    const answered = await readWhole(ctx, { whole, reader, sse });
    if (answered === undefined) {
      ctx.response = await respondStream(ctx, { reader, sse });
      return;
    }
    const { response, usage, failure } = answered;
    response.headers.set("x-tresor-request-id", ctx.draft.id);
    const ttfb = ctx.services.now();
    ctx.watcher?.returned(response, true);
    record(ctx, { status: response.status, ttfb, usage, failure });
    ctx.response = response;
  } catch (err) {
    ctx.response = await answerBroken(ctx, err, reader);
  }
}

/** The upstream body's reader under the idle timeout; `undefined` when there is no body. */
function readerOf(
  ctx: RequestContext,
  upstream: UpstreamResponse,
): IdleReader | undefined {
  const body = upstream.body;
  if (body === null) return undefined;
  const bytes = body instanceof Uint8Array;
  return new IdleReader(bytes ? streamOf(body) : body, {
    idleMs: ctx.routing.snapshot.settings.upstreamIdleTimeoutMs,
    onTimeout: (err) => ctx.attempt.abort.abort(err),
    byob: !(bytes || upstream.freshChunks),
  });
}

/** A body that arrived whole, as a stream of one chunk (an event stream is streamed anyway). */
function streamOf(bytes: Uint8Array): ReadableStream<Uint8Array> {
  return new ReadableStream({
    start(controller) {
      controller.enqueue(bytes);
      controller.close();
    },
  });
}

/** The answer when the body is read whole before anything goes out; `undefined` to stream. */
async function readWhole(
  ctx: RequestContext,
  body: {
    whole: Uint8Array<ArrayBuffer> | undefined;
    reader: IdleReader | undefined;
    sse: boolean;
  },
): Promise<Answered | undefined> {
  const { whole, reader } = body;
  const upstream = ctx.attempt.upstream;
  if (upstream.status >= 400) {
    const read = whole !== undefined || !reader
      ? { bytes: whole ?? EMPTY, truncated: false }
      : await reader.readUpTo(ERROR_BODY_MAX_BYTES);
    ctx.watcher?.body("upstream", read.bytes);
    return await answerError(ctx, read);
  }
  if (body.sse) return undefined;
  if (ctx.attempt.pipeline.hasResponseTransform) {
    const raw = whole ?? (reader ? await readBounded(reader) : EMPTY);
    ctx.watcher?.body("upstream", raw);
    return await answerTransformed(ctx, raw);
  }
  // A small JSON body is read whole and sent as bytes: Deno answers a byte body without the
  // per-chunk stream machinery, and the body is complete before the status goes out.
  const declared = Number(headerValue(upstream.headers, "content-length"));
  const raw = whole ??
    (reader && declared <= SMALL_BODY_BYTES
      ? await reader.readAll()
      : undefined);
  if (raw === undefined) return undefined;
  ctx.watcher?.body("upstream", raw);
  return answerWhole(raw, upstream, ctx.attempt.planned.plan.formatOut);
}

/** Reads the whole body, refusing one past the bound (502: the upstream sent too much). */
async function readBounded(
  reader: IdleReader,
): Promise<Uint8Array<ArrayBuffer>> {
  const { bytes, truncated } = await reader.readUpTo(
    TRANSFORMED_BODY_MAX_BYTES,
  );
  if (truncated) {
    throw new GatewayError(
      "upstream_bad_response",
      `Upstream response is larger than ${TRANSFORMED_BODY_MAX_BYTES} bytes`,
    );
  }
  return bytes;
}

/**
 * The answer when the upstream's body failed before anything went out (cut off, silent,
 * unreadable, refused by a converter), or 499 when the client has gone.
 */
async function answerBroken(
  ctx: RequestContext,
  err: unknown,
  reader: IdleReader | undefined,
): Promise<Response> {
  const { log, now } = ctx.services;
  const requestId = ctx.draft.id;
  await reader?.cancel().catch((cancelErr: unknown) =>
    log.debug("Cannot cancel upstream body", {
      request_id: requestId,
      error: String(cancelErr),
    })
  );
  if (ctx.req.signal.aborted) {
    const gone = new Response(null, { status: 499 });
    ctx.watcher?.returned(gone, true);
    record(ctx, { status: 499, ttfb: null, failure: CLIENT_CLOSED });
    return gone;
  }
  const gatewayErr = toGatewayError(err);
  const response = renderError(ctx.format, gatewayErr, {
    "x-tresor-request-id": requestId,
  });
  ctx.watcher?.returned(response, true);
  if (gatewayErr instanceof GatewayError && gatewayErr.kind === "internal") {
    log.error("Request failed", {
      request_id: requestId,
      error: String(err instanceof Error ? err.stack : err),
    });
  } else if (gatewayErr instanceof GatewayError) {
    log.warn(
      gatewayErr.kind === "upstream_timeout"
        ? "Upstream went idle"
        : "Upstream response unusable",
      { request_id: requestId, error: gatewayErr.message },
    );
  }
  record(ctx, {
    status: response.status,
    ttfb: now(),
    failure: {
      error: gatewayErr.message,
      errorKind: gatewayErr instanceof GatewayError
        ? gatewayErr.kind
        : "upstream_error",
    },
  });
  return response;
}
