/**
 * Token usage as the upstream reported it, in one shape whatever the format. The counters are
 * disjoint, as Anthropic reports them: `input_tokens` is the prompt neither read from nor
 * written to the cache, so input + cache read + cache write is the whole prompt. Output counts
 * every generated token, reasoning included (`reasoning_tokens` is the part of it spent
 * reasoning, when the upstream says).
 *
 * - Anthropic: `input_tokens`, `cache_read_input_tokens`, `cache_creation_input_tokens` with
 *   `cache_creation.ephemeral_5m_input_tokens` / `ephemeral_1h_input_tokens`, `output_tokens`.
 *   https://docs.anthropic.com/en/api/messages
 * - Chat Completions: `prompt_tokens` (cached included) with
 *   `prompt_tokens_details.cached_tokens`, `completion_tokens` with
 *   `completion_tokens_details.reasoning_tokens`; DeepSeek's `prompt_cache_hit_tokens` and
 *   OpenRouter's `prompt_tokens_details.cache_write_tokens` are read too.
 *   https://platform.openai.com/docs/api-reference/chat/object
 * - Responses: `input_tokens` (cached included) with `input_tokens_details.cached_tokens`,
 *   `output_tokens` with `output_tokens_details.reasoning_tokens`.
 *   https://platform.openai.com/docs/api-reference/responses/object
 *
 * @module
 */
import type { ApiFormat } from "../plugins/mod.ts";

/** Token counts of one request; a counter the upstream did not report stays absent. */
export interface Usage {
  input_tokens?: number;
  output_tokens?: number;
  cache_read_tokens?: number;
  /** Cache writes of any TTL (5 minutes unless the upstream says otherwise). */
  cache_write_tokens?: number;
  /** The part of `cache_write_tokens` written for one hour. */
  cache_write_1h_tokens?: number;
  reasoning_tokens?: number;
  /** Set when the counts are Tresor's estimate: the upstream reported none. */
  estimated?: boolean;
}

/**
 * An upstream's usage counters flattened one level (`prompt_tokens_details.cached_tokens`), as
 * gathered from one or more events: a later event's counter replaces an earlier one's (stream
 * counts are cumulative).
 */
export type RawUsage = Record<string, number>;

function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}

function isCount(value: unknown): value is number {
  return typeof value === "number" && Number.isFinite(value) && value >= 0;
}

/** Sets a counter; a later zero never erases an earlier count (some upstreams send 0 for "same"). */
function set(into: RawUsage, key: string, value: number): void {
  if (value > 0 || !Object.hasOwn(into, key)) into[key] = value;
}

/** Adds the counters of a `usage` object to `into` (two levels deep; non-counts ignored). */
export function collectUsage(usage: unknown, into: RawUsage): void {
  if (!isRecord(usage)) return;
  for (const [key, value] of Object.entries(usage)) {
    if (isCount(value)) set(into, key, value);
    else if (isRecord(value)) {
      for (const [inner, count] of Object.entries(value)) {
        if (isCount(count)) set(into, `${key}.${inner}`, count);
      }
    }
  }
}

/** Collects the usage a body or event carries: `usage`, `message.usage` or `response.usage`. */
export function collectUsageOf(value: unknown, into: RawUsage): void {
  if (!isRecord(value)) return;
  collectUsage(value.usage, into);
  if (isRecord(value.message)) collectUsage(value.message.usage, into);
  if (isRecord(value.response)) collectUsage(value.response.usage, into);
}

/** Sets `key` on `usage` when `value` is a count (absent stays absent). */
function put(
  usage: Usage,
  key: keyof Omit<Usage, "estimated">,
  value?: number,
) {
  if (value !== undefined) usage[key] = value;
}

function fromAnthropic(raw: RawUsage): Usage {
  const usage: Usage = {};
  put(usage, "input_tokens", raw.input_tokens);
  put(usage, "output_tokens", raw.output_tokens);
  put(usage, "cache_read_tokens", raw.cache_read_input_tokens);
  const fiveMinutes = raw["cache_creation.ephemeral_5m_input_tokens"];
  const oneHour = raw["cache_creation.ephemeral_1h_input_tokens"];
  const split = fiveMinutes === undefined && oneHour === undefined
    ? undefined
    : (fiveMinutes ?? 0) + (oneHour ?? 0);
  put(usage, "cache_write_tokens", raw.cache_creation_input_tokens ?? split);
  put(usage, "cache_write_1h_tokens", oneHour);
  return usage;
}

/** The uncached part of a prompt count that includes its cached and cache-written tokens. */
function uncached(
  prompt: number | undefined,
  ...parts: (number | undefined)[]
) {
  if (prompt === undefined) return undefined;
  return Math.max(
    0,
    parts.reduce<number>((left, p) => left - (p ?? 0), prompt),
  );
}

function fromChat(raw: RawUsage): Usage {
  const usage: Usage = {};
  const cached = raw["prompt_tokens_details.cached_tokens"] ??
    raw.prompt_cache_hit_tokens;
  const written = raw["prompt_tokens_details.cache_write_tokens"];
  put(usage, "input_tokens", uncached(raw.prompt_tokens, cached, written));
  put(usage, "output_tokens", raw.completion_tokens);
  put(usage, "cache_read_tokens", cached);
  put(usage, "cache_write_tokens", written);
  put(
    usage,
    "reasoning_tokens",
    raw["completion_tokens_details.reasoning_tokens"],
  );
  return usage;
}

function fromResponses(raw: RawUsage): Usage {
  const usage: Usage = {};
  const cached = raw["input_tokens_details.cached_tokens"];
  put(usage, "input_tokens", uncached(raw.input_tokens, cached));
  put(usage, "output_tokens", raw.output_tokens);
  put(usage, "cache_read_tokens", cached);
  put(usage, "reasoning_tokens", raw["output_tokens_details.reasoning_tokens"]);
  return usage;
}

/** The usage `raw` holds, read the way `format` (the upstream's) reports it. */
export function toUsage(raw: RawUsage, format: ApiFormat): Usage {
  switch (format) {
    case "anthropic":
      return fromAnthropic(raw);
    case "openai":
      return fromChat(raw);
    case "responses":
      return fromResponses(raw);
    default:
      throw new TypeError(
        `Unknown format ${JSON.stringify(format satisfies never)}`,
      );
  }
}

/** Whether the upstream reported any count (input or output). */
export function hasCounts(usage: Usage): boolean {
  return usage.input_tokens !== undefined || usage.output_tokens !== undefined;
}

/** The usage of a whole upstream body in `format`. */
export function readUsage(body: unknown, format: ApiFormat): Usage {
  const raw: RawUsage = {};
  collectUsageOf(body, raw);
  return toUsage(raw, format);
}
