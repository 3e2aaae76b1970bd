/**
 * The `openai2anthropic` converter: OpenAI Chat Completions clients, Anthropic Messages
 * upstreams. Wires the pure conversions of this folder into the plugin contract; what each
 * drops or adjusts is listed in their module docs. Public: `plugins/registry.ts` imports
 * {@link openai2anthropic}; tests may import any file of this folder.
 *
 * @module
 */
import { z } from "zod";
import { definePlugin } from "../define.ts";
import { PluginError } from "../errors.ts";
import { jsonResponse, toJsonObject } from "../convert_shared/json_response.ts";
import { toOpenAiError } from "../convert_shared/to_openai_error.ts";
import { parseChatCompletionRequest } from "../protocol/openai/parse_request.ts";
import { parseMessagesResponse } from "../protocol/anthropic/parse_response.ts";
import {
  createOpenAiStreamState,
  flushOpenAiStream,
  type OpenAiStreamState,
  toOpenAiChunks,
} from "./stream_to_openai.ts";
import { toAnthropicRequest } from "./to_anthropic_request.ts";
import { toChatCompletion } from "./to_openai_response.ts";
import { guardThinking } from "../protocol/anthropic/thinking_guard.ts";

/** Request fields the converter reads; any other field is dropped and logged at debug. */
const HANDLED_FIELDS = new Set([
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

/** Per-request state: what the response side must know about the request. */
export interface Openai2AnthropicState {
  converted: boolean;
  model: string;
  jsonToolName: string | undefined;
  stream: OpenAiStreamState | undefined;
}

function nowSeconds(): number {
  return Math.floor(Date.now() / 1000);
}

/** OpenAI Chat Completions → Anthropic Messages converter. */
export const openai2anthropic = definePlugin({
  id: "openai2anthropic",
  description:
    "Translates OpenAI Chat Completions requests to Anthropic Messages and back",
  config: z.object({}),
  converts: { from: "openai", to: "anthropic" },
  createState(): Openai2AnthropicState {
    return {
      converted: false,
      model: "",
      jsonToolName: undefined,
      stream: undefined,
    };
  },
  transformRequest(req, ctx) {
    if (req.path !== "/chat/completions") {
      throw new PluginError(
        `Cannot translate "${req.path}" to the Anthropic Messages API`,
      );
    }
    const parsed = parseChatCompletionRequest(req.body);
    const dropped = Object.keys(req.body).filter((k) => !HANDLED_FIELDS.has(k));
    if (dropped.length > 0) {
      ctx.log.debug("Dropped fields Anthropic does not support", { dropped });
    }
    const body = toAnthropicRequest(parsed, {
      defaultMaxTokens: ctx.downstream.defaultMaxTokens,
      maxOutputTokens: ctx.downstream.maxOutputTokens,
      log: ctx.log,
    });
    const state = ctx.state;
    state.converted = true;
    state.model = parsed.model;
    if (parsed.response_format?.type === "json_schema") {
      state.jsonToolName = parsed.response_format.json_schema.name;
    }
    if (parsed.stream === true) {
      state.stream = createOpenAiStreamState({
        created: nowSeconds(),
        model: parsed.model,
        includeUsage: parsed.stream_options?.include_usage === true,
        jsonToolName: state.jsonToolName,
      });
    }
    return {
      path: "/messages",
      query: "",
      headers: req.headers,
      // OpenAI clients send no signed thinking back, so continuing a tool turn with thinking on
      // would be refused by Anthropic: that turn goes with thinking off.
      body: guardThinking(toJsonObject(body), ctx.log),
    };
  },
  transformResponse(res, ctx) {
    if (!ctx.state.converted) return res;
    if (res.status >= 400) {
      return jsonResponse(
        res.status,
        res.headers,
        toOpenAiError(res.body, res.status),
      );
    }
    const msg = parseMessagesResponse(res.body);
    return jsonResponse(
      res.status,
      res.headers,
      toChatCompletion(msg, {
        created: nowSeconds(),
        jsonToolName: ctx.state.jsonToolName,
      }),
    );
  },
  transformStreamEvent(event, ctx) {
    const state = ctx.state;
    if (!state.converted) return [event];
    state.stream ??= createOpenAiStreamState({
      created: nowSeconds(),
      model: state.model,
    });
    return toOpenAiChunks(event, state.stream);
  },
  flushStream(ctx) {
    const state = ctx.state;
    if (!state.converted) return [];
    state.stream ??= createOpenAiStreamState({
      created: nowSeconds(),
      model: state.model,
    });
    return flushOpenAiStream(state.stream);
  },
});
