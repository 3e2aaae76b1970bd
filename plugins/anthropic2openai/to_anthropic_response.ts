/**
 * Chat Completion → Anthropic message, as pure functions; also the usage mapping and message
 * ids the stream converter shares.
 *
 * Mapping: `reasoning_content` → a `thinking` block signed with Tresor's marker (not a signature
 * Anthropic made: it is dropped if the client later sends it to Anthropic, and turned back into
 * reasoning for a Chat Completions provider); `content` and `refusal` → text blocks;
 * `tool_calls` → `tool_use` blocks with parsed input, under the client's tool names;
 * `finish_reason` via `map_stop_reason.ts` (`tool_use` whenever tool calls were made); usage → uncached `input_tokens` plus `cache_read_input_tokens`. Only the first choice
 * is read (the request never asks for more).
 *
 * @module
 */
import type * as anthropic from "../protocol/anthropic/types.ts";
import type * as openai from "../protocol/openai/types.ts";
import type { WarningSink } from "../warnings.ts";
import { isRecord } from "../protocol/json_reader.ts";
import { tryParseJson } from "../protocol/lenient_json.ts";
import { TRANSLATED_SIGNATURE } from "../protocol/anthropic/thinking_marker.ts";
import type { ToolNameMap } from "../protocol/openai/tool_names.ts";
import { toStopReason } from "./map_stop_reason.ts";

/** Options of {@link toAnthropicMessage}. */
export interface ToAnthropicMessageOptions {
  warnings?: WarningSink;
  /** The request's safe tool names, to map called tools back to the client's names. */
  toolNames?: ToolNameMap;
}

/** `msg_…` id for an upstream completion id. */
export function toMessageId(id: string): string {
  return id.startsWith("msg_") ? id : `msg_${id === "" ? "tresor" : id}`;
}

/** OpenAI usage → Anthropic usage (input excludes cache reads); absent stays absent. */
export function toAnthropicUsage(
  usage: openai.Usage | undefined,
): anthropic.Usage | undefined {
  if (usage === undefined) return undefined;
  const cached = usage.prompt_tokens_details?.cached_tokens;
  const out: anthropic.Usage = {
    input_tokens: usage.prompt_tokens - (cached ?? 0),
    output_tokens: usage.completion_tokens,
  };
  if (cached !== undefined) out.cache_read_input_tokens = cached;
  return out;
}

/** Tool arguments as an object; malformed JSON is logged and becomes `{}`. */
export function toToolInput(
  args: string,
  warnings?: WarningSink,
): Record<string, unknown> {
  if (args.trim() === "") return {};
  const value = tryParseJson(args);
  if (isRecord(value)) return value;
  warnings?.warn("Upstream sent tool arguments that are not a JSON object", {
    length: args.length,
  });
  return {};
}

/** Converts a non-streamed completion. */
export function toAnthropicMessage(
  completion: openai.ChatCompletion,
  opts: ToAnthropicMessageOptions = {},
): anthropic.MessagesResponse {
  const choice = completion.choices[0];
  const content: anthropic.ResponseBlock[] = [];
  const m = choice?.message;
  if (m?.reasoning_content) {
    content.push({
      type: "thinking",
      thinking: m.reasoning_content,
      signature: TRANSLATED_SIGNATURE,
    });
  }
  if (m?.content) content.push({ type: "text", text: m.content });
  if (m?.refusal) content.push({ type: "text", text: m.refusal });
  for (const call of m?.tool_calls ?? []) {
    content.push({
      type: "tool_use",
      id: call.id,
      name: opts.toolNames?.toClient(call.function.name) ?? call.function.name,
      input: toToolInput(call.function.arguments, opts.warnings),
    });
  }
  const out: anthropic.MessagesResponse = {
    id: toMessageId(completion.id),
    type: "message",
    role: "assistant",
    model: completion.model,
    content,
    stop_reason: toStopReason(
      choice?.finish_reason ?? null,
      (m?.tool_calls?.length ?? 0) > 0,
    ),
    stop_sequence: null,
  };
  const usage = toAnthropicUsage(completion.usage);
  if (usage) out.usage = usage;
  return out;
}
