/**
 * Mock upstream answers that report usage, one distinctive set of counts per wire format (so a
 * usage row shows which upstream it came from), whole or streamed, plus an answer that reports
 * none (for estimates). Used by the usage e2e tests.
 */
import type { SseEvent } from "../../plugins/mod.ts";
import type { MockReply, RecordedRequest } from "./mock_upstream.ts";

/** What a Chat Completions upstream reports: 1,200 prompt (200 cached), 300 out (50 reasoning). */
export const CHAT_USAGE = {
  prompt_tokens: 1200,
  completion_tokens: 300,
  total_tokens: 1500,
  prompt_tokens_details: { cached_tokens: 200 },
  completion_tokens_details: { reasoning_tokens: 50 },
};

/** What an Anthropic upstream reports: 100 in, 2,000 cache reads, 300 + 200 (1 h) writes, 400 out. */
export const ANTHROPIC_USAGE = {
  input_tokens: 100,
  cache_read_input_tokens: 2000,
  cache_creation_input_tokens: 500,
  cache_creation: {
    ephemeral_5m_input_tokens: 300,
    ephemeral_1h_input_tokens: 200,
  },
  output_tokens: 400,
};

/** What a Responses upstream reports: 900 in (100 cached), 250 out (30 reasoning). */
export const RESPONSES_USAGE = {
  input_tokens: 900,
  input_tokens_details: { cached_tokens: 100 },
  output_tokens: 250,
  output_tokens_details: { reasoning_tokens: 30 },
  total_tokens: 1150,
};

/** The text every answer carries. */
export const ANSWER_TEXT = "The quick brown fox jumps over the lazy dog.";
const PARTS = ["The quick brown ", "fox jumps over ", "the lazy dog."];

function chatChunk(
  model: string,
  delta: Record<string, unknown>,
  finish: string | null,
): SseEvent {
  return {
    data: JSON.stringify({
      id: "chatcmpl-u",
      object: "chat.completion.chunk",
      created: 1,
      model,
      choices: [{ index: 0, delta, finish_reason: finish }],
    }),
  };
}

function chatReply(model: string, stream: boolean, usage: boolean): MockReply {
  if (!stream) {
    return {
      kind: "json",
      body: {
        id: "chatcmpl-u",
        object: "chat.completion",
        created: 1,
        model,
        choices: [{
          index: 0,
          message: { role: "assistant", content: ANSWER_TEXT, refusal: null },
          finish_reason: "stop",
          logprobs: null,
        }],
        ...(usage && { usage: CHAT_USAGE }),
      },
    };
  }
  const events = [
    chatChunk(model, { role: "assistant", content: "" }, null),
    ...PARTS.map((content) => chatChunk(model, { content }, null)),
    chatChunk(model, {}, "stop"),
  ];
  if (usage) {
    events.push({
      data: JSON.stringify({
        id: "chatcmpl-u",
        object: "chat.completion.chunk",
        created: 1,
        model,
        choices: [],
        usage: CHAT_USAGE,
      }),
    });
  }
  events.push({ data: "[DONE]" });
  return { kind: "sse", events, chunkBytes: 61 };
}

function anthropicEvent(type: string, data: Record<string, unknown>): SseEvent {
  return { event: type, data: JSON.stringify({ type, ...data }) };
}

function anthropicReply(model: string, stream: boolean): MockReply {
  if (!stream) {
    return {
      kind: "json",
      body: {
        id: "msg_u",
        type: "message",
        role: "assistant",
        model,
        content: [{ type: "text", text: ANSWER_TEXT }],
        stop_reason: "end_turn",
        stop_sequence: null,
        usage: ANTHROPIC_USAGE,
      },
    };
  }
  const { output_tokens: _, ...startUsage } = ANTHROPIC_USAGE;
  return {
    kind: "sse",
    chunkBytes: 47,
    events: [
      anthropicEvent("message_start", {
        message: {
          id: "msg_u",
          type: "message",
          role: "assistant",
          model,
          content: [],
          stop_reason: null,
          stop_sequence: null,
          usage: { ...startUsage, output_tokens: 1 },
        },
      }),
      anthropicEvent("content_block_start", {
        index: 0,
        content_block: { type: "text", text: "" },
      }),
      ...PARTS.map((text) =>
        anthropicEvent("content_block_delta", {
          index: 0,
          delta: { type: "text_delta", text },
        })
      ),
      anthropicEvent("content_block_stop", { index: 0 }),
      anthropicEvent("message_delta", {
        delta: { stop_reason: "end_turn", stop_sequence: null },
        usage: { output_tokens: ANTHROPIC_USAGE.output_tokens },
      }),
      anthropicEvent("message_stop", {}),
    ],
  };
}

function response(model: string, status: string, withOutput: boolean) {
  return {
    id: "resp_u",
    object: "response",
    created_at: 1,
    status,
    model,
    output: withOutput
      ? [{
        type: "message",
        id: "msg_u",
        status: "completed",
        role: "assistant",
        content: [{ type: "output_text", text: ANSWER_TEXT, annotations: [] }],
      }]
      : [],
    usage: withOutput ? RESPONSES_USAGE : null,
  };
}

function responsesReply(model: string, stream: boolean): MockReply {
  if (!stream) {
    return { kind: "json", body: response(model, "completed", true) };
  }
  let sequence = 0;
  const ev = (type: string, data: Record<string, unknown>): SseEvent => ({
    event: type,
    data: JSON.stringify({ type, sequence_number: sequence++, ...data }),
  });
  const item = { type: "message", id: "msg_u", role: "assistant" };
  return {
    kind: "sse",
    chunkBytes: 83,
    events: [
      ev("response.created", {
        response: response(model, "in_progress", false),
      }),
      ev("response.output_item.added", {
        output_index: 0,
        item: { ...item, status: "in_progress", content: [] },
      }),
      ev("response.content_part.added", {
        item_id: "msg_u",
        output_index: 0,
        content_index: 0,
        part: { type: "output_text", text: "", annotations: [] },
      }),
      ...PARTS.map((delta) =>
        ev("response.output_text.delta", {
          item_id: "msg_u",
          output_index: 0,
          content_index: 0,
          delta,
        })
      ),
      ev("response.output_text.done", {
        item_id: "msg_u",
        output_index: 0,
        content_index: 0,
        text: ANSWER_TEXT,
      }),
      ev("response.completed", {
        response: response(model, "completed", true),
      }),
    ],
  };
}

/**
 * Answers by the upstream path in its format with usage; models named `*-silent` answer as
 * Chat Completions without any usage.
 */
export function usageReply(req: RecordedRequest): MockReply {
  const model = typeof req.body?.model === "string" ? req.body.model : "none";
  const stream = req.body?.stream === true;
  if (req.path.endsWith("/messages")) return anthropicReply(model, stream);
  if (req.path.endsWith("/responses")) return responsesReply(model, stream);
  return chatReply(model, stream, !model.endsWith("-silent"));
}
