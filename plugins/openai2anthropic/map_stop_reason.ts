/**
 * Anthropic stop reasons as Chat Completions finish reasons, for whole answers and streams.
 * https://docs.anthropic.com/en/api/messages#response-stop-reason →
 * https://platform.openai.com/docs/api-reference/chat/object#chat/object-choices
 *
 * @module
 */
import type * as anthropic from "../protocol/anthropic/types.ts";
import type * as openai from "../protocol/openai/types.ts";

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

/** The finish reason for a stop reason, given whether the schema tool answered. */
export function toFinishReason(
  reason: anthropic.StopReason | null,
  answeredBySchemaTool: boolean,
): openai.FinishReason | null {
  if (reason === null) return null;
  if (reason === "tool_use" && answeredBySchemaTool) return "stop";
  return FINISH_REASON[reason];
}
