/**
 * Claude Code's billing line: the first system block (or line) of every Claude Code request reads
 * `x-anthropic-billing-header: cc_version=…; cc_entrypoint=…;`. It changes with each version and
 * entry point, so a provider that caches prompts by prefix misses its cache; a downstream with
 * `strip_billing_header` gets the system prompt without it.
 *
 * @module
 */

const PREFIX = "x-anthropic-billing-header:";

/** Whether a system text is (or starts with) the billing line. */
export function hasBillingLine(text: string): boolean {
  return text.trimStart().startsWith(PREFIX);
}

/** A system text without its leading billing line (the text itself when there is none). */
export function withoutBillingLine(text: string): string {
  if (!hasBillingLine(text)) return text;
  const start = text.length - text.trimStart().length;
  const end = text.indexOf("\n", start);
  return end === -1 ? "" : text.slice(end + 1);
}
