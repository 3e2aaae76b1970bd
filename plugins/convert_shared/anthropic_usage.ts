/**
 * {@link sumInputTokens}: Anthropic's split input counters as the single input count OpenAI's
 * formats report, shared by the Chat Completions and Responses conversions of Anthropic usage.
 *
 * @module
 */
import type * as anthropic from "../protocol/anthropic.ts";

/** Input tokens in OpenAI's sense, and the part of them read from the cache (absent stays absent). */
export interface InputTokens {
  total: number;
  cached: number | undefined;
}

/**
 * Sums uncached, cache-write and cache-read input tokens: Anthropic counts them apart, OpenAI
 * reports them as one number with the cached part as a detail.
 */
export function sumInputTokens(usage: anthropic.DeltaUsage): InputTokens {
  const cached = usage.cache_read_input_tokens ?? undefined;
  const total = (usage.input_tokens ?? 0) +
    (usage.cache_creation_input_tokens ?? 0) + (cached ?? 0);
  return { total, cached };
}
