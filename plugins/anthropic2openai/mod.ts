/**
 * The `anthropic2openai` converter: Anthropic Messages clients, OpenAI Chat Completions
 * upstreams, plus a local answer for `/messages/count_tokens`, declared on the converter
 * contract (`define_converter.ts`). What each conversion drops or adjusts is listed in its
 * module doc. Public: `plugins/registry.ts` imports {@link anthropic2openai}; tests may import
 * any file of this folder.
 *
 * @module
 */
import {
  type ConvertedRequest,
  type ConverterCall,
  defineConverter,
  type LocalAnswerer,
} from "../define_converter.ts";
import { PluginError } from "../errors.ts";
import type { JsonObject } from "../types.ts";
import { unhandledFields } from "../convert_shared/unhandled_fields.ts";
import type * as anthropic from "../protocol/anthropic/types.ts";
import {
  parseCountTokensRequest,
  parseMessagesRequest,
} from "../protocol/anthropic/parse_request.ts";
import { parseChatCompletion } from "../protocol/openai/parse_response.ts";
import { ToolNameMap } from "../protocol/openai/tool_names.ts";
import { toOpenAiUser } from "../protocol/openai/user.ts";
import {
  countInputTokens,
  estimateInputTokens,
  loadTokenCounter,
} from "./count_tokens.ts";
import { toAnthropicError } from "./errors.ts";
import {
  createAnthropicStreamState,
  flushAnthropicStream,
  toAnthropicEvents,
} from "./stream_to_anthropic.ts";
import { toAnthropicMessage } from "./to_anthropic_response.ts";
import { toOpenAiRequest } from "./to_openai_request.ts";

/**
 * Request fields the converter reads (see `to_openai_request.ts`). Any other field is dropped
 * with a warning: `context_management` (context editing runs at Anthropic; a chat model sees the
 * full context), `service_tier`, `container` (Anthropic's code execution), `inference_geo`,
 * `speed`, `cache_control` (OpenAI caches prefixes on its own), …
 */
const HANDLED_FIELDS: ReadonlySet<string> = new Set([
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

/** Anthropic-only headers an OpenAI upstream must not receive. */
const ANTHROPIC_HEADERS = [
  "anthropic-beta",
  "anthropic-version",
  "anthropic-dangerous-direct-browser-access",
];

/** What the response side must know about the request. */
export interface Anthropic2OpenaiState {
  readonly model: string;
  /** Tool names made OpenAI-safe, mapped back in the answer. */
  readonly toolNames: ToolNameMap;
  /** The prompt size a stream's `message_start` reports before the upstream's usage comes. */
  readonly inputTokensEstimate: number | undefined;
}

function parseRequest(
  body: JsonObject,
  call: ConverterCall,
): anthropic.MessagesRequest {
  const parsed = parseMessagesRequest(body);
  const dropped = unhandledFields(body, HANDLED_FIELDS);
  const mcp = body.mcp_servers;
  if (Array.isArray(mcp) && mcp.length > 0) {
    if (call.downstream.hostedTools === "refuse") {
      throw new PluginError(
        "Invalid request: mcp_servers: MCP servers that Anthropic connects to cannot be translated to OpenAI",
      );
    }
    dropped.push("mcp_servers");
  }
  if (dropped.length > 0) {
    call.warnings.debug("Dropped fields OpenAI does not support", { dropped });
  }
  return parsed;
}

async function mapRequest(
  parsed: anthropic.MessagesRequest,
  call: ConverterCall,
): Promise<ConvertedRequest<Anthropic2OpenaiState>> {
  const toolNames = new ToolNameMap();
  const body = toOpenAiRequest(parsed, {
    maxOutputTokens: call.downstream.maxOutputTokens,
    reasoningEffort: call.downstream.reasoningEffort,
    hostedTools: call.downstream.hostedTools ?? "drop",
    stripBillingHeader: call.downstream.stripBillingHeader,
    toolNames,
    warnings: call.warnings,
  });
  if (body.user !== undefined) body.user = await toOpenAiUser(body.user);
  return {
    body,
    state: {
      model: parsed.model,
      toolNames,
      // message_start needs a non-zero figure before the upstream's usage (which comes last).
      // The tokenizer costs ~6 ms per 70 KB on the event loop — Claude Code sends hundreds of
      // KB a turn — for a figure within a few percent of characters / 4, which is used instead.
      inputTokensEstimate: parsed.stream === true
        ? estimateInputTokens(parsed)
        : undefined,
    },
  };
}

/**
 * The local `count_tokens` answer, since the upstream has no such endpoint: counted with a
 * tokenizer in bounded slices, the rest estimated past the work budget (`x-tresor-token-count`
 * says which).
 */
const countTokens: LocalAnswerer = async (body, call) => {
  const counted = await countInputTokens(
    parseCountTokensRequest(body),
    await loadTokenCounter(),
    { signal: call.signal },
  );
  if (!counted.exact) {
    call.warnings.debug(
      "Counted tokens partly by estimate: the text is too long to tokenize",
      { input_tokens: counted.tokens },
    );
  }
  const answer: anthropic.CountTokensResponse = {
    input_tokens: counted.tokens,
  };
  return {
    body: answer,
    headers: {
      "x-tresor-token-count": counted.exact ? "tokenizer" : "estimate",
    },
  };
};

function withoutAnthropicHeaders(headers: Headers): Headers {
  const out = new Headers(headers);
  for (const name of ANTHROPIC_HEADERS) out.delete(name);
  return out;
}

/** Anthropic Messages → OpenAI Chat Completions converter. */
export const anthropic2openai = defineConverter({
  id: "anthropic2openai",
  description:
    "Translates Anthropic Messages requests to OpenAI Chat Completions and back",
  converts: { from: "anthropic", to: "openai" },
  paths: { "/messages": "/chat/completions" },
  answers: { "/messages/count_tokens": countTokens },
  upstreamHeaders: withoutAnthropicHeaders,
  parseRequest,
  mapRequest,
  mapResponse: (body, { state, warnings }) =>
    toAnthropicMessage(parseChatCompletion(body), {
      warnings,
      toolNames: state.toolNames,
    }),
  mapError: toAnthropicError,
  createStream: ({ state, warnings }) =>
    createAnthropicStreamState({ ...state, warnings }),
  mapStreamEvent: (event, { stream }) => toAnthropicEvents(event, stream),
  flushStream: ({ stream }) => flushAnthropicStream(stream),
});
