/** The contract's upstream kit for OpenAI Chat Completions upstreams. */
import type { JsonObject } from "../../../plugins/types.ts";
import {
  type ContractUsage,
  records,
  sse,
  textsOfContent,
  type UpstreamKit,
} from "./kits.ts";

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

export const CHAT_UPSTREAM: UpstreamKit = {
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
