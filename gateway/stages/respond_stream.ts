/**
 * Stage (the respond stage's streaming half): the upstream body relayed as it arrives, through
 * the SSE transformer when a plugin rewrites events, with the usage tap, the idle timeout, and
 * the client format's terminal error event on failure. The request is recorded when the body
 * ends, fails or the client cancels it.
 *
 * @module
 */
import { errorEventBytes, tapBody } from "../client_response.ts";
import { appendResponseHeaders } from "../forward.ts";
import { createSseTransformer, flushPipeline } from "../pipeline.ts";
import type { RequestContext } from "../request_context.ts";
import type { IdleReader } from "../upstream_body.ts";
import { UsageTap } from "../usage.ts";
import { record } from "./record.ts";

/**
 * The streamed response; waits for the first byte, so a silent upstream is still a clean 504 in
 * the client's shape (thrown before anything went out).
 */
export async function respondStream(
  ctx: RequestContext,
  body: { reader: IdleReader | undefined; sse: boolean },
): Promise<Response> {
  const { reader, sse } = body;
  const { pipeline, upstream } = ctx.attempt;
  // The closures below outlive this call: they keep `status`, not the upstream response.
  const status = upstream.status;
  const { log, now, metrics } = ctx.services;
  const watcher = ctx.watcher;
  const requestId = ctx.draft.id;
  const first = reader ? await reader.read() : undefined;
  const ttfb = now();
  const headers = new Headers();
  appendResponseHeaders(headers, upstream.headers);
  headers.set("x-tresor-request-id", requestId);
  if (!reader) {
    const empty = new Response(null, { status, headers });
    watcher?.returned(empty, true);
    record(ctx, { status, ttfb });
    return empty;
  }
  const transformer = sse && pipeline.hasStreamTransform
    ? createSseTransformer(pipeline)
    : undefined;
  // Usage is read from the upstream's own bytes, in its format: a passthrough body's chunks are
  // those sent (tapped as they go out); a transformed stream's are tapped as they are read.
  const tap = new UsageTap({ sse, format: ctx.attempt.planned.plan.formatOut });
  if (transformer) {
    headers.set("content-type", "text/event-stream; charset=utf-8");
  }
  // A watcher (body capture, issue 17) sees each upstream chunk as it is read.
  if (watcher && first) watcher.body("upstream", first);
  const read = watcher
    ? () =>
      reader.read().then((chunk) => {
        if (chunk) watcher.body("upstream", chunk);
        return chunk;
      })
    : () => reader.read();
  // One pull-driven body: upstream chunk → (transform) → usage tap → client, no stream chain.
  // Nothing is read from the upstream until the client has taken the previous chunk, so a
  // client that stops reading stops the upstream socket too (back-pressure).
  let pending = first;
  let ended = false;
  const next = transformer
    ? async (): Promise<Uint8Array | undefined> => {
      for (;;) {
        if (ended) return undefined;
        const chunk = pending ?? await read();
        pending = undefined;
        if (!chunk) {
          ended = true;
          return transformer.end();
        }
        tap.observe(chunk);
        const out = transformer.push(chunk);
        if (out) return out;
      }
    }
    // Passthrough: the reader's own promise, no frame of ours waiting on it per chunk.
    : (): Promise<Uint8Array | undefined> => {
      if (pending === undefined) return read();
      const chunk = pending;
      pending = undefined;
      return Promise.resolve(chunk);
    };
  // Counted in flight from here until the body ends, fails or is cancelled (once).
  let streaming = false;
  const stream = tapBody(next, {
    sse,
    cancel: async (reason) => {
      ctx.attempt.abort.abort(reason);
      // The abort above already tore the body down; cancelling it then may reject harmlessly.
      await reader.cancel(reason).catch((err: unknown) => err);
    },
    tap,
    tapSent: transformer === undefined,
    onEnd: (usage, failure) => {
      if (streaming) {
        streaming = false;
        metrics.streamClosed();
      }
      record(ctx, { status, ttfb, usage, failure });
    },
    errorEvent: (err) => {
      if (transformer) {
        try {
          flushPipeline(pipeline);
        } catch (flushErr) {
          log.debug("Stream flush failed after an error", {
            request_id: requestId,
            error: String(flushErr),
          });
        }
      }
      return errorEventBytes(ctx.format, err);
    },
    ...(watcher && {
      onSend: (chunk: Uint8Array) => watcher.body("returned", chunk),
    }),
    requestId,
    log,
  });
  streaming = true;
  metrics.streamOpened();
  const response = new Response(stream, { status, headers });
  watcher?.returned(response, false);
  return response;
}
