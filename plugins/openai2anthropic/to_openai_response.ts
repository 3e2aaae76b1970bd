/**
 * Anthropic message → Chat Completion, as pure functions; also the usage mapping the stream
 * converter shares.
 *
 * Mapping: text blocks → `content` (joined); `tool_use` → `tool_calls` with JSON-string
 * arguments (the `response_format` schema tool → `content`); `thinking` → `reasoning_content`
 * (DeepSeek's field; signatures and redacted thinking are dropped); `stop_reason` via
 * `map_stop_reason.ts`; usage → prompt tokens including cache reads and writes, cache reads in
 * `prompt_tokens_details.cached_tokens`.
 *
 * @module
 */
import type * as anthropic from "../protocol/anthropic/types.ts";
import type * as openai from "../protocol/openai/types.ts";
import { sumInputTokens } from "../protocol/anthropic/usage.ts";
import { toFinishReason } from "./map_stop_reason.ts";

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
