/**
 * The rig of the Responses API e2e tests: the gateway in front of one mock downstream of a
 * target format (`anthropic` → `responses2anthropic`, `chat` → `responses2chat`, `responses`
 * → passthrough), with a response store, the official OpenAI client, canned upstream answers
 * in each target's wire format, and readers of the tool calls and results the upstream got.
 */
import type OpenAI from "openai";
import type { SseEvent } from "../../plugins/sse.ts";
import { openResponseStore } from "../../store/mod.ts";
import type {
  MockReply,
  MockUpstream,
  RecordedRequest,
} from "./mock_upstream.ts";
import { startSingleDownstream } from "./single_downstream.ts";
import { openAiClient } from "./sdk_clients.ts";

/** A translated downstream format. */
export type Target = "anthropic" | "chat";
/** Every translated target. */
export const TARGETS: Target[] = ["anthropic", "chat"];

/** A running rig; `await using` closes it. */
export interface ResponsesRig extends AsyncDisposable {
  readonly mock: MockUpstream;
  readonly client: OpenAI;
  /** The gateway's base URL. */
  readonly url: string;
}

/** Starts the gateway in front of one mock downstream speaking `target` (or the Responses API). */
export function setupResponses(target: Target | "responses"): ResponsesRig {
  const responses = openResponseStore({ path: ":memory:" });
  const rig = startSingleDownstream((mockUrl) => ({
    id: "down",
    name: "mock",
    apiFormats: [
      target === "anthropic"
        ? "anthropic"
        : target === "chat"
        ? "openai"
        : "responses",
    ],
    baseUrl: target === "anthropic" ? mockUrl : `${mockUrl}/v1`,
    apiKey: "sk-up",
    outputModelIds: ["model-x"],
  }), { responses });
  const client = openAiClient(rig.gw.url, "unused");
  return {
    mock: rig.mock,
    client,
    url: rig.gw.url,
    [Symbol.asyncDispose]: async () => {
      await rig[Symbol.asyncDispose]();
      responses.close();
    },
  };
}

function ev(type: string, data: Record<string, unknown>): SseEvent {
  return { event: type, data: JSON.stringify({ type, ...data }) };
}

function anthropicStream(
  blocks: ({ text: string[] } | { tool: string; id: string; json: string[] })[],
  stop: string,
): SseEvent[] {
  const out: SseEvent[] = [ev("message_start", {
    message: {
      id: "msg_up",
      type: "message",
      role: "assistant",
      model: "model-x",
      content: [],
      stop_reason: null,
      stop_sequence: null,
      usage: { input_tokens: 20, output_tokens: 1, cache_read_input_tokens: 4 },
    },
  })];
  blocks.forEach((b, index) => {
    if ("text" in b) {
      out.push(ev("content_block_start", {
        index,
        content_block: { type: "text", text: "" },
      }));
      for (const text of b.text) {
        out.push(ev("content_block_delta", {
          index,
          delta: { type: "text_delta", text },
        }));
      }
    } else {
      out.push(ev("content_block_start", {
        index,
        content_block: { type: "tool_use", id: b.id, name: b.tool, input: {} },
      }));
      for (const partial_json of b.json) {
        out.push(ev("content_block_delta", {
          index,
          delta: { type: "input_json_delta", partial_json },
        }));
      }
    }
    out.push(ev("content_block_stop", { index }));
  });
  out.push(
    ev("message_delta", {
      delta: { stop_reason: stop, stop_sequence: null },
      usage: { output_tokens: 9 },
    }),
    ev("message_stop", {}),
  );
  return out;
}

