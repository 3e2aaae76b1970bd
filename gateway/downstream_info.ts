/**
 * What plugins learn about the downstream of a request ({@link DownstreamInfo}): its formats and
 * token limits, and the capabilities of the model the request goes to, resolved from the
 * downstream's config keys and Tresor's defaults. Built once per planned (route, downstream,
 * model) and shared by the requests that follow that plan.
 *
 * @module
 */
import type { DownstreamInfo } from "../plugins/mod.ts";
import type { Downstream } from "../store/types.ts";

/**
 * Models that accept Chat Completions' `reasoning_effort` when a downstream does not list its
 * own (`reasoning_effort_models`): OpenAI's reasoning models, DeepSeek's reasoner, xAI's mini
 * reasoners, Gemini 2.5+ on its OpenAI-compatible endpoint. Other models (GPT-4o, most
 * open-weight models behind vLLM or Ollama) reject or ignore it, so it is not sent to them.
 */
export const DEFAULT_REASONING_EFFORT_MODELS: readonly string[] = [
  "o1*",
  "o3*",
  "o4*",
  "gpt-5*",
  "gpt-oss*",
  "deepseek-reasoner",
  "grok-3-mini*",
  "gemini-2.5*",
  "gemini-3*",
];

/**
 * Whether `pattern` (an exact id, or a glob where `*` matches any run of characters) matches
 * `model`, case-insensitively.
 */
export function matchesModelPattern(pattern: string, model: string): boolean {
  const parts = pattern.toLowerCase().split("*");
  const name = model.toLowerCase();
  if (parts.length === 1) return parts[0] === name;
  const first = parts[0];
  const last = parts[parts.length - 1];
  if (!name.startsWith(first) || name.length < first.length + last.length) {
    return false;
  }
  let at = first.length;
  for (const part of parts.slice(1, -1)) {
    const found = name.indexOf(part, at);
    if (found < 0) return false;
    at = found + part.length;
  }
  return name.endsWith(last) && name.length - last.length >= at;
}

/**
 * Whether `model` accepts `reasoning_effort`: some pattern matches the model id, or its last
 * `/` segment (routers name models `openai/gpt-5`).
 */
export function acceptsReasoningEffort(
  model: string,
  patterns: readonly string[] = DEFAULT_REASONING_EFFORT_MODELS,
): boolean {
  const bare = model.slice(model.lastIndexOf("/") + 1);
  return patterns.some((p) =>
    matchesModelPattern(p, model) || matchesModelPattern(p, bare)
  );
}

/** The plugins' view of `downstream` for requests forwarded as `model`. */
export function toDownstreamInfo(
  downstream: Downstream,
  model: string,
): DownstreamInfo {
  return {
    id: downstream.id,
    apiFormats: downstream.apiFormats,
    ...(downstream.maxOutputTokens !== undefined &&
      { maxOutputTokens: downstream.maxOutputTokens }),
    ...(downstream.defaultMaxTokens !== undefined &&
      { defaultMaxTokens: downstream.defaultMaxTokens }),
    reasoningEffort: acceptsReasoningEffort(
      model,
      downstream.reasoningEffortModels,
    ),
    hostedTools: downstream.hostedTools ?? "drop",
    stripBillingHeader: downstream.stripBillingHeader ??
      !downstream.apiFormats.includes("anthropic"),
  };
}
