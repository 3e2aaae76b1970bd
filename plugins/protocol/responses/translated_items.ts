/**
 * {@link withoutTranslatedItems}: a Responses request bound for a downstream that serves the
 * Responses API itself (OpenAI) carries the items Tresor wrote while the conversation went to
 * another provider — reasoning items holding an Anthropic signature, compaction items holding a
 * plain summary — only as what that downstream can take. OpenAI cannot decrypt them and refuses
 * the request, so reasoning items Tresor made are dropped (OpenAI never invented them) and a
 * Tresor compaction becomes the user message its summary stands for. OpenAI's own items pass
 * byte-identical. Public to `gateway/` through `plugins/mod.ts`.
 *
 * @module
 */
import type { JsonObject } from "../../types.ts";
import { isRecord } from "../json_reader.ts";
import { readCompaction, toSummaryMessage } from "./compaction.ts";

/** `encrypted_content` prefix of every item Tresor writes. */
export const TRESOR_CONTENT_PREFIX = "tresor.";

function isTranslated(item: unknown): item is JsonObject {
  return isRecord(item) && typeof item.encrypted_content === "string" &&
    item.encrypted_content.startsWith(TRESOR_CONTENT_PREFIX);
}

/**
 * The request with the items Tresor made for other providers replaced (see the module doc) and
 * how many were dropped, or `undefined` when it has none (the body then passes untouched).
 */
export function withoutTranslatedItems(
  body: JsonObject,
): { body: JsonObject; dropped: number } | undefined {
  const input = body.input;
  if (!Array.isArray(input) || !input.some(isTranslated)) return undefined;
  let dropped = 0;
  const kept: unknown[] = [];
  for (const item of input) {
    if (!isTranslated(item)) {
      kept.push(item);
      continue;
    }
    const summary = item.type === "compaction"
      ? readCompaction(String(item.encrypted_content))
      : undefined;
    if (summary === undefined) dropped++;
    else kept.push(toSummaryMessage(summary));
  }
  return { body: { ...body, input: kept }, dropped };
}
