/**
 * {@link REASONING_EFFORTS}: the reasoning effort values the request parsers accept, for Chat
 * Completions' `reasoning_effort` and the Responses API's `reasoning.effort` alike.
 *
 * @module
 */
import type * as openai from "./types.ts";

/** Every {@link openai.ReasoningEffort}, for `readEnum`. */
export const REASONING_EFFORTS = [
  "none",
  "minimal",
  "low",
  "medium",
  "high",
  "xhigh",
] as const satisfies readonly openai.ReasoningEffort[];
