/**
 * Anthropic Messages request → Chat Completions request, as a pure function.
 *
 * Mapping (https://docs.anthropic.com/en/api/messages →
 * https://platform.openai.com/docs/api-reference/chat/create); messages as in
 * `to_openai_messages.ts`:
 * - `max_tokens` (clamped to the downstream's `max_output_tokens`), `stop_sequences` → `stop`
 *   (at most 4, OpenAI's limit), `temperature`, `top_p`, `metadata.user_id` → `user` (made to
 *   fit OpenAI's 64 characters by the plugin); `top_k` dropped;
 * - `tools` → function tools, names outside `^[a-zA-Z0-9_-]{1,64}$` made safe (and mapped back
 *   in the answer); their `cache_control`, `defer_loading`, `input_examples`, `strict` and
 *   `eager_input_streaming` dropped (the tool itself is kept: a deferred tool is simply loaded up
 *   front); `tool_choice` auto/any/tool/none → auto/required/named/none,
 *   `disable_parallel_tool_use` → `parallel_tool_calls: false`;
 * - server tools (`web_search_*`, `web_fetch_*`, `code_execution_*`, … — any tool with a
 *   versioned `type`) and `mcp_servers`: dropped with a debug line, or refused with a 400
 *   naming them when the downstream's `hosted_tools` is `refuse`;
 * - `output_config.effort` (low/medium/high, `max` → high), else `thinking` (`enabled` by its
 *   budget: < 4096 low, < 16384 medium, else high; `adaptive` medium; `disabled` none) →
 *   `reasoning_effort`, sent only when the downstream marks the model as accepting it;
 * - `output_config.format` (or the beta's `output_format`) json_schema → `response_format`
 *   json_schema (strict);
 * - `stream` → `stream` with `stream_options.include_usage`, so streamed usage is real.
 *
 * @module
 */
import type * as anthropic from "../protocol/anthropic/types.ts";
import type * as openai from "../protocol/openai/types.ts";
import type { WarningSink } from "../warnings.ts";
import { fail } from "../protocol/json_reader.ts";
import { ToolNameMap } from "../protocol/openai/tool_names.ts";
import { toOpenAiMessages } from "./to_openai_messages.ts";

/** OpenAI accepts at most four stop sequences. */
const MAX_STOP = 4;

const SILENT: WarningSink = { debug() {}, info() {}, warn() {} };

/** Options of {@link toOpenAiRequest}. */
export interface ToOpenAiRequestOptions {
  maxOutputTokens?: number;
  /** Whether the downstream's model accepts `reasoning_effort` (default: yes). */
  reasoningEffort?: boolean;
  /** What to do with server tools (default: drop them). */
  hostedTools?: "drop" | "refuse";
  /** Remove Claude Code's billing line from system texts (default: no). */
  stripBillingHeader?: boolean;
  /** Collects the tool names made OpenAI-safe, so answers can be mapped back. */
  toolNames?: ToolNameMap;
  warnings?: WarningSink;
}

/** `output_config.effort` → `reasoning_effort` (OpenAI has no level above high for most models). */
const EFFORT = {
  low: "low",
  medium: "medium",
  high: "high",
  max: "high",
} as const satisfies Record<anthropic.Effort, openai.ReasoningEffort>;

/**
 * The reasoning effort a request asks for: `output_config.effort` when set, else from the
 * thinking config (budgets below 4096 low, below 16384 medium, else high; adaptive medium).
 */
export function toReasoningEffort(
  thinking: anthropic.ThinkingConfig | undefined,
  effort?: anthropic.Effort,
): openai.ReasoningEffort | undefined {
  if (effort !== undefined) return EFFORT[effort];
  if (thinking === undefined || thinking.type === "disabled") return undefined;
  if (thinking.type === "adaptive") return "medium";
  if (thinking.budget_tokens < 4096) return "low";
  return thinking.budget_tokens < 16384 ? "medium" : "high";
}

