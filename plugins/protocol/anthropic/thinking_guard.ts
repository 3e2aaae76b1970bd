/**
 * Makes a Messages request safe to send to Anthropic after a provider switch
 * (https://docs.anthropic.com/en/docs/build-with-claude/extended-thinking#preserving-thinking-blocks):
 *
 * - a `thinking` block whose signature is missing, empty or Tresor's own (reasoning translated
 *   from another provider), and a `redacted_thinking` block without data, is dropped: Anthropic
 *   answers 400 for a signature it did not make. A block Anthropic signed is never touched. An
 *   assistant turn left with no content keeps the dropped reasoning as text.
 * - when thinking is on (`enabled` or `adaptive`) and the request continues a tool call (the last
 *   user turn holds `tool_result`s) whose assistant turn does not start with a thinking block,
 *   the request goes with thinking off for that turn, which Anthropic accepts; context-management
 *   edits that clear thinking go with it, since they require thinking.
 *
 * Works on the JSON body (a passthrough request keeps every field it does not change) and
 * returns the same object when nothing needed changing.
 *
 * @module
 */
import type { JsonObject } from "../../types.ts";
import type { WarningSink } from "../../warnings.ts";
import { isRecord } from "../json_reader.ts";
import { isAnthropicSignature } from "./thinking_marker.ts";

type Block = Record<string, unknown>;

/** Whether Anthropic can verify `block` (or it is not a reasoning block at all). */
function keeps(block: Block): boolean {
  if (block.type === "thinking") return isAnthropicSignature(block.signature);
  if (block.type === "redacted_thinking") {
    return typeof block.data === "string" && block.data !== "";
  }
  return true;
}

function isReasoning(block: unknown): boolean {
  return isRecord(block) &&
    (block.type === "thinking" || block.type === "redacted_thinking");
}

/** The assistant content without unverifiable reasoning; undefined when nothing is dropped. */
function filterContent(content: unknown[]): unknown[] | undefined {
  if (!content.some((b) => isRecord(b) && !keeps(b))) return undefined;
  const kept = content.filter((b) => !isRecord(b) || keeps(b));
  if (kept.length > 0) return kept;
  // An assistant turn cannot be empty: its reasoning stays, as text.
  const text = content.map((b) =>
    isRecord(b) && typeof b.thinking === "string" ? b.thinking : ""
  ).join("\n").trim();
  return [{ type: "text", text: text === "" ? "(reasoning omitted)" : text }];
}

/** Whether the request continues a tool call whose assistant turn starts without thinking. */
function continuesWithoutThinking(messages: readonly unknown[]): boolean {
  // Mid-conversation system messages may follow or sit between the two turns.
  let i = messages.length;
  const previousTurn = (): unknown => {
    let m: unknown;
    do m = messages[--i]; while (isRecord(m) && m.role === "system");
    return m;
  };
  const last = previousTurn();
  if (
    !isRecord(last) || last.role !== "user" || !Array.isArray(last.content) ||
    !last.content.some((b) => isRecord(b) && b.type === "tool_result")
  ) return false;
  const assistant = previousTurn();
  if (!isRecord(assistant) || assistant.role !== "assistant") return false;
  return !Array.isArray(assistant.content) ||
    !isReasoning(assistant.content[0]);
}

/** `context_management` without edits that clear thinking; undefined when none is left. */
function withoutThinkingEdits(value: unknown): unknown {
  if (!isRecord(value) || !Array.isArray(value.edits)) return value;
  const edits = value.edits.filter((e) =>
    !(isRecord(e) && typeof e.type === "string" &&
      e.type.startsWith("clear_thinking"))
  );
  if (edits.length === value.edits.length) return value;
  return edits.length === 0 ? undefined : { ...value, edits };
}

/** The request made safe for Anthropic (see the module doc); `body` itself when it already is. */
export function guardThinking(
  body: JsonObject,
  warnings: WarningSink,
): JsonObject {
  const messages = body.messages;
  if (!Array.isArray(messages)) return body;
  let out = body;
  let dropped = 0;
  let changedMessages: unknown[] | undefined;
  messages.forEach((m, i) => {
    if (!isRecord(m) || m.role !== "assistant" || !Array.isArray(m.content)) {
      return;
    }
    const content = filterContent(m.content);
    if (content === undefined) return;
    dropped += m.content.filter((b) => isRecord(b) && !keeps(b)).length;
    changedMessages ??= [...messages];
    changedMessages[i] = { ...m, content };
  });
  if (changedMessages !== undefined) {
    warnings.debug("Dropped thinking blocks Anthropic did not sign", {
      dropped,
    });
    out = { ...out, messages: changedMessages };
  }
  const thinking = isRecord(out.thinking) ? out.thinking.type : undefined;
  if (
    (thinking === "enabled" || thinking === "adaptive") &&
    continuesWithoutThinking(changedMessages ?? messages)
  ) {
    warnings.info(
      "Sent with thinking off: the assistant tool turn being continued has no signed thinking block",
    );
    const { thinking: _off, ...rest } = out;
    out = rest;
    if ("context_management" in out) {
      const management = withoutThinkingEdits(out.context_management);
      if (management === undefined) {
        const { context_management: _none, ...kept } = out;
        out = kept;
      } else out = { ...out, context_management: management };
    }
  }
  return out;
}
