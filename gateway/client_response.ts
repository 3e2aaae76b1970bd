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
import { appendResponseHeaders } from "./forward.ts";
import { headerListOf } from "./http_clients.ts";
import type { Logger } from "./log.ts";
import { type Usage, UsageTap } from "./usage.ts";

const ENCODER = new TextEncoder();
const DECODER = new TextDecoder();

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

/** Whether `bytes` (the last chunk sent) ends an SSE event. */
function endsEvent(last: Uint8Array | undefined): boolean {
  if (!last || last.length === 0) return true;
  const n = last.length;
  const a = last[n - 1];
  const b = n > 1 ? last[n - 2] : -1;
  return (a === 10 && (b === 10 || b === 13)) || (a === 13 && b === 13);
}

export function parseResponseBody(bytes: Uint8Array): unknown {
  const text = DECODER.decode(bytes);
  try {
    return JSON.parse(text);
  } catch (err) {
    if (!(err instanceof SyntaxError)) throw err;
    return text;
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
  appendResponseHeaders(headers, res.headers);
  if (!text) headers.set("content-type", "application/json");
  else if (!headers.has("content-type")) {
    headers.set("content-type", "text/plain; charset=utf-8");
  }
  return response;
}

/** `raw` with the upstream's status and cleaned headers. */
export function cleanResponse(
  raw: Uint8Array<ArrayBuffer>,
  upstream: Response,
): Response {
  const response = new Response(raw, { status: upstream.status });
  appendResponseHeaders(
    response.headers,
    headerListOf(upstream) ?? upstream.headers,
  );
  return response;
}

/**
 * The body sent to the client: forwards chunks, feeds the usage tap, and ends the log entry
 * when the body finishes, fails or the client cancels. A failure after the first byte becomes
 * the client format's terminal error event (event streams) or a broken body (others).
 */
export function tapBody(
  next: () => Promise<Uint8Array | undefined>,
  hooks: {
    sse: boolean;
    requestId: string;
    log: Logger;
    cancel: (reason: unknown) => Promise<void>;
    onEnd: (usage: Usage, error?: string) => void;
    errorEvent: (err: GatewayError) => Uint8Array;
  },
): ReadableStream<Uint8Array> {
  const tap = new UsageTap({ sse: hooks.sse });
  let last: Uint8Array | undefined;
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
            "upstream_unreachable",
            "Upstream connection failed",
            { cause: thrown },
          );
        hooks.log.warn("Upstream stream failed", {
          request_id: hooks.requestId,
          error: String(thrown),
        });
        hooks.onEnd(tap.usage(), gatewayErr.message);
        if (hooks.sse && endsEvent(last)) {
          controller.enqueue(hooks.errorEvent(gatewayErr));
          controller.close();
        } else {
          controller.error(gatewayErr);
        }
        return;
      }
      if (!chunk) {
        controller.close();
        // Reading usage and logging wait for the next turn of the event loop, so the end of
        // the body (written once this pull returns) is not held up by them.
        setTimeout(() => hooks.onEnd(tap.usage()), 0);
        return;
      }
      last = chunk;
      tap.observe(chunk);
      controller.enqueue(chunk);
    },
    async cancel(reason) {
      hooks.onEnd(tap.usage(), "Client closed request");
      await hooks.cancel(reason);
    },
  }, { highWaterMark: 0 });
}