/** Converts a parsed Messages request; throws `PluginError` for unsupported input. */
export function toOpenAiRequest(
  req: anthropic.MessagesRequest,
  opts: ToOpenAiRequestOptions = {},
): openai.ChatCompletionRequest {
  const warnings = opts.warnings ?? SILENT;
  const toolNames = opts.toolNames ?? new ToolNameMap();
  const reasoningAccepted = opts.reasoningEffort ?? true;
  const messages = toOpenAiMessages(req.system, req.messages, {
    warnings,
    stripBillingHeader: opts.stripBillingHeader ?? false,
    reasoning: reasoningAccepted,
    toolNames,
  });

  let maxTokens = req.max_tokens;
  if (opts.maxOutputTokens !== undefined && maxTokens > opts.maxOutputTokens) {
    warnings.info("Clamped max_tokens to the downstream's max_output_tokens", {
      from: maxTokens,
      to: opts.maxOutputTokens,
    });
    maxTokens = opts.maxOutputTokens;
  }
  const out: openai.ChatCompletionRequest = {
    model: req.model,
    messages,
    max_tokens: maxTokens,
  };
  if (req.stop_sequences !== undefined && req.stop_sequences.length > 0) {
    if (req.stop_sequences.length > MAX_STOP) {
      warnings.info("Dropped stop sequences beyond OpenAI's limit of 4", {
        dropped: req.stop_sequences.length - MAX_STOP,
      });
    }
    out.stop = req.stop_sequences.slice(0, MAX_STOP);
  }
  if (req.temperature !== undefined) out.temperature = req.temperature;
  if (req.top_p !== undefined) out.top_p = req.top_p;
  if (req.top_k !== undefined) {
    warnings.debug("Dropped top_k: OpenAI has no equivalent");
  }
  if (req.metadata?.user_id) out.user = req.metadata.user_id;

  applyTools(req, out, {
    warnings,
    toolNames,
    hostedTools: opts.hostedTools ?? "drop",
  });

  const effort = toReasoningEffort(req.thinking, req.output_config?.effort);
  if (effort !== undefined) {
    if (reasoningAccepted) out.reasoning_effort = effort;
    else {
      warnings.debug(
        "Dropped reasoning_effort: the downstream's model does not take it",
        {
          model: req.model,
        },
      );
    }
  }
  const format = req.output_config?.format;
  if (format !== undefined) {
    out.response_format = {
      type: "json_schema",
      json_schema: { name: "output", schema: format.schema, strict: true },
    };
  }
  if (req.stream === true) {
    out.stream = true;
    out.stream_options = { include_usage: true };
  }
  return out;
}

function applyTools(
  req: anthropic.MessagesRequest,
  out: openai.ChatCompletionRequest,
  ctx: {
    warnings: WarningSink;
    toolNames: ToolNameMap;
    hostedTools: "drop" | "refuse";
  },
): void {
  const tools: openai.Tool[] = [];
  (req.tools ?? []).forEach((t, i) => {
    if (t.type !== undefined && t.type !== "custom") {
      if (ctx.hostedTools === "refuse") {
        fail(
          `tools[${i}].type`,
          `server tool "${t.type}" cannot be translated to OpenAI`,
        );
      }
      ctx.warnings.debug("Dropped a server tool OpenAI cannot run", {
        name: t.name,
        type: t.type,
      });
      return;
    }
    const fn: openai.FunctionDefinition = {
      name: ctx.toolNames.toSafe(t.name),
      parameters: t.input_schema,
    };
    if (t.description !== undefined) fn.description = t.description;
    tools.push({ type: "function", function: fn });
  });
  const choice = req.tool_choice;
  if (tools.length === 0) {
    if (choice !== undefined) {
      ctx.warnings.debug("Dropped tool_choice without tools");
    }
    return;
  }
  out.tools = tools;
  if (choice === undefined) return;
  switch (choice.type) {
    case "auto":
      out.tool_choice = "auto";
      break;
    case "any":
      out.tool_choice = "required";
      break;
    case "none":
      out.tool_choice = "none";
      break;
    case "tool": {
      const name = ctx.toolNames.toSafe(choice.name);
      if (!tools.some((t) => t.function.name === name)) {
        fail(
          "tool_choice.name",
          `"${choice.name}" is not a tool OpenAI can call`,
        );
      }
      out.tool_choice = { type: "function", function: { name } };
      break;
    }
    default: {
      const never: never = choice;
      throw new TypeError(`Unhandled tool_choice ${JSON.stringify(never)}`);
    }
  }
  if (choice.type !== "none" && choice.disable_parallel_tool_use === true) {
    out.parallel_tool_calls = false;
  }
}
