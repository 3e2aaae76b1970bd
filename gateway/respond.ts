/**
 * The client's response to an upstream answer: read whole and transformed (non-streaming with
 * a response transform), passed as bytes (small bodies), or streamed — the SSE transformer in
 * between when a plugin rewrites events — with the usage tap, the idle timeout, the client
 * format's terminal error event on failure, and the request-log entry when it ends.
 *
 * Upstream faults become clean answers in the client's format: before the first byte a status
 * (502 for a broken, cut or unreadable body, 504 for silence, the upstream's own status with a
 * JSON error body when it sent an error page); after it, the end of the stream (see
 * {@link tapBody}).
 *
 * @module
 */
import type { ApiFormat, PluginResponse } from "../plugins/mod.ts";
import type { Logger } from "./log.ts";
import {
  GatewayError,
  renderError,
  textExcerpt,
  toGatewayError,
  UpstreamError,
} from "./errors.ts";
import {
  cleanResponse,
  errorEventBytes,
  isRecord,
  parseJsonBody,
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
import { freshChunksOf, headerListOf, wholeBodyOf } from "./http_clients.ts";
import { type BoundedRead, IdleReader } from "./upstream_body.ts";
import { readUsage, type Usage } from "./usage.ts";

const SSE_CONTENT_TYPE_REGEXP = /^text\/event-stream\b/i;
const JSON_CONTENT_TYPE_REGEXP = /[/+]json\b/i;
/** Non-event-stream bodies up to this size (by Content-Length) are read whole, then sent. */
const SMALL_BODY_BYTES = 1024 * 1024;
/** An upstream error body is read up to this size; past it, it is cut (it is only quoted). */
const ERROR_BODY_MAX_BYTES = 1024 * 1024;
/** A body a converter must hold whole: larger is refused, so an upstream cannot exhaust memory. */
const TRANSFORMED_BODY_MAX_BYTES = 64 * 1024 * 1024;
const EMPTY = new Uint8Array(0);

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
  /** Whether the client has gone away. */
  readonly clientGone: () => boolean;
  /** Called once when the response has ended, before it is logged. */
  readonly done: () => void;
  /** Adds the request-log entry. */
  readonly record: (draft: Draft, outcome: RequestOutcome) => void;
}

