/**
 * Compaction for downstreams that have none (`POST /v1/responses/compact`, or a
 * `compaction_trigger` as the last input item): the downstream model summarises the
 * conversation, and the summary travels in one `compaction` item whose `encrypted_content` is
 * the summary behind {@link COMPACTION_PREFIX}, so a later turn (to any non-OpenAI downstream)
 * can read it back as a user message. OpenAI's own compaction items are encrypted and cannot
 * be read by anyone else.
 * https://platform.openai.com/docs/api-reference/responses/compact
 *
 * @module
 */
import type * as responses from "./types.ts";
import { newId } from "./response_base.ts";

/** `encrypted_content` prefix of the compaction items Tresor writes. */
export const COMPACTION_PREFIX = "tresor.compaction:";

/** The instruction appended to the conversation when it is compacted. */
export const COMPACTION_PROMPT =
  "Compact this conversation so that it can continue in a fresh context window. " +
  "Write a handoff summary for whoever continues the work: the user's goals and " +
  "constraints, decisions taken and why, what has been done (files changed, commands " +
  "run and their results), what is still open or failing, and the exact next steps. " +
  "Keep names, paths, identifiers and numbers exact. Answer with the summary only.";

/** What a compaction request is: the standalone endpoint, or a trigger item in a response. */
export type CompactionMode = "endpoint" | "trigger";

/** The summary a Tresor compaction item carries, or `undefined` for anyone else's. */
export function readCompaction(content: string): string | undefined {
  return content.startsWith(COMPACTION_PREFIX)
    ? content.slice(COMPACTION_PREFIX.length)
    : undefined;
}

/** The user message a compaction's summary stands for in a conversation sent on. */
export function toSummaryMessage(summary: string): responses.MessageItem {
  return {
    type: "message",
    role: "user",
    content: `Summary of the conversation so far:\n\n${summary}`,
  };
}

/** A compaction item carrying `summary`. */
export function toCompactionItem(summary: string): responses.CompactionItem {
  return {
    type: "compaction",
    id: newId("cmp"),
    encrypted_content: COMPACTION_PREFIX + summary,
  };
}

/** Whether the request asks for compaction, and how. */
export function compactionMode(
  path: string,
  items: readonly responses.InputItem[],
): CompactionMode | undefined {
  if (path === "/responses/compact") return "endpoint";
  return items.at(-1)?.type === "compaction_trigger" ? "trigger" : undefined;
}

/**
 * The answer of `POST /v1/responses/compact`: the conversation's user messages, then the one
 * compaction item of the finished summarising response.
 */
export function toCompactedResponse(
  response: responses.Response,
  items: readonly responses.InputItem[],
): responses.CompactedResponse {
  const users = items.filter((i): i is responses.MessageItem =>
    i.type === "message" && i.role === "user"
  );
  const compaction = response.output.filter((o) => o.type === "compaction");
  return {
    id: response.id,
    object: "response.compaction",
    created_at: response.created_at,
    output: [...users, ...compaction],
    usage: response.usage ?? {
      input_tokens: 0,
      output_tokens: 0,
      total_tokens: 0,
      input_tokens_details: { cached_tokens: 0 },
      output_tokens_details: { reasoning_tokens: 0 },
    },
  };
}
