/**
 * Anthropic message → Chat Completion, as pure functions; also the usage and stop-reason
 * tables the stream converter shares.
 *
 * Mapping: text blocks → `content` (joined); `tool_use` → `tool_calls` with JSON-string
 * arguments (the `response_format` schema tool → `content`); `thinking` → `reasoning_content`
 * (DeepSeek's field; signatures and redacted thinking are dropped); `stop_reason` via
 * {@link FINISH_REASON}; usage → prompt tokens including cache reads and writes, cache reads in
 * `prompt_tokens_details.cached_tokens`.
 *
 * @module
 */
import type * as anthropic from "../protocol/anthropic/types.ts";
import type * as openai from "../protocol/openai/types.ts";
import { sumInputTokens } from "../protocol/anthropic/usage.ts";

/** Anthropic stop reason → OpenAI finish reason. */
export const FINISH_REASON = {
  end_turn: "stop",
  stop_sequence: "stop",
  pause_turn: "stop",
  max_tokens: "length",
  model_context_window_exceeded: "length",
  tool_use: "tool_calls",
  refusal: "content_filter",
} as const satisfies Record<anthropic.StopReason, openai.FinishReason>;

/** Options of {@link toChatCompletion}. */
export interface ToChatCompletionOptions {
  /** Unix seconds for `created`. */
  created: number;
  /** The tool standing in for `response_format: json_schema`, whose input becomes the content. */
  jsonToolName?: string;
}

/** Anthropic usage → OpenAI usage; absent usage stays absent. */
export function toOpenAiUsage(
  usage: anthropic.DeltaUsage | undefined,
): openai.Usage | undefined {
  if (usage === undefined) return undefined;
  const input = sumInputTokens(usage);
  const out: openai.Usage = {
    prompt_tokens: input.total,
    completion_tokens: usage.output_tokens,
    total_tokens: input.total + usage.output_tokens,
  };
  if (input.cached !== undefined) {
    out.prompt_tokens_details = { cached_tokens: input.cached };
  }
  return out;
}

/** The finish reason for a stop reason, given whether the schema tool answered. */
export function toFinishReason(
  reason: anthropic.StopReason | null,
  answeredBySchemaTool: boolean,
): openai.FinishReason | null {
  if (reason === null) return null;
  if (reason === "tool_use" && answeredBySchemaTool) return "stop";
  return FINISH_REASON[reason];
}

/** Converts a non-streamed Anthropic message. */
export function toChatCompletion(
  msg: anthropic.MessagesResponse,
  opts: ToChatCompletionOptions,
): openai.ChatCompletion {
  let text: string | undefined;
  let reasoning: string | undefined;
  const toolCalls: openai.ToolCall[] = [];
  let answeredBySchemaTool = false;
  for (const block of msg.content) {
    switch (block.type) {
      case "text":
        text = (text ?? "") + block.text;
        break;
      case "thinking":
        reasoning = (reasoning ?? "") + block.thinking;
        break;
      case "redacted_thinking":
        break;
      case "tool_use":
        if (block.name === opts.jsonToolName) {
          answeredBySchemaTool = true;
          text = (text ?? "") + JSON.stringify(block.input);
        } else {
          toolCalls.push({
            id: block.id,
            type: "function",
            function: {
              name: block.name,
              arguments: JSON.stringify(block.input),
            },
          });
        }
        break;
      default: {
        const never: never = block;
        throw new TypeError(`Unhandled block ${JSON.stringify(never)}`);
      }
    }
  }
  const message: openai.ResponseMessage = {
    role: "assistant",
    content: text ?? (toolCalls.length > 0 ? null : ""),
  };
  if (reasoning !== undefined) message.reasoning_content = reasoning;
  if (toolCalls.length > 0) message.tool_calls = toolCalls;
  const out: openai.ChatCompletion = {
    id: msg.id,
    object: "chat.completion",
    created: opts.created,
    model: msg.model,
    choices: [{
      index: 0,
      message,
      finish_reason: toFinishReason(msg.stop_reason, answeredBySchemaTool) ??
        "stop",
      logprobs: null,
    }],
  };
  const usage = toOpenAiUsage(msg.usage);
  if (usage) out.usage = usage;
  return out;
}
