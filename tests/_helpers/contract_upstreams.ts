/**
 * The upstream side of the converter contract (`converter_contract.ts`), one kit per format a
 * converter sends upstream: canned answers, error bodies and SSE streams in that format, and
 * readers of the request the converter forwarded.
 */
import type { ApiFormat, JsonObject } from "../../plugins/types.ts";

/** Token usage as the contract states it: input (cache included) and output. */
export interface ContractUsage {
  input: number;
  output: number;
}

/** One upstream format: what it answers, and how to read what it was sent. */
export interface UpstreamKit {
  text(text: string, usage?: ContractUsage): unknown;
  toolCall(name: string, args: JsonObject, usage?: ContractUsage): unknown;
  /** A text answer cut at the max tokens. */
  truncated(text: string): unknown;
  /** An answer that reasons (`thought`) before its text. */
  reasoning(thought: string, text: string): unknown;
  error: unknown;
  textStream(pieces: readonly string[], usage?: ContractUsage): Uint8Array;
  /** A tool call whose arguments arrive in `fragments`. */
  toolStream(
    name: string,
    fragments: readonly string[],
    usage?: ContractUsage,
  ): Uint8Array;
  /** A text stream cut at the max tokens. */
  truncatedStream(text: string): Uint8Array;
  /** A stream that reasons (`thoughts`) before its text. */
  reasoningStream(thoughts: readonly string[], text: string): Uint8Array;
  /** A stream that stops mid-way, without its terminal event. */
  cutStream(text: string): Uint8Array;
  /** A stream whose upstream fails mid-way with an error event. */
  errorStream(text: string): Uint8Array;
  /** Every text of the forwarded request's conversation (system included). */
  texts(body: JsonObject): string[];
  toolNames(body: JsonObject): string[];
  /** Images as data URIs or URLs. */
  images(body: JsonObject): string[];
  /** `[name, arguments]` of the tool calls in the history. */
  historyCalls(body: JsonObject): [string, unknown][];
  /** The text of each tool result in the history. */
  toolResults(body: JsonObject): string[];
}

const ENCODER = new TextEncoder();

function sse(events: readonly { event?: string; data: unknown }[]): Uint8Array {
  return ENCODER.encode(
    events.map((e) =>
      `${e.event ? `event: ${e.event}\n` : ""}data: ${
        typeof e.data === "string" ? e.data : JSON.stringify(e.data)
      }\n\n`
    ).join(""),
  );
}

function records(value: unknown): JsonObject[] {
  return Array.isArray(value)
    ? value.filter((v): v is JsonObject =>
      typeof v === "object" && v !== null && !Array.isArray(v)
    )
    : [];
}

function textsOfContent(content: unknown): string[] {
  if (typeof content === "string") return [content];
  return records(content).flatMap((b) =>
    typeof b.text === "string" ? [b.text] : []
  );
}

/** An Anthropic event, `event:` named after its type. */
function ev(data: JsonObject): { event: string; data: JsonObject } {
  return { event: String(data.type), data };
}

function anthropicUsage(usage: ContractUsage | undefined): JsonObject {
  return usage === undefined
    ? {}
    : { usage: { input_tokens: usage.input, output_tokens: usage.output } };
}

function messageStart(usage: ContractUsage | undefined) {
  return ev({
    type: "message_start",
    message: {
      id: "msg_1",
      type: "message",
      role: "assistant",
      model: "m",
      content: [],
      stop_reason: null,
      stop_sequence: null,
      ...(usage && { usage: { input_tokens: usage.input, output_tokens: 1 } }),
    },
  });
}

function anthropicMessage(
  content: JsonObject[],
  stop: string,
  usage?: ContractUsage,
): JsonObject {
  return {
    id: "msg_1",
    type: "message",
    role: "assistant",
    model: "m",
    content,
    stop_reason: stop,
    stop_sequence: null,
    ...anthropicUsage(usage),
  };
}

function anthropicTextEvents(pieces: readonly string[]) {
  return [
    ev({
      type: "content_block_start",
      index: 0,
      content_block: { type: "text", text: "" },
    }),
    ...pieces.map((text) =>
      ev({
        type: "content_block_delta",
        index: 0,
        delta: { type: "text_delta", text },
      })
    ),
  ];
}

