/**
 * The last adjustments of every upstream body, whatever the pipeline did (passthrough
 * included), so a downstream's limits hold for every request it gets:
 * - the downstream's `max_output_tokens` caps the format's max field (`max_tokens` and
 *   `max_completion_tokens`, Anthropic's `max_tokens`, the Responses API's
 *   `max_output_tokens`), shrinking an Anthropic thinking budget below it;
 * - an Anthropic-format body never carries thinking Anthropic did not sign, nor thinking on
 *   while continuing a tool turn that has none ({@link guardThinking});
 * - Claude Code's billing line leaves the system prompt when the downstream asks for it;
 * - a Responses body loses the reasoning and compaction items Tresor made for another
 *   provider, which OpenAI cannot decrypt ({@link withoutTranslatedItems}).
 *
 * Returns the body itself when nothing changed, so untouched bytes pass through.
 *
 * @module
 */
import {
  type ApiFormat,
  type DownstreamInfo,
  guardThinking,
  type JsonObject,
  type PluginLog,
  withoutBillingSystem,
  withoutTranslatedItems,
} from "../plugins/mod.ts";

/** Each format's max-output fields. */
const MAX_FIELDS = {
  openai: ["max_tokens", "max_completion_tokens"],
  anthropic: ["max_tokens"],
  responses: ["max_output_tokens"],
} as const satisfies Record<ApiFormat, readonly string[]>;

/** Anthropic's smallest thinking budget. */
const MIN_THINKING_BUDGET = 1024;

function capped(
  body: JsonObject,
  format: ApiFormat,
  cap: number,
  log: PluginLog,
): JsonObject {
  let out = body;
  for (const field of MAX_FIELDS[format]) {
    const value = out[field];
    if (typeof value !== "number" || value <= cap) continue;
    log.info(
      "Clamped the request's max tokens to the downstream's max_output_tokens",
      {
        field,
        from: value,
        to: cap,
      },
    );
    out = { ...out, [field]: cap };
  }
  const thinking = out.thinking;
  if (
    format === "anthropic" && typeof thinking === "object" &&
    thinking !== null &&
    "budget_tokens" in thinking && typeof thinking.budget_tokens === "number" &&
    typeof out.max_tokens === "number" &&
    thinking.budget_tokens >= out.max_tokens
  ) {
    const budget = out.max_tokens - 1;
    if (budget < MIN_THINKING_BUDGET) {
      log.info(
        "Sent with thinking off: the capped max_tokens leaves no thinking budget",
      );
      const { thinking: _off, ...rest } = out;
      out = rest;
    } else out = { ...out, thinking: { ...thinking, budget_tokens: budget } };
  }
  return out;
}

/** The body as the downstream must receive it (see the module doc). */
export function finalizeBody(
  body: JsonObject,
  format: ApiFormat,
  downstream: DownstreamInfo,
  log: PluginLog,
): JsonObject {
  let out = body;
  if (downstream.maxOutputTokens !== undefined) {
    out = capped(out, format, downstream.maxOutputTokens, log);
  }
  if (format === "anthropic") {
    out = guardThinking(out, log);
    if (downstream.stripBillingHeader === true) out = withoutBillingSystem(out);
  }
  if (format === "responses") {
    const cleaned = withoutTranslatedItems(out);
    if (cleaned) {
      log.debug("Dropped the items Tresor made for another provider", {
        dropped: cleaned.dropped,
      });
      out = cleaned.body;
    }
  }
  return out;
}
