/**
 * Anthropic stop reasons as the way a Responses API response ends.
 * https://docs.anthropic.com/en/api/messages#response-stop-reason →
 * https://platform.openai.com/docs/api-reference/responses/object#responses/object-status
 *
 * @module
 */
import type * as anthropic from "../protocol/anthropic/types.ts";
import type { Finish } from "../protocol/responses/response_base.ts";

/** Anthropic stop reason → how the response ends. */
export const STOP = {
  end_turn: { status: "completed" },
  stop_sequence: { status: "completed" },
  pause_turn: { status: "completed" },
  tool_use: { status: "completed" },
  max_tokens: { status: "incomplete", reason: "max_output_tokens" },
  model_context_window_exceeded: {
    status: "incomplete",
    reason: "max_output_tokens",
  },
  refusal: { status: "incomplete", reason: "content_filter" },
} as const satisfies Record<anthropic.StopReason, Finish>;