function anthropicEnd(stop: string, usage: ContractUsage | undefined) {
  return [
    ev({ type: "content_block_stop", index: 0 }),
    ev({
      type: "message_delta",
      delta: { stop_reason: stop, stop_sequence: null },
      ...(usage && { usage: { output_tokens: usage.output } }),
    }),
    ev({ type: "message_stop" }),
  ];
}

const ANTHROPIC: UpstreamKit = {
  text: (text, usage) =>
    anthropicMessage([{ type: "text", text }], "end_turn", usage),
  toolCall: (name, input, usage) =>
    anthropicMessage(
      [{ type: "tool_use", id: "toolu_1", name, input }],
      "tool_use",
      usage,
    ),
  truncated: (text) =>
    anthropicMessage([{ type: "text", text }], "max_tokens", {
      input: 1,
      output: 1,
    }),
  reasoning: (thinking, text) =>
    anthropicMessage([
      { type: "thinking", thinking, signature: "sig" },
      { type: "text", text },
    ], "end_turn"),
  error: {
    type: "error",
    error: { type: "overloaded_error", message: "Overloaded" },
  },
  reasoningStream: (thoughts, text) =>
    sse([
      messageStart(undefined),
      ev({
        type: "content_block_start",
        index: 0,
        content_block: { type: "thinking", thinking: "", signature: "" },
      }),
      ...thoughts.map((thinking) =>
        ev({
          type: "content_block_delta",
          index: 0,
          delta: { type: "thinking_delta", thinking },
        })
      ),
      ev({
        type: "content_block_delta",
        index: 0,
        delta: { type: "signature_delta", signature: "sig" },
      }),
      ev({ type: "content_block_stop", index: 0 }),
      ev({
        type: "content_block_start",
        index: 1,
        content_block: { type: "text", text: "" },
      }),
      ev({
        type: "content_block_delta",
        index: 1,
        delta: { type: "text_delta", text },
      }),
      ev({ type: "content_block_stop", index: 1 }),
      ...anthropicEnd("end_turn", undefined).slice(1),
    ]),
  textStream: (pieces, usage) =>
    sse([
      messageStart(usage),
      ...anthropicTextEvents(pieces),
      ...anthropicEnd("end_turn", usage),
    ]),
  toolStream: (name, fragments, usage) =>
    sse([
      messageStart(usage),
      ev({
        type: "content_block_start",
        index: 0,
        content_block: { type: "tool_use", id: "toolu_1", name, input: {} },
      }),
      ...fragments.map((partial_json) =>
        ev({
          type: "content_block_delta",
          index: 0,
          delta: { type: "input_json_delta", partial_json },
        })
      ),
      ...anthropicEnd("tool_use", usage),
    ]),
  truncatedStream: (text) =>
    sse([
      messageStart(undefined),
      ...anthropicTextEvents([text]),
      ...anthropicEnd("max_tokens", undefined),
    ]),
  cutStream: (text) =>
    sse([messageStart(undefined), ...anthropicTextEvents([text])]),
  errorStream: (text) =>
    sse([
      messageStart(undefined),
      ...anthropicTextEvents([text]),
      ev({
        type: "error",
        error: { type: "overloaded_error", message: "Overloaded" },
      }),
    ]),
  texts: (body) => [
    ...textsOfContent(body.system),
    ...records(body.messages).flatMap((m) => textsOfContent(m.content)),
  ],
  toolNames: (body) => records(body.tools).map((t) => String(t.name)),
  images: (body) =>
    records(body.messages).flatMap((m) => records(m.content))
      .flatMap((b) => b.type === "tool_result" ? records(b.content) : [b])
      .filter((b) => b.type === "image")
      .map((b) => {
        const s = b.source as JsonObject;
        return s.type === "base64"
          ? `data:${s.media_type};base64,${s.data}`
          : String(s.url);
      }),
  historyCalls: (body) =>
    records(body.messages).flatMap((m) => records(m.content))
      .filter((b) => b.type === "tool_use")
      .map((b) => [String(b.name), b.input]),
  toolResults: (body) =>
    records(body.messages).flatMap((m) => records(m.content))
      .filter((b) => b.type === "tool_result")
      .map((b) => textsOfContent(b.content).join("\n")),
};

