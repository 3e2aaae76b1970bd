/**
 * Anthropic usage as the OpenAI formats need it, shared by the Chat Completions and Responses
 * conversions: {@link sumInputTokens} (the split input counters as one count) and
 * {@link mergeUsage} (a stream's usage, gathered from message_start and message_delta).
 *
 * @module
 */
import type * as anthropic from "./types.ts";

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

/**
 * Folds a stream event's usage into what is known so far: later counters win, and counters the
 * event does not carry keep their earlier value.
 */
export function mergeUsage(
  base: anthropic.DeltaUsage | undefined,
  next: anthropic.DeltaUsage | undefined,
): anthropic.DeltaUsage | undefined {
  if (next === undefined) return base;
  const out: anthropic.DeltaUsage = {
    ...base,
    output_tokens: next.output_tokens,
  };
  if (next.input_tokens != null) out.input_tokens = next.input_tokens;
  if (next.cache_creation_input_tokens != null) {
    out.cache_creation_input_tokens = next.cache_creation_input_tokens;
  }
  if (next.cache_read_input_tokens != null) {
    out.cache_read_input_tokens = next.cache_read_input_tokens;
  }
  return out;
}