function chatStream(
  blocks: ({ text: string[] } | { tool: string; id: string; json: string[] })[],
  finish: string,
): SseEvent[] {
  const chunk = (delta: Record<string, unknown>, f: string | null = null) => ({
    data: JSON.stringify({
      id: "chatcmpl-up",
      object: "chat.completion.chunk",
      created: 1,
      model: "model-x",
      choices: [{ index: 0, delta, finish_reason: f }],
    }),
  });
  const out: SseEvent[] = [chunk({ role: "assistant", content: "" })];
  let toolIndex = 0;
  for (const b of blocks) {
    if ("text" in b) {
      for (const content of b.text) out.push(chunk({ content }));
    } else {
      const index = toolIndex++;
      out.push(chunk({
        tool_calls: [{
          index,
          id: b.id,
          type: "function",
          function: { name: b.tool, arguments: "" },
        }],
      }));
      for (const args of b.json) {
        out.push(chunk({
          tool_calls: [{ index, function: { arguments: args } }],
        }));
      }
    }
  }
  out.push(chunk({}, finish), {
    data: JSON.stringify({
      id: "chatcmpl-up",
      object: "chat.completion.chunk",
      created: 1,
      model: "model-x",
      choices: [],
      usage: {
        prompt_tokens: 24,
        completion_tokens: 9,
        total_tokens: 33,
        prompt_tokens_details: { cached_tokens: 4 },
        completion_tokens_details: { reasoning_tokens: 2 },
      },
    }),
  }, { data: "[DONE]" });
  return out;
}

/** A streamed upstream answer: text blocks and tool calls, ending as `end` says. */
export function streamReply(
  target: Target,
  blocks: ({ text: string[] } | { tool: string; id: string; json: string[] })[],
  end: "stop" | "tools" | "length",
): MockReply {
  const events = target === "anthropic"
    ? anthropicStream(
      blocks,
      end === "stop" ? "end_turn" : end === "tools" ? "tool_use" : "max_tokens",
    )
    : chatStream(
      blocks,
      end === "stop" ? "stop" : end === "tools" ? "tool_calls" : "length",
    );
  return { kind: "sse", events, chunkBytes: 5 };
}

/** A whole upstream answer with `text`. */
export function jsonReply(
  target: Target,
  text: string,
  end: "stop" | "length",
): MockReply {
  if (target === "anthropic") {
    return {
      kind: "json",
      body: {
        id: "msg_up",
        type: "message",
        role: "assistant",
        model: "model-x",
        content: [{ type: "text", text }],
        stop_reason: end === "stop" ? "end_turn" : "max_tokens",
        stop_sequence: null,
        usage: {
          input_tokens: 20,
          output_tokens: 9,
          cache_read_input_tokens: 4,
        },
      },
    };
  }
  return {
    kind: "json",
    body: {
      id: "chatcmpl-up",
      object: "chat.completion",
      created: 1,
      model: "model-x",
      choices: [{
        index: 0,
        message: { role: "assistant", content: text },
        finish_reason: end,
      }],
      usage: {
        prompt_tokens: 24,
        completion_tokens: 9,
        total_tokens: 33,
        prompt_tokens_details: { cached_tokens: 4 },
        completion_tokens_details: { reasoning_tokens: 2 },
      },
    },
  };
}

/** Tool calls the upstream request carries in its history: [id, name, args]. */
export function upstreamCalls(
  target: Target,
  req: RecordedRequest,
): unknown[][] {
  const out: unknown[][] = [];
  for (const m of (req.body?.messages ?? []) as Record<string, unknown>[]) {
    if (target === "anthropic" && Array.isArray(m.content)) {
      for (const b of m.content) {
        if (b.type === "tool_use") out.push([b.id, b.name, b.input]);
      }
    }
    if (target === "chat" && Array.isArray(m.tool_calls)) {
      for (const c of m.tool_calls) {
        out.push([c.id, c.function.name, JSON.parse(c.function.arguments)]);
      }
    }
  }
  return out;
}

/** Tool results the upstream request carries: [id, text]. */
export function upstreamResults(
  target: Target,
  req: RecordedRequest,
): unknown[][] {
  const out: unknown[][] = [];
  for (const m of (req.body?.messages ?? []) as Record<string, unknown>[]) {
    if (target === "anthropic" && Array.isArray(m.content)) {
      for (const b of m.content) {
        if (b.type === "tool_result") out.push([b.tool_use_id, b.content]);
      }
    }
    if (target === "chat" && m.role === "tool") {
      out.push([m.tool_call_id, m.content]);
    }
  }
  return out;
}