function completion(
  message: JsonObject,
  finish: string,
  usage?: ContractUsage,
): JsonObject {
  return {
    id: "chatcmpl-1",
    object: "chat.completion",
    created: 1,
    model: "m",
    choices: [{ index: 0, message, finish_reason: finish }],
    ...(usage && { usage: openAiUsage(usage) }),
  };
}

function openAiUsage(usage: ContractUsage): JsonObject {
  return {
    prompt_tokens: usage.input,
    completion_tokens: usage.output,
    total_tokens: usage.input + usage.output,
  };
}

function chunk(delta: JsonObject, finish: string | null = null): JsonObject {
  return {
    id: "chatcmpl-1",
    object: "chat.completion.chunk",
    created: 1,
    model: "m",
    choices: [{ index: 0, delta, finish_reason: finish }],
  };
}

function openAiEnd(finish: string, usage: ContractUsage | undefined) {
  return [
    { data: chunk({}, finish) },
    ...(usage
      ? [{
        data: { ...chunk({}), choices: [], usage: openAiUsage(usage) },
      }]
      : []),
    { data: "[DONE]" },
  ];
}

const OPENAI: UpstreamKit = {
  text: (text, usage) =>
    completion({ role: "assistant", content: text }, "stop", usage),
  toolCall: (name, args, usage) =>
    completion(
      {
        role: "assistant",
        content: null,
        tool_calls: [{
          id: "call_1",
          type: "function",
          function: { name, arguments: JSON.stringify(args) },
        }],
      },
      "tool_calls",
      usage,
    ),
  truncated: (text) =>
    completion({ role: "assistant", content: text }, "length", {
      input: 1,
      output: 1,
    }),
  reasoning: (thought, text) =>
    completion(
      { role: "assistant", content: text, reasoning_content: thought },
      "stop",
    ),
  error: {
    error: { message: "Overloaded", type: "server_error", code: null },
  },
  reasoningStream: (thoughts, text) =>
    sse([
      { data: chunk({ role: "assistant", content: "" }) },
      ...thoughts.map((reasoning_content) => ({
        data: chunk({ reasoning_content }),
      })),
      { data: chunk({ content: text }) },
      ...openAiEnd("stop", undefined),
    ]),
  textStream: (pieces, usage) =>
    sse([
      { data: chunk({ role: "assistant", content: "" }) },
      ...pieces.map((content) => ({ data: chunk({ content }) })),
      ...openAiEnd("stop", usage),
    ]),
  toolStream: (name, fragments, usage) =>
    sse([
      {
        data: chunk({
          role: "assistant",
          tool_calls: [{
            index: 0,
            id: "call_1",
            type: "function",
            function: { name, arguments: "" },
          }],
        }),
      },
      ...fragments.map((args) => ({
        data: chunk({
          tool_calls: [{ index: 0, function: { arguments: args } }],
        }),
      })),
      ...openAiEnd("tool_calls", usage),
    ]),
  truncatedStream: (text) =>
    sse([
      { data: chunk({ content: text }) },
      ...openAiEnd("length", undefined),
    ]),
  cutStream: (text) =>
    sse([
      { data: chunk({ role: "assistant", content: "" }) },
      { data: chunk({ content: text }) },
    ]),
  errorStream: (text) =>
    sse([
      { data: chunk({ role: "assistant", content: text }) },
      { data: { error: { message: "Overloaded", type: "server_error" } } },
    ]),
  texts: (body) =>
    records(body.messages).flatMap((m) => textsOfContent(m.content)),
  toolNames: (body) =>
    records(body.tools).map((t) => String((t.function as JsonObject).name)),
  images: (body) =>
    records(body.messages).flatMap((m) => records(m.content))
      .filter((p) => p.type === "image_url")
      .map((p) => String((p.image_url as JsonObject).url)),
  historyCalls: (body) =>
    records(body.messages).flatMap((m) => records(m.tool_calls))
      .map((c) => {
        const fn = c.function as JsonObject;
        return [String(fn.name), JSON.parse(String(fn.arguments))];
      }),
  toolResults: (body) =>
    records(body.messages).filter((m) => m.role === "tool")
      .map((m) => textsOfContent(m.content).join("")),
};

/** The kit of each format a converter can send upstream. */
export const UPSTREAM_KITS: Partial<Record<ApiFormat, UpstreamKit>> = {
  anthropic: ANTHROPIC,
  openai: OPENAI,
};
