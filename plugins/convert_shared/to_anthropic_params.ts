/**
 * Chat Completions parameters → Anthropic Messages parameters (everything but `system` and
 * `messages`), as a pure function shared by the converters that send OpenAI-style requests to
 * Anthropic: `openai2anthropic`, and `responses2anthropic` (over the Responses request's
 * parameters as `responses_shared/chat_params.ts` maps them), so both adjust alike.
 *
 * Mapping (https://platform.openai.com/docs/api-reference/chat/create →
 * https://docs.anthropic.com/en/api/messages):
 * - `max_completion_tokens` ?? `max_tokens` ?? downstream default ?? 4096 → `max_tokens`, clamped
 *   to the downstream's `max_output_tokens`;
 * - `stop` → `stop_sequences` (whitespace-only ones dropped: Anthropic rejects them);
 * - `temperature` clamped to 0–1; `top_p`; `user` → `metadata.user_id`; `stream`;
 * - `tools`, `tool_choice` (auto/required/none/named → auto/any/none/tool),
 *   `parallel_tool_calls: false` → `disable_parallel_tool_use`;
 * - `reasoning_effort` → `thinking.budget_tokens` (`max_tokens` raised above the budget;
 *   temperature and a `top_p` below 0.95 are dropped, as thinking requires);
 * - `response_format: json_schema` → a tool named after the schema, forced when the client
 *   has no tools of its own; the response side returns its input as the message content.
 *
 * Rejected with a 400 naming the parameter: `n > 1`, `logprobs`, `top_logprobs`, audio output
 * (`audio`, `modalities`) and non-object JSON schemas. Dropped with a warning:
 * `response_format: json_object`, `tool_choice` without tools.
 *
 * @module
 */
import type * as anthropic from "../protocol/anthropic/types.ts";
import type * as openai from "../protocol/openai/types.ts";
import type { WarningSink } from "../warnings.ts";
import { fail } from "../protocol/json_reader.ts";

/** `max_tokens` when neither the client nor the downstream sets one. */
export const BUILTIN_DEFAULT_MAX_TOKENS = 4096;

/** Thinking budgets per `reasoning_effort` (`none` disables thinking). */
export const THINKING_BUDGET = {
  none: 0,
  minimal: 1024,
  low: 2048,
  medium: 8192,
  high: 16384,
  xhigh: 32768,
} as const satisfies Record<openai.ReasoningEffort, number>;

/** Anthropic's smallest accepted thinking budget. */
const MIN_THINKING_BUDGET = 1024;

/** Anthropic Messages parameters: the request without its conversation. */
export type AnthropicParams = Omit<
  anthropic.MessagesRequest,
  "messages" | "system"
>;

/** Options of {@link toAnthropicParams}. */
export interface ToAnthropicParamsOptions {
  defaultMaxTokens?: number;
  maxOutputTokens?: number;
  warnings?: WarningSink;
}

const SILENT: WarningSink = { debug() {}, info() {}, warn() {} };

/** Throws `PluginError` for parameters Anthropic cannot honour at all. */
export function rejectUnsupportedParams(req: openai.ChatParams): void {
  if (req.n !== undefined && req.n !== null && req.n !== 1) {
    fail("n", "only one choice is supported when translating to Anthropic");
  }
  if (req.logprobs === true) fail("logprobs", "not supported by Anthropic");
  if (req.top_logprobs !== undefined && req.top_logprobs !== null) {
    fail("top_logprobs", "not supported by Anthropic");
  }
  if (req.audio !== undefined) {
    fail("audio", "audio output is not supported by Anthropic");
  }
  if (req.modalities?.includes("audio")) {
    fail("modalities", "audio output is not supported by Anthropic");
  }
}

/** Converts the parameters; throws `PluginError` for unsupported ones (see the module doc). */
export function toAnthropicParams(
  req: openai.ChatParams,
  opts: ToAnthropicParamsOptions = {},
): AnthropicParams {
  const warnings = opts.warnings ?? SILENT;
  rejectUnsupportedParams(req);
  const out: AnthropicParams = {
    model: req.model,
    max_tokens: req.max_completion_tokens ?? req.max_tokens ??
      opts.defaultMaxTokens ?? BUILTIN_DEFAULT_MAX_TOKENS,
  };
  applySampling(req, out, warnings);
  if (req.user !== undefined) out.metadata = { user_id: req.user };
  if (req.stream === true) out.stream = true;
  applyTools(req, out, warnings);
  applyThinking(req.reasoning_effort, out, {
    maxOutputTokens: opts.maxOutputTokens,
    warnings,
  });
  return out;
}

