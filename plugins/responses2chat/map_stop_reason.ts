/**
 * Chat Completions finish reasons as the way a Responses API response ends.
 * https://platform.openai.com/docs/api-reference/chat/object#chat/object-choices →
 * https://platform.openai.com/docs/api-reference/responses/object#responses/object-status
 *
 * @module
 */
import type * as openai from "../protocol/openai/types.ts";
import type { Finish } from "../protocol/responses/response_base.ts";

/** Chat finish reason → how the response ends. */
export const FINISH = {
  stop: { status: "completed" },
  tool_calls: { status: "completed" },
  function_call: { status: "completed" },
  length: { status: "incomplete", reason: "max_output_tokens" },
  content_filter: { status: "incomplete", reason: "content_filter" },
} as const satisfies Record<openai.FinishReason, Finish>;
