/**
 * The benchmark's bodies, all built once: the clients' requests (OpenAI Chat Completions and
 * Anthropic Messages, ~300 bytes) and the mock upstream's answers (JSON, and 100-event SSE
 * streams in each format).
 *
 * @module
 */

/** Model the OpenAI-format downstream serves. */
export const OPENAI_MODEL = "gpt-bench";
/** Model the Anthropic-format downstream serves. */
export const ANTHROPIC_MODEL = "claude-bench";
/** Number of SSE events in every mock stream (`[DONE]` included for OpenAI). */
export const STREAM_EVENTS = 100;

const SYSTEM = "You are a concise assistant. Answer in plain prose.";
const QUESTION =
  "Summarise the benefits of running a local LLM gateway in front of every agent call, in two sentences.";

/** An OpenAI Chat Completions request body. */
export function chatRequest(model: string, stream: boolean): string {
  return JSON.stringify({
    model,
    messages: [
      { role: "system", content: SYSTEM },
      { role: "user", content: QUESTION },
    ],
    temperature: 0.2,
    max_tokens: 256,
    ...(stream && { stream: true }),
  });
}

/** An Anthropic Messages request body. */
export function messagesRequest(model: string, stream: boolean): string {
  return JSON.stringify({
    model,
    max_tokens: 256,
    system: SYSTEM,
    messages: [{ role: "user", content: QUESTION }],
    temperature: 0.2,
    ...(stream && { stream: true }),
  });
}

const ANSWER =
  "A local gateway gives every agent one stable endpoint, so switching providers or models is a " +
  "config change instead of a code change. It also keeps keys, logs and translation in one place.";

const ENCODER = new TextEncoder();

/** The mock's non-streaming OpenAI answer. */
export const OPENAI_JSON: Uint8Array<ArrayBuffer> = ENCODER.encode(
  JSON.stringify({
    id: "chatcmpl-bench",
    object: "chat.completion",
    created: 1700000000,
    model: OPENAI_MODEL,
    choices: [{
      index: 0,
      message: { role: "assistant", content: ANSWER, refusal: null },
      finish_reason: "stop",
      logprobs: null,
    }],
    usage: { prompt_tokens: 42, completion_tokens: 40, total_tokens: 82 },
  }),
);

/** The mock's non-streaming Anthropic answer. */
export const ANTHROPIC_JSON: Uint8Array<ArrayBuffer> = ENCODER.encode(
  JSON.stringify({
    id: "msg_bench",
    type: "message",
    role: "assistant",
    model: ANTHROPIC_MODEL,
    content: [{ type: "text", text: ANSWER }],
    stop_reason: "end_turn",
    stop_sequence: null,
    usage: { input_tokens: 42, output_tokens: 40 },
  }),
);

/** Word `i` of the streamed answer (cycling through {@link ANSWER}). */
function word(i: number): string {
  const words = ANSWER.split(" ");
  return `${words[i % words.length]} `;
}

function sse(data: unknown, event?: string): Uint8Array {
  const head = event === undefined ? "" : `event: ${event}\n`;
  const body = typeof data === "string" ? data : JSON.stringify(data);
  return ENCODER.encode(`${head}data: ${body}\n\n`);
}

/**
 * The OpenAI stream, one `Uint8Array` per event: a role chunk, content chunks, a finish chunk,
 * a usage chunk and `[DONE]` — {@link STREAM_EVENTS} in all.
 */
export const OPENAI_SSE: readonly Uint8Array[] = (() => {
  const chunk = (delta: unknown, finish: string | null, usage?: unknown) => ({
    id: "chatcmpl-bench",
    object: "chat.completion.chunk",
    created: 1700000000,
    model: OPENAI_MODEL,
    choices: usage ? [] : [{ index: 0, delta, finish_reason: finish }],
    ...(usage !== undefined && { usage }),
  });
  const out = [sse(chunk({ role: "assistant", content: "" }, null))];
  for (let i = 0; i < STREAM_EVENTS - 4; i++) {
    out.push(sse(chunk({ content: word(i) }, null)));
  }
  out.push(sse(chunk({}, "stop")));
  out.push(sse(chunk(
    {},
    null,
    { prompt_tokens: 42, completion_tokens: 96, total_tokens: 138 },
  )));
  out.push(sse("[DONE]"));
  return out;
})();

/**
 * The Anthropic stream, one `Uint8Array` per event: `message_start`, a text block of deltas,
 * `message_delta` with usage and `message_stop` — {@link STREAM_EVENTS} in all.
 */
export const ANTHROPIC_SSE: readonly Uint8Array[] = (() => {
  const out = [
    sse({
      type: "message_start",
      message: {
        id: "msg_bench",
        type: "message",
        role: "assistant",
        model: ANTHROPIC_MODEL,
        content: [],
        stop_reason: null,
        stop_sequence: null,
        usage: { input_tokens: 42, output_tokens: 1 },
      },
    }, "message_start"),
    sse({
      type: "content_block_start",
      index: 0,
      content_block: { type: "text", text: "" },
    }, "content_block_start"),
  ];
  for (let i = 0; i < STREAM_EVENTS - 5; i++) {
    out.push(sse({
      type: "content_block_delta",
      index: 0,
      delta: { type: "text_delta", text: word(i) },
    }, "content_block_delta"));
  }
  out.push(
    sse({ type: "content_block_stop", index: 0 }, "content_block_stop"),
    sse({
      type: "message_delta",
      delta: { stop_reason: "end_turn", stop_sequence: null },
      usage: { output_tokens: 95 },
    }, "message_delta"),
    sse({ type: "message_stop" }, "message_stop"),
  );
  return out;
})();
