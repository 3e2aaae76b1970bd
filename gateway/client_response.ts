/**
 * The response side of the gateway that needs no per-gateway state: building the client's
 * response from a pipeline response or upstream bytes, the streamed body with its usage tap, and
 * the terminal error event of each client format.
 *
 * @module
 */
import {
  type ApiFormat,
  encodeSseEvent,
  type PluginResponse,
} from "../plugins/mod.ts";
import {
  GatewayError,
  toAnthropicErrorBody,
  toOpenAiErrorBody,
} from "./errors.ts";
import { appendResponseHeaders, toHeaderList } from "./forward.ts";
import type { Logger } from "./log.ts";
import type { HeaderList } from "./upstream_client.ts";
import type { UsageTap } from "./usage.ts";
import type { Usage } from "./usage_fields.ts";
import { CLIENT_CLOSED, type Failure } from "./request_draft.ts";

const ENCODER = new TextEncoder();
const DECODER = new TextDecoder();

/** Whether `value` is a JSON object (not an array). */
export function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}

/** The terminal error event of a stream in the client's format. */
export function errorEventBytes(
  format: ApiFormat,
  err: GatewayError,
): Uint8Array {
  if (format === "responses") {
    const { error } = toOpenAiErrorBody(err);
    const event = {
      type: "error",
      code: error.code ?? error.type,
      message: error.message,
      param: null,
      // The converter's numbering is not visible here; clients key on the type.
      sequence_number: 0,
    };
    return ENCODER.encode(
      encodeSseEvent({ event: "error", data: JSON.stringify(event) }),
    );
  }
  if (format === "anthropic") {
    return ENCODER.encode(encodeSseEvent({
      event: "error",
      data: JSON.stringify(toAnthropicErrorBody(err)),
    }));
  }
  return ENCODER.encode(
    encodeSseEvent({ data: JSON.stringify(toOpenAiErrorBody(err)) }) +
      encodeSseEvent({ data: "[DONE]" }),
  );
}

const LF = 10;
const CR = 13;
const LINE_BREAK = ENCODER.encode("\n");
const EVENT_BREAK = ENCODER.encode("\n\n");

/** Whether `b` ends a line (CR or LF). */
function isBreak(b: number): boolean {
  return b === LF || b === CR;
}

/**
 * What ends the SSE event the stream stopped in, given its last three bytes (oldest first; `-1`
 * where fewer were sent): nothing at an event boundary (a blank line: LF LF, CR CR, LF CR, or
 * CRLF after a line break), else the line breaks that make the next event start on its own.
 */
function eventBreak(
  third: number,
  second: number,
  last: number,
): Uint8Array | undefined {
  if (last === -1) return undefined;
  const ended = isBreak(second) &&
    (second !== CR || last !== LF ? isBreak(last) : isBreak(third));
  if (ended) return undefined;
  // After a lone CR, one LF would only complete a CRLF line break.
  return last === LF ? LINE_BREAK : EVENT_BREAK;
}

/** `bytes` parsed as JSON, or `undefined` when they are not JSON. */
export function parseJsonBody(bytes: Uint8Array): unknown {
  try {
    return JSON.parse(DECODER.decode(bytes));
  } catch (err) {
    if (!(err instanceof SyntaxError)) throw err;
    return undefined;
  }
}

/** Turns a pipeline response (local or transformed) into the client's response. */
export function toClientResponse(res: PluginResponse): Response {
  const text = typeof res.body === "string";
  const response = new Response(text ? res.body : JSON.stringify(res.body), {
    status: res.status,
  });
  const headers = response.headers;
  // The constructor typed the body; only the copied headers decide the content type.
  headers.delete("content-type");
  appendResponseHeaders(headers, toHeaderList(res.headers));
  if (!text) headers.set("content-type", "application/json");
  else if (!headers.has("content-type")) {
    headers.set("content-type", "text/plain; charset=utf-8");
  }
  return response;
}

/** `raw` with the upstream's status and cleaned headers. */
export function cleanResponse(
  raw: Uint8Array<ArrayBuffer>,
  upstream: { readonly status: number; readonly headers: HeaderList },
): Response {
  const response = new Response(raw, { status: upstream.status });
  appendResponseHeaders(response.headers, upstream.headers);
  return response;
}

/**
 * The body sent to the client: forwards chunks, feeds the usage tap (when `tapSent`: the chunks
 * sent are the upstream's own), and ends the log entry when the body finishes, fails or the
 * client cancels. A failure after the first byte ends the stream after the bytes sent so far,
 * unchanged: an event stream with the client format's terminal error event (a passthrough
 * stream cut inside an event gets the line break that ends it first, so no client mistakes the
 * cut for a finished stream — the Anthropic SDK ends quietly at a bare end); any other body
 * with nothing more.
 */
export function tapBody(
  next: () => Promise<Uint8Array | undefined>,
  hooks: {
    sse: boolean;
    requestId: string;
    log: Logger;
    cancel: (reason: unknown) => Promise<void>;
    /** Reads the upstream's usage; fed here when `tapSent`, else by the caller. */
    tap: UsageTap;
    tapSent: boolean;
    onEnd: (usage: Usage, failure?: Failure) => void;
    errorEvent: (err: GatewayError) => Uint8Array;
    /** Sees every chunk the client is sent, in order (body capture, issue 17). */
    onSend?: (chunk: Uint8Array) => void;
  },
): ReadableStream<Uint8Array> {
  const { tap, tapSent } = hooks;
  /** The last three bytes sent (-1: none yet), to end a cut-short event before an error event. */
  const tail = [-1, -1, -1];
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      let chunk;
      try {
        chunk = await next();
      } catch (thrown) {
        // Plugin failures arrive as GatewayErrors already; anything else is the connection.
        const gatewayErr = thrown instanceof GatewayError
          ? thrown
          : new GatewayError(
            "upstream_bad_response",
            "Upstream connection failed",
            { cause: thrown },
          );
        hooks.log.warn("Upstream stream failed", {
          request_id: hooks.requestId,
          error: String(thrown),
        });
        hooks.onEnd(tap.usage(), {
          error: gatewayErr.message,
          errorKind: gatewayErr.kind,
        });
        if (hooks.sse) {
          // An event cut short is ended first, so the error event is read as one of its own.
          const ending = eventBreak(tail[0], tail[1], tail[2]);
          if (ending) {
            hooks.onSend?.(ending);
            controller.enqueue(ending);
          }
          const event = hooks.errorEvent(gatewayErr);
          hooks.onSend?.(event);
          controller.enqueue(event);
        }
        controller.close();
        return;
      }
      if (!chunk) {
        controller.close();
        // Reading usage and logging wait for the next turn of the event loop, so the end of
        // the body (written once this pull returns) is not held up by them.
        setTimeout(() => {
          const error = tap.endError();
          hooks.onEnd(
            tap.usage(),
            error === undefined
              ? undefined
              : { error, errorKind: "upstream_error" },
          );
        }, 0);
        return;
      }
      for (let i = Math.max(0, chunk.length - 3); i < chunk.length; i++) {
        tail[0] = tail[1];
        tail[1] = tail[2];
        tail[2] = chunk[i];
      }
      if (tapSent) tap.observe(chunk);
      hooks.onSend?.(chunk);
      controller.enqueue(chunk);
    },
    async cancel(reason) {
      hooks.onEnd(tap.usage(), CLIENT_CLOSED);
      await hooks.cancel(reason);
    },
  }, { highWaterMark: 0 });
}
