/**
 * A mock OpenAI / Anthropic upstream on 127.0.0.1: records every request (headers and body),
 * answers JSON or SSE (canned per path, or from a handler a test sets), can stall, answer an
 * error status, and reports requests whose connection the caller aborted.
 */
import { encodeSseEvent, type SseEvent } from "../../plugins/mod.ts";

/** One request the mock received. */
export interface RecordedRequest {
  readonly method: string;
  readonly path: string;
  readonly query: string;
  readonly headers: Headers;
  /** The raw body text. */
  readonly text: string;
  /** The parsed JSON body, or `undefined` when it was not JSON. */
  readonly body: Record<string, unknown> | undefined;
}

/** How the mock answers one request. */
export type MockReply =
  | {
    readonly kind: "json";
    readonly status?: number;
    readonly body: unknown;
    readonly headers?: Record<string, string>;
  }
  | {
    readonly kind: "sse";
    readonly events: readonly SseEvent[];
    /** After sending this many events, hang until the caller goes away. */
    readonly stallAfter?: number;
    /** Sends the encoded stream in pieces of this many bytes. */
    readonly chunkBytes?: number;
  }
  /** Never sends response headers (until the caller goes away). */
  | { readonly kind: "stall" };

/** A running mock upstream. */
export interface MockUpstream {
  /** `http://127.0.0.1:PORT`. */
  readonly url: string;
  readonly requests: RecordedRequest[];
  /** Replaces the reply logic; the default answers canned completions per path. */
  handler: (req: RecordedRequest) => MockReply;
  /** Resolves with the next request whose caller aborts (connection closed before the end). */
  nextAbort(): Promise<RecordedRequest>;
  close(): Promise<void>;
}

/** A canned OpenAI chat completion. */
export function openAiCompletion(
  model: string,
  text: string,
): Record<string, unknown> {
  return {
    id: "chatcmpl-mock",
    object: "chat.completion",
    created: 1700000000,
    model,
    choices: [{
      index: 0,
      message: { role: "assistant", content: text, refusal: null },
      finish_reason: "stop",
      logprobs: null,
    }],
    usage: { prompt_tokens: 11, completion_tokens: 7, total_tokens: 18 },
  };
}

/** A canned OpenAI chat completion stream (usage in the last chunk, then `[DONE]`). */
export function openAiStream(
  model: string,
  parts: readonly string[],
): SseEvent[] {
  const chunk = (delta: Record<string, unknown>, finish: string | null) => ({
    data: JSON.stringify({
      id: "chatcmpl-mock",
      object: "chat.completion.chunk",
      created: 1700000000,
      model,
      choices: [{ index: 0, delta, finish_reason: finish, logprobs: null }],
    }),
  });
  return [
    chunk({ role: "assistant", content: "" }, null),
    ...parts.map((p) => chunk({ content: p }, null)),
    chunk({}, "stop"),
    {
      data: JSON.stringify({
        id: "chatcmpl-mock",
        object: "chat.completion.chunk",
        created: 1700000000,
        model,
        choices: [],
        usage: { prompt_tokens: 11, completion_tokens: 7, total_tokens: 18 },
      }),
    },
    { data: "[DONE]" },
  ];
}

/** A canned Anthropic message. */
export function anthropicMessage(
  model: string,
  text: string,
): Record<string, unknown> {
  return {
    id: "msg_mock",
    type: "message",
    role: "assistant",
    model,
    content: [{ type: "text", text }],
    stop_reason: "end_turn",
    stop_sequence: null,
    usage: { input_tokens: 13, output_tokens: 5 },
  };
}

/** A canned Anthropic message stream. */
export function anthropicStream(
  model: string,
  parts: readonly string[],
): SseEvent[] {
  const ev = (event: string, data: Record<string, unknown>): SseEvent => ({
    event,
    data: JSON.stringify({ type: event, ...data }),
  });
  return [
    ev("message_start", {
      message: {
        id: "msg_mock",
        type: "message",
        role: "assistant",
        model,
        content: [],
        stop_reason: null,
        stop_sequence: null,
        usage: { input_tokens: 13, output_tokens: 1 },
      },
    }),
    ev("content_block_start", {
      index: 0,
      content_block: { type: "text", text: "" },
    }),
    { event: "ping", data: JSON.stringify({ type: "ping" }) },
    ...parts.map((text) =>
      ev("content_block_delta", {
        index: 0,
        delta: { type: "text_delta", text },
      })
    ),
    ev("content_block_stop", { index: 0 }),
    ev("message_delta", {
      delta: { stop_reason: "end_turn", stop_sequence: null },
      usage: { output_tokens: 5 },
    }),
    ev("message_stop", {}),
  ];
}

