/**
 * Chat Completions finish reasons as Anthropic stop reasons, for whole answers and streams.
 * https://platform.openai.com/docs/api-reference/chat/object#chat/object-choices →
 * https://docs.anthropic.com/en/api/messages#response-stop-reason
 *
 * @module
 */
import type * as anthropic from "../protocol/anthropic/types.ts";
import type * as openai from "../protocol/openai/types.ts";

/** OpenAI finish reason → Anthropic stop reason. */
export const STOP_REASON = {
  stop: "end_turn",
  length: "max_tokens",
  tool_calls: "tool_use",
  function_call: "tool_use",
  content_filter: "refusal",
} as const satisfies Record<openai.FinishReason, anthropic.StopReason>;

/** The stop reason for a finish reason, given whether tool calls were made. */
export function toStopReason(
  reason: openai.FinishReason | null,
  madeToolCalls: boolean,
): anthropic.StopReason {
  if (madeToolCalls && (reason === "stop" || reason === null)) {
    return "tool_use";
  }
  return reason === null ? "end_turn" : STOP_REASON[reason];
}