/** A response made before the first byte went out, and what to log about it. */
interface Answered {
  readonly response: Response;
  readonly usage?: Usage;
  readonly error?: string;
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
  // The closures below that outlive this call (a stream's) use `status`, not `upstream`: a
  // long stream would otherwise keep the whole upstream Response, its headers twice over.
  const status = upstream.status;
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
      byob: !freshChunksOf(upstream),
    })
    : undefined;
  const answered = (result: Answered) => {
    result.response.headers.set("x-tresor-request-id", draft.id);
    finish({
      status: result.response.status,
      ttfb: now(),
      usage: result.usage,
      error: result.error,
    });
    return result.response;
  };

  try {
    if (status >= 400) {
      const read = whole ??
        (reader ? await reader.readUpTo(ERROR_BODY_MAX_BYTES) : EMPTY);
      return answered(await answerError(read, upstream, ctx));
    }
    if (!sse && pipeline.hasResponseTransform) {
      const raw = whole ??
        (reader
          ? await readBounded(reader, TRANSFORMED_BODY_MAX_BYTES)
          : EMPTY);
      return answered(await answerTransformed(raw, upstream, ctx));
    }
    // A small JSON body is read whole and sent as bytes: Deno answers a byte body without the
    // per-chunk stream machinery, and the body is complete before the status goes out.
    const declared = Number(upstream.headers.get("content-length") ?? NaN);
    if (
      whole !== undefined ||
      (!sse && reader && declared <= SMALL_BODY_BYTES)
    ) {
      const raw = whole ?? await reader!.readAll();
      return answered(answerWhole(raw, upstream));
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
      finish({ status, ttfb });
      return new Response(null, { status, headers });
    }
    const transformer = sse && pipeline.hasStreamTransform
      ? createSseTransformer(pipeline)
      : undefined;
    if (transformer) {
      headers.set("content-type", "text/event-stream; charset=utf-8");
    }
    // One pull-driven body: upstream chunk → (transform) → usage tap → client, no stream chain.
    // Nothing is read from the upstream until the client has taken the previous chunk, so a
    // client that stops reading stops the upstream socket too (back-pressure).
    let pending = first;
    let ended = false;
    const next = transformer
      ? async (): Promise<Uint8Array | undefined> => {
        for (;;) {
          if (ended) return undefined;
          const chunk = pending ?? await reader.read();
          pending = undefined;
          if (!chunk) {
            ended = true;
            return transformer.end();
          }
          const out = transformer.push(chunk);
          if (out) return out;
        }
      }
      // Passthrough: the reader's own promise, no frame of ours waiting on it per chunk.
      : (): Promise<Uint8Array | undefined> => {
        if (pending === undefined) return reader.read();
        const chunk = pending;
        pending = undefined;
        return Promise.resolve(chunk);
      };
    const body = tapBody(next, {
      sse,
      cancel: async (reason) => {
        ctx.abortUpstream(reason);
        // The abort above already tore the body down; cancelling it then may reject harmlessly.
        await reader.cancel(reason).catch((err: unknown) => err);
      },
      onEnd: (usage, error) => finish({ status, ttfb, usage, error }),
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
    return new Response(body, { status, headers });
  } catch (err) {
    await reader?.cancel().catch((cancelErr: unknown) =>
      log.debug("Cannot cancel upstream body", {
        request_id: draft.id,
        error: String(cancelErr),
      })
    );
    if (ctx.clientGone()) {
      finish({ status: 499, ttfb: null, error: "Client closed request" });
      return new Response(null, { status: 499 });
    }
    const gatewayErr = toGatewayError(err);
    const response = renderError(clientFormat, gatewayErr, {
      "x-tresor-request-id": draft.id,
    });
    if (gatewayErr instanceof GatewayError) {
      if (gatewayErr.kind === "internal") {
        log.error("Request failed", {
          request_id: draft.id,
          error: String(err instanceof Error ? err.stack : err),
        });
      } else {
        log.warn(
          gatewayErr.kind === "upstream_timeout"
            ? "Upstream went idle"
            : "Upstream response unusable",
          { request_id: draft.id, error: gatewayErr.message },
        );
      }
    }
    finish({
      status: response.status,
      ttfb: now(),
      error: gatewayErr.message,
    });
    return response;
  }
}

/** Reads the whole body, refusing one past `limit` (502: the upstream sent too much). */
async function readBounded(
  reader: IdleReader,
  limit: number,
): Promise<Uint8Array<ArrayBuffer>> {
  const { bytes, truncated } = await reader.readUpTo(limit);
  if (truncated) {
    throw new GatewayError(
      "upstream_bad_response",
      `Upstream response is larger than ${limit} bytes`,
    );
  }
  return bytes;
}

/**
 * An upstream error status: JSON bodies go to the response transforms (a converter translates
 * them) or pass as bytes; a text or HTML body becomes the client format's JSON error with the
 * upstream's status.
 */
async function answerError(
  read: Uint8Array<ArrayBuffer> | BoundedRead,
  upstream: Response,
  ctx: RespondContext,
): Promise<Answered> {
  const raw = read instanceof Uint8Array ? read : read.bytes;
  const truncated = !(read instanceof Uint8Array) && read.truncated;
  const parsed = truncated ? undefined : parseJsonBody(raw);
  const json = isRecord(parsed);
  const error = `Upstream returned status ${upstream.status}`;
  if (ctx.pipeline.hasResponseTransform) {
    // A converter quotes a text body in its error message: an excerpt, not a whole HTML page.
    const body = json ? parsed : textExcerpt(new TextDecoder().decode(raw));
    const transformed = await transformUpstream(ctx.pipeline, {
      status: upstream.status,
      headers: upstream.headers,
      body,
    });
    if (transformed.body !== body || transformed.status !== upstream.status) {
      return { response: finalResponse(transformed, ctx.clientFormat), error };
    }
  }
  if (json) return { response: cleanResponse(raw, upstream), error };
  const response = renderError(
    ctx.clientFormat,
    new UpstreamError(upstream.status, new TextDecoder().decode(raw)),
  );
  appendResponseHeaders(response.headers, errorHeadersOf(upstream));
  return { response, error };
}

/**
 * A 2xx body a response transform (a converter) must read: it must be JSON; an error object in
 * it (some upstreams answer 200 with one) is handed on as a 502, so the converter renders it
 * as the client format's error.
 */
async function answerTransformed(
  raw: Uint8Array<ArrayBuffer>,
  upstream: Response,
  ctx: RespondContext,
): Promise<Answered> {
  const parsed = parseJsonBody(raw);
  if (!isRecord(parsed)) {
    throw new GatewayError(
      "upstream_bad_response",
      "Upstream sent a body that is not a JSON object",
    );
  }
  const errorObject = isErrorObject(parsed);
  if (errorObject) {
    ctx.log.warn("Upstream answered 2xx with an error object", {
      request_id: ctx.draft.id,
      status: upstream.status,
    });
  }
  const status = errorObject ? 502 : upstream.status;
  const transformed = await transformUpstream(ctx.pipeline, {
    status,
    headers: upstream.headers,
    body: parsed,
  });
  const response = transformed.body === parsed &&
      transformed.status === upstream.status
    ? cleanResponse(raw, upstream)
    : finalResponse(transformed, ctx.clientFormat);
  const usage: Usage = {};
  if (isRecord(transformed.body)) readUsage(transformed.body, usage);
  return {
    response,
    usage,
    ...(errorObject && { error: "Upstream answered with an error object" }),
  };
}

/** A small passthrough body, checked when it says it is JSON (a cut-short one is a 502). */
function answerWhole(
  raw: Uint8Array<ArrayBuffer>,
  upstream: Response,
): Answered {
  const usage: Usage = {};
  if (
    raw.length > 0 &&
    JSON_CONTENT_TYPE_REGEXP.test(upstream.headers.get("content-type") ?? "")
  ) {
    const parsed = parseJsonBody(raw);
    if (parsed === undefined) {
      throw new GatewayError(
        "upstream_bad_response",
        "Upstream sent malformed JSON",
      );
    }
    readUsage(parsed, usage);
  }
  return { response: cleanResponse(raw, upstream), usage };
}

/** Whether a 2xx body is an error object: OpenAI's `{"error":{…}}` or Anthropic's `type: "error"`. */
function isErrorObject(body: Record<string, unknown>): boolean {
  return body.type === "error" ||
    (isRecord(body.error) && !Array.isArray(body.choices) &&
      !Array.isArray(body.output));
}

/**
 * Runs the response transforms on an upstream answer. A transform that cannot make sense of
 * what the upstream sent (or fails on it) makes the answer a 502: the upstream's response was
 * unusable, the request itself was fine.
 */
async function transformUpstream(
  pipeline: BoundPipeline,
  response: PluginResponse,
): Promise<PluginResponse> {
  try {
    return await runResponsePipeline(pipeline, response);
  } catch (err) {
    if (err instanceof GatewayError && err.kind === "internal") {
      throw new GatewayError("upstream_bad_response", err.message, {
        cause: err.cause ?? err,
      });
    }
    throw err;
  }
}

/** A transformed response; a text body left by the transforms becomes a JSON error. */
function finalResponse(res: PluginResponse, format: ApiFormat): Response {
  if (typeof res.body !== "string" || res.status < 400) {
    return toClientResponse(res);
  }
  const response = renderError(format, new UpstreamError(res.status, res.body));
  appendResponseHeaders(response.headers, errorHeadersOf(res));
  return response;
}

/** The headers of an error answer worth keeping (`retry-after`, rate-limit and request ids). */
function errorHeadersOf(
  res: { headers: Headers },
): [string, string][] {
  const kept: [string, string][] = [];
  res.headers.forEach((value, name) => {
    if (
      name === "retry-after" || name.startsWith("x-ratelimit-") ||
      name.startsWith("anthropic-ratelimit-") || name === "request-id" ||
      name === "x-request-id"
    ) kept.push([name, value]);
  });
  return kept;
}