/** Answers canned completions: `/v1/messages` in Anthropic format, everything else OpenAI. */
export function defaultReply(req: RecordedRequest): MockReply {
  const model = typeof req.body?.model === "string" ? req.body.model : "none";
  const stream = req.body?.stream === true;
  if (req.path.endsWith("/messages")) {
    return stream
      ? { kind: "sse", events: anthropicStream(model, ["Hel", "lo"]) }
      : { kind: "json", body: anthropicMessage(model, "Hello") };
  }
  if (req.path.endsWith("/models")) {
    return {
      kind: "json",
      body: { object: "list", data: [{ id: "mock-model", object: "model" }] },
    };
  }
  return stream
    ? { kind: "sse", events: openAiStream(model, ["Hel", "lo"]) }
    : { kind: "json", body: openAiCompletion(model, "Hello") };
}

function parseBody(text: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(text);
    return value !== null && typeof value === "object" && !Array.isArray(value)
      ? Object.fromEntries(Object.entries(value))
      : undefined;
  } catch (err) {
    if (!(err instanceof SyntaxError)) throw err;
    return undefined;
  }
}

/** Starts a mock upstream on 127.0.0.1 (random port). */
export function startMockUpstream(): MockUpstream {
  const requests: RecordedRequest[] = [];
  const abortWaiters: ((req: RecordedRequest) => void)[] = [];
  const aborted: RecordedRequest[] = [];
  /** Stalled requests; released on close so the server can shut down. */
  const stalls = new Set<() => void>();
  const encoder = new TextEncoder();

  const onAbort = (rec: RecordedRequest) => {
    const waiter = abortWaiters.shift();
    if (waiter) waiter(rec);
    else aborted.push(rec);
  };

  const mock: MockUpstream = {
    url: "",
    requests,
    handler: defaultReply,
    nextAbort() {
      const ready = aborted.shift();
      if (ready) return Promise.resolve(ready);
      return new Promise((resolve) => abortWaiters.push(resolve));
    },
    close: async () => {},
  };

  const server = Deno.serve({
    hostname: "127.0.0.1",
    port: 0,
    onListen: () => {},
  }, async (req) => {
    const url = new URL(req.url);
    const text = await req.text();
    const rec: RecordedRequest = {
      method: req.method,
      path: url.pathname,
      query: url.search,
      headers: req.headers,
      text,
      body: parseBody(text),
    };
    requests.push(rec);
    const reply = mock.handler(rec);
    switch (reply.kind) {
      case "json":
        return new Response(JSON.stringify(reply.body), {
          status: reply.status ?? 200,
          headers: { "content-type": "application/json", ...reply.headers },
        });
      case "stall":
        await new Promise<void>((resolve) => {
          const release = () => {
            stalls.delete(release);
            resolve();
          };
          stalls.add(release);
          req.signal.addEventListener("abort", () => {
            onAbort(rec);
            release();
          }, { once: true });
        });
        return new Response(null, { status: 503 });
      case "sse": {
        const events = reply.stallAfter === undefined
          ? reply.events
          : reply.events.slice(0, reply.stallAfter);
        const bytes = encoder.encode(events.map(encodeSseEvent).join(""));
        const size = reply.chunkBytes ?? Math.max(bytes.length, 1);
        let release: (() => void) | undefined;
        const body = new ReadableStream<Uint8Array>({
          start(controller) {
            for (let i = 0; i < bytes.length; i += size) {
              controller.enqueue(bytes.slice(i, i + size));
            }
            if (reply.stallAfter === undefined) {
              controller.close();
              return;
            }
            release = () => {
              stalls.delete(release!);
              try {
                controller.close();
              } catch (err) {
                // Already closed or errored by the cancel below.
                if (!(err instanceof TypeError)) throw err;
              }
            };
            stalls.add(release);
          },
          cancel() {
            onAbort(rec);
            if (release) stalls.delete(release);
          },
        });
        req.signal.addEventListener("abort", () => {
          if (release && stalls.has(release)) {
            onAbort(rec);
            release();
          }
        }, { once: true });
        return new Response(body, {
          headers: { "content-type": "text/event-stream" },
        });
      }
    }
  });
  Object.assign(mock, {
    url: `http://127.0.0.1:${server.addr.port}`,
    close: async () => {
      for (const release of [...stalls]) release();
      await server.shutdown();
    },
  });
  return mock;
}