function applySampling(
  req: openai.ChatParams,
  out: AnthropicParams,
  warnings: WarningSink,
): void {
  if (req.stop !== undefined && req.stop !== null) {
    const all = typeof req.stop === "string" ? [req.stop] : req.stop;
    const kept = all.filter((s) => s.trim() !== "");
    if (kept.length < all.length) {
      warnings.info("Dropped whitespace-only stop sequences", {
        dropped: all.length - kept.length,
      });
    }
    if (kept.length > 0) out.stop_sequences = kept;
  }
  if (req.temperature !== undefined && req.temperature !== null) {
    const t = Math.min(1, Math.max(0, req.temperature));
    if (t !== req.temperature) {
      warnings.info("Clamped temperature to Anthropic's range 0-1", {
        from: req.temperature,
        to: t,
      });
    }
    out.temperature = t;
  }
  if (req.top_p !== undefined && req.top_p !== null) out.top_p = req.top_p;
}

/**
 * `max_tokens` within the downstream's cap and above the thinking budget, and `thinking` for
 * the reasoning effort when it still fits (with the sampling it forbids dropped).
 */
function applyThinking(
  effort: openai.ReasoningEffort | undefined,
  out: AnthropicParams,
  opts: { maxOutputTokens: number | undefined; warnings: WarningSink },
): void {
  const { warnings } = opts;
  let maxTokens = out.max_tokens;
  let budget = effort === undefined ? 0 : THINKING_BUDGET[effort];
  const forced = out.tool_choice?.type === "any" ||
    out.tool_choice?.type === "tool";
  if (budget > 0 && forced) {
    // https://docs.anthropic.com/en/docs/build-with-claude/extended-thinking: thinking only
    // allows tool_choice auto or none.
    warnings.info(
      "Dropped reasoning_effort: thinking cannot be combined with a forced tool choice",
    );
    budget = 0;
  }
  if (budget > 0 && maxTokens <= budget) {
    const raised = budget + maxTokens;
    warnings.info("Raised max_tokens above the thinking budget", {
      from: maxTokens,
      to: raised,
    });
    maxTokens = raised;
  }
  if (opts.maxOutputTokens !== undefined && maxTokens > opts.maxOutputTokens) {
    warnings.info("Clamped max_tokens to the downstream's max_output_tokens", {
      from: maxTokens,
      to: opts.maxOutputTokens,
    });
    maxTokens = opts.maxOutputTokens;
  }
  if (budget >= maxTokens) budget = maxTokens - 1;
  if (budget > 0 && budget < MIN_THINKING_BUDGET) {
    warnings.info(
      "Dropped reasoning_effort: max_tokens leaves no room for a thinking budget",
    );
    budget = 0;
  }
  out.max_tokens = maxTokens;
  if (budget === 0) return;
  out.thinking = { type: "enabled", budget_tokens: budget };
  if (out.temperature !== undefined && out.temperature !== 1) {
    warnings.info("Dropped temperature: thinking requires the default", {
      temperature: out.temperature,
    });
    delete out.temperature;
  }
  if (out.top_p !== undefined && out.top_p < 0.95) {
    warnings.info("Dropped top_p: thinking requires 0.95 or more", {
      top_p: out.top_p,
    });
    delete out.top_p;
  }
}

function toTools(req: openai.ChatParams): anthropic.Tool[] {
  return (req.tools ?? []).map((t) => {
    const tool: anthropic.Tool = {
      name: t.function.name,
      input_schema: t.function.parameters ?? { type: "object", properties: {} },
    };
    if (t.function.description !== undefined) {
      tool.description = t.function.description;
    }
    return tool;
  });
}

function applyTools(
  req: openai.ChatParams,
  out: AnthropicParams,
  warnings: WarningSink,
): void {
  const tools = toTools(req);
  let choice: anthropic.ToolChoice | undefined;
  const tc = req.tool_choice;
  if (tc !== undefined) {
    if (tools.length === 0) warnings.debug("Dropped tool_choice without tools");
    else if (tc === "auto") choice = { type: "auto" };
    else if (tc === "required") choice = { type: "any" };
    else if (tc === "none") choice = { type: "none" };
    else choice = { type: "tool", name: tc.function.name };
  }
  const format = req.response_format;
  if (format?.type === "json_schema") {
    const schema = format.json_schema.schema ?? { type: "object" };
    if (schema.type !== "object") {
      fail(
        "response_format.json_schema.schema",
        'only schemas of "type": "object" can be translated',
      );
    }
    const tool: anthropic.Tool = {
      name: format.json_schema.name,
      input_schema: schema,
    };
    if (format.json_schema.description !== undefined) {
      tool.description = format.json_schema.description;
    }
    // With tools of its own the client expects tool calls to stay possible, so only a
    // tool-less request forces the schema tool.
    if (tools.length === 0) choice = { type: "tool", name: tool.name };
    tools.push(tool);
  } else if (format?.type === "json_object") {
    warnings.info(
      "Dropped response_format json_object: Anthropic has no JSON mode",
    );
  }
  if (req.parallel_tool_calls === false && tools.length > 0) {
    if (choice === undefined) {
      choice = { type: "auto", disable_parallel_tool_use: true };
    } else if (choice.type !== "none") {
      choice = { ...choice, disable_parallel_tool_use: true };
    }
  }
  if (tools.length > 0) out.tools = tools;
  if (choice !== undefined) out.tool_choice = choice;
}
