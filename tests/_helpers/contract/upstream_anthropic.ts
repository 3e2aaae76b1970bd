/** The contract's upstream kit for Anthropic Messages upstreams. */
import type { JsonObject } from "../../../plugins/types.ts";
import {
  type ContractUsage,
  records,
  sse,
  textsOfContent,
  type UpstreamKit,
} from "./kits.ts";

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

export const ANTHROPIC_UPSTREAM: UpstreamKit = {
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
