/**
 * The `openai2anthropic` converter: OpenAI Chat Completions clients, Anthropic Messages
 * upstreams, declared on the converter contract (`define_converter.ts`). What each conversion
 * drops or adjusts is listed in its module doc. Public: `plugins/registry.ts` imports
 * {@link openai2anthropic}; tests may import any file of this folder.
 *
 * @module
 */
import { type ConverterCall, defineConverter } from "../define_converter.ts";
import { toOpenAiError } from "../convert_shared/to_openai_error.ts";
import { unhandledFields } from "../convert_shared/unhandled_fields.ts";
import type * as openai from "../protocol/openai/types.ts";
import { parseChatCompletionRequest } from "../protocol/openai/parse_request.ts";
import { parseMessagesResponse } from "../protocol/anthropic/parse_response.ts";
import { guardThinking } from "../protocol/anthropic/thinking_guard.ts";
import {
  createOpenAiStreamState,
  flushOpenAiStream,
  toOpenAiChunks,
} from "./stream_to_openai.ts";
import { toAnthropicRequest } from "./to_anthropic_request.ts";
import { toChatCompletion } from "./to_openai_response.ts";

/** Request fields the converter reads; any other field is dropped with a warning. */
const HANDLED_FIELDS: ReadonlySet<string> = new Set([
  "model",
  "messages",
  "max_tokens",
  "max_completion_tokens",
  "stop",
  "temperature",
  "top_p",
  "n",
  "stream",
  "stream_options",
  "tools",
  "tool_choice",
  "parallel_tool_calls",
  "user",
  "reasoning_effort",
  "response_format",
  "logprobs",
  "top_logprobs",
  "modalities",
  "audio",
]);

/** What the response side must know about the request. */
export interface Openai2AnthropicState {
  readonly model: string;
  /** Unix seconds of the request: a stream's chunks carry it as `created`. */
  readonly created: number;
  readonly includeUsage: boolean;
  /** The tool standing in for `response_format: json_schema`, whose input is the answer. */
  readonly jsonToolName: string | undefined;
}

function nowSeconds(): number {
  return Math.floor(Date.now() / 1000);
}

function parseRequest(
  body: Record<string, unknown>,
  call: ConverterCall,
): openai.ChatCompletionRequest {
  const parsed = parseChatCompletionRequest(body);
  const dropped = unhandledFields(body, HANDLED_FIELDS);
  if (dropped.length > 0) {
    call.warnings.debug("Dropped fields Anthropic does not support", {
      dropped,
    });
  }
  return parsed;
}

function mapRequest(parsed: openai.ChatCompletionRequest, call: ConverterCall) {
  const body = toAnthropicRequest(parsed, {
    defaultMaxTokens: call.downstream.defaultMaxTokens,
    maxOutputTokens: call.downstream.maxOutputTokens,
    warnings: call.warnings,
  });
  const format = parsed.response_format;
  const state: Openai2AnthropicState = {
    model: parsed.model,
    created: nowSeconds(),
    includeUsage: parsed.stream_options?.include_usage === true,
    jsonToolName: format?.type === "json_schema"
      ? format.json_schema.name
      : undefined,
  };
  // OpenAI clients send no signed thinking back, so continuing a tool turn with thinking on
  // would be refused by Anthropic: that turn goes with thinking off.
  return { body: guardThinking({ ...body }, call.warnings), state };
}

/** OpenAI Chat Completions → Anthropic Messages converter. */
export const openai2anthropic = defineConverter({
  id: "openai2anthropic",
  description:
    "Translates OpenAI Chat Completions requests to Anthropic Messages and back",
  converts: { from: "openai", to: "anthropic" },
  paths: { "/chat/completions": "/messages" },
  parseRequest,
  mapRequest,
  mapResponse: (body, { state }) =>
    toChatCompletion(parseMessagesResponse(body), {
      created: nowSeconds(),
      jsonToolName: state.jsonToolName,
    }),
  mapError: toOpenAiError,
  createStream: ({ state }) => createOpenAiStreamState(state),
  mapStreamEvent: (event, { stream }) => toOpenAiChunks(event, stream),
  flushStream: ({ stream }) => flushOpenAiStream(stream),
});
