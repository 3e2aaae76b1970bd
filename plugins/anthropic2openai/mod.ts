/**
 * The `anthropic2openai` converter: Anthropic Messages clients, OpenAI Chat Completions
 * upstreams, plus a local answer for `/messages/count_tokens`. Wires the pure conversions of
 * this folder into the plugin contract; what each drops or adjusts is listed in their module
 * docs. Public: `plugins/registry.ts` imports {@link anthropic2openai}; tests may import any file
 * of this folder.
 *
 * @module
 */
import { z } from "zod";
import { definePlugin } from "../define.ts";
import { PluginError } from "../errors.ts";
import { jsonResponse, toJsonObject } from "../convert_shared/json_response.ts";
import { estimateInputTokens, loadTokenCounter } from "./count_tokens.ts";
import { toAnthropicError } from "./errors.ts";
import {
  parseCountTokensRequest,
  parseMessagesRequest,
} from "../protocol/anthropic/parse_request.ts";
import { parseChatCompletion } from "../protocol/openai/parse_response.ts";
import {
  type AnthropicStreamState,
  createAnthropicStreamState,
  flushAnthropicStream,
  toAnthropicEvents,
} from "./stream_to_anthropic.ts";
import { toAnthropicMessage } from "./to_anthropic_response.ts";
import { toOpenAiRequest } from "./to_openai_request.ts";
import { ToolNameMap } from "../protocol/openai/tool_names.ts";
import { toOpenAiUser } from "../protocol/openai/user.ts";

/** Request fields the converter reads (see `to_openai_request.ts`). */
const HANDLED_FIELDS = new Set([
  "model",
  "messages",
  "system",
  "max_tokens",
  "stop_sequences",
  "stream",
  "temperature",
  "top_p",
  "top_k",
  "metadata",
  "tools",
  "tool_choice",
  "thinking",
  "output_config",
  "output_format",
  "mcp_servers",
]);

/**
 * Fields a Chat Completions downstream cannot take, dropped with a debug line because the answer
 * does not depend on them (any other unknown field is dropped the same way).
 */
export const DROPPED_FIELDS: Readonly<Record<string, string>> = {
  context_management:
    "context editing runs at Anthropic; a chat model sees the full context",
  service_tier: "Anthropic's capacity tiers",
  container: "only meaningful with Anthropic's code execution tool",
  inference_geo: "Anthropic's data residency",
  speed: "Anthropic's fast mode",
  cache_control:
    "Anthropic's prompt caching; OpenAI caches prefixes on its own",
};

/** Anthropic-only headers an OpenAI upstream must not receive. */
const ANTHROPIC_HEADERS = [
  "anthropic-beta",
  "anthropic-version",
  "anthropic-dangerous-direct-browser-access",
];

/** Per-request state: what the response side must know about the request. */
export interface Anthropic2OpenaiState {
  converted: boolean;
  model: string;
  stream: AnthropicStreamState | undefined;
  /** Tool names made OpenAI-safe, mapped back in the answer. */
  toolNames: ToolNameMap;
}

/** Anthropic Messages → OpenAI Chat Completions converter. */
export const anthropic2openai = definePlugin({
  id: "anthropic2openai",
  description:
    "Translates Anthropic Messages requests to OpenAI Chat Completions and back",
  config: z.object({}),
  converts: { from: "anthropic", to: "openai" },
  createState(): Anthropic2OpenaiState {
    return {
      converted: false,
      model: "",
      stream: undefined,
      toolNames: new ToolNameMap(),
    };
  },
  async transformRequest(req, ctx) {
    if (req.path === "/messages/count_tokens") {
      const input = estimateInputTokens(
        parseCountTokensRequest(req.body),
        await loadTokenCounter(),
      );
      return {
        respond: jsonResponse(200, new Headers(), { input_tokens: input }),
      };
    }
    if (req.path !== "/messages") {
      throw new PluginError(
        `Cannot translate "${req.path}" to the OpenAI Chat Completions API`,
      );
    }
    const parsed = parseMessagesRequest(req.body);
    const hostedTools = ctx.downstream.hostedTools ?? "drop";
    const dropped = Object.keys(req.body).filter((k) => !HANDLED_FIELDS.has(k));
    const mcp = req.body.mcp_servers;
    if (Array.isArray(mcp) && mcp.length > 0) {
      if (hostedTools === "refuse") {
        throw new PluginError(
          "Invalid request: mcp_servers: MCP servers that Anthropic connects to cannot be translated to OpenAI",
        );
      }
      dropped.push("mcp_servers");
    }
    if (dropped.length > 0) {
      ctx.log.debug("Dropped fields OpenAI does not support", { dropped });
    }
    if (req.query !== "") {
      ctx.log.debug("Dropped the query string", { query: req.query });
    }
    const body = toOpenAiRequest(parsed, {
      maxOutputTokens: ctx.downstream.maxOutputTokens,
      reasoningEffort: ctx.downstream.reasoningEffort,
      hostedTools,
      stripBillingHeader: ctx.downstream.stripBillingHeader,
      toolNames: ctx.state.toolNames,
      log: ctx.log,
    });
    if (body.user !== undefined) body.user = await toOpenAiUser(body.user);
    const headers = new Headers(req.headers);
    for (const name of ANTHROPIC_HEADERS) headers.delete(name);
    ctx.state.converted = true;
    ctx.state.model = parsed.model;
    if (parsed.stream === true) {
      ctx.state.stream = createAnthropicStreamState({
        model: parsed.model,
        // message_start needs a non-zero figure before the upstream's usage (which comes last).
        // The tokenizer costs ~6 ms per 70 KB on the event loop — Claude Code sends hundreds of
        // KB a turn — for a figure within a few percent of characters / 4, which is used instead.
        inputTokensEstimate: estimateInputTokens(parsed),
        log: ctx.log,
        toolNames: ctx.state.toolNames,
      });
    }
    return {
      path: "/chat/completions",
      query: "",
      headers,
      body: toJsonObject(body),
    };
  },
  transformResponse(res, ctx) {
    if (!ctx.state.converted) return res;
    if (res.status >= 400) {
      return jsonResponse(
        res.status,
        res.headers,
        toAnthropicError(res.body, res.status),
      );
    }
    const msg = toAnthropicMessage(parseChatCompletion(res.body), {
      log: ctx.log,
      toolNames: ctx.state.toolNames,
    });
    return jsonResponse(res.status, res.headers, msg);
  },
  transformStreamEvent(event, ctx) {
    if (!ctx.state.converted) return [event];
    ctx.state.stream ??= createAnthropicStreamState({
      model: ctx.state.model,
      log: ctx.log,
      toolNames: ctx.state.toolNames,
    });
    return toAnthropicEvents(event, ctx.state.stream);
  },
  flushStream(ctx) {
    if (!ctx.state.converted) return [];
    ctx.state.stream ??= createAnthropicStreamState({
      model: ctx.state.model,
      log: ctx.log,
    });
    return flushAnthropicStream(ctx.state.stream);
  },
});
