/**
 * Claude Code's billing line: the first system block (or line) of every Claude Code request reads
 * `x-anthropic-billing-header: cc_version=…; cc_entrypoint=…;`. It changes with each version and
 * entry point, so a provider that caches prompts by prefix misses its cache; a downstream with
 * `strip_billing_header` gets the system prompt without it.
 *
 * @module
 */

import type { JsonObject } from "../../types.ts";
import { isRecord } from "../json_reader.ts";

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

/**
 * A Messages request body without the billing line in its top-level `system` (a text block that
 * is only the line is removed); `body` itself when there is none.
 */
export function withoutBillingSystem(body: JsonObject): JsonObject {
  const system = body.system;
  if (typeof system === "string") {
    return hasBillingLine(system)
      ? { ...body, system: withoutBillingLine(system) }
      : body;
  }
  if (!Array.isArray(system)) return body;
  const index = system.findIndex((b) =>
    isRecord(b) && typeof b.text === "string" && hasBillingLine(b.text)
  );
  if (index === -1) return body;
  const block = system[index];
  const rest = isRecord(block) && typeof block.text === "string"
    ? withoutBillingLine(block.text)
    : "";
  const blocks = [...system];
  if (rest.trim() === "") blocks.splice(index, 1);
  else blocks[index] = { ...block, text: rest };
  return { ...body, system: blocks };
}
