/**
 * Anthropic `system` and `messages` → Chat Completions messages, as a pure function.
 *
 * - `system` (string or text blocks joined by a blank line; `cache_control` dropped) → a system
 *   message first; mid-conversation `role: "system"` messages → system messages in place;
 *   Claude Code's billing line removed from both when asked (`stripBillingHeader`);
 * - user text/image blocks → content parts (base64 images → data URIs), base64 PDFs → `file`
 *   parts, text documents → text; a single text part becomes a plain string;
 * - `tool_result` blocks → `role: tool` messages placed before the rest of their user turn
 *   (text flattened; `is_error` kept visible as an `Error: ` prefix); images inside tool results
 *   move into a user message after the tool messages;
 * - assistant text → `content`, `tool_use` → `tool_calls` (names made OpenAI-safe);
 *   `thinking`/`redacted_thinking` dropped (an OpenAI upstream cannot verify their signatures),
 *   except reasoning Tresor itself translated from a Chat Completions provider, which goes back
 *   as `reasoning_content` to a model that reasons (DeepSeek requires it within a tool loop);
 *   server tool content (`server_tool_use`, `web_search_tool_result`, …) dropped.
 *
 * Rejected with a 400 naming the path: URL documents, `tool_result` blocks that answer no
 * `tool_use` of the previous assistant turn, and `tool_use` blocks left unanswered.
 *
 * @module
 */
import type * as anthropic from "../protocol/anthropic/types.ts";
import type * as openai from "../protocol/openai/types.ts";
import type { WarningSink } from "../warnings.ts";
import { fail } from "../protocol/json_reader.ts";
import { withoutBillingLine } from "../protocol/anthropic/billing_header.ts";
import { isTranslatedSignature } from "../protocol/anthropic/thinking_marker.ts";
import type { ToolNameMap } from "../protocol/openai/tool_names.ts";

/** Options of {@link toOpenAiMessages}. */
export interface ToOpenAiMessagesOptions {
  warnings: WarningSink;
  /** Remove Claude Code's billing line from system texts. */
  stripBillingHeader: boolean;
  /** Send Tresor-translated reasoning back as `reasoning_content`. */
  reasoning: boolean;
  toolNames: ToolNameMap;
}

/** A system text (string or blocks) as one string; undefined when empty. */
export function toSystemText(
  system: string | anthropic.TextBlock[] | undefined,
  stripBillingHeader = false,
): string | undefined {
  if (system === undefined) return undefined;
  const texts = typeof system === "string"
    ? [system]
    : system.map((b) => b.text);
  const text = texts
    .map((t) => stripBillingHeader ? withoutBillingLine(t) : t)
    .filter((t) => t !== "")
    .join("\n\n");
  return text === "" ? undefined : text;
}

/** Converts the system prompt and messages; throws `PluginError` for unsupported input. */
export function toOpenAiMessages(
  system: string | anthropic.TextBlock[] | undefined,
  input: anthropic.InputMessage[],
  opts: ToOpenAiMessagesOptions,
): openai.ChatMessage[] {
  const { warnings } = opts;
  const out: openai.ChatMessage[] = [];
  const top = toSystemText(system, opts.stripBillingHeader);
  if (top !== undefined) out.push({ role: "system", content: top });
  // tool_use ids of the previous assistant turn, still waiting for their tool_result.
  let open = new Map<string, string>();
  // System messages arriving while tool calls wait for their results: OpenAI wants the tool
  // messages right after the assistant's calls, so these follow them.
  let deferred: openai.SystemMessage[] = [];
  const requireAnswered = () => {
    for (const [, at] of open) {
      fail(at, "tool_use has no tool_result in the next user message");
    }
    open = new Map();
  };
  input.forEach((m, i) => {
    const path = `messages[${i}]`;
    switch (m.role) {
      case "system": {
        const text = toSystemText(m.content, opts.stripBillingHeader);
        if (text === undefined) return;
        const msg: openai.SystemMessage = { role: "system", content: text };
        if (open.size > 0) deferred.push(msg);
        else out.push(msg);
        return;
      }
      case "assistant": {
        requireAnswered();
        const msg = toAssistant(m.content, path, opts);
        if (typeof m.content !== "string") {
          m.content.forEach((b, j) => {
            if (b.type === "tool_use") open.set(b.id, `${path}.content[${j}]`);
          });
        }
        if (msg) out.push(msg);
        return;
      }
      case "user": {
        const { tools, rest } = toUser(m.content, path, open, warnings);
        out.push(...tools, ...deferred, ...rest);
        deferred = [];
        open = new Map();
        return;
      }
      default: {
        const never: never = m;
        throw new TypeError(`Unhandled message ${JSON.stringify(never)}`);
      }
    }
  });
  requireAnswered();
  out.push(...deferred);
  return out;
}

/** A user turn: its tool results as tool messages, and the rest as one user message. */
function toUser(
  content: string | anthropic.ContentBlock[],
  path: string,
  open: Map<string, string>,
  warnings: WarningSink,
): { tools: openai.ToolMessage[]; rest: openai.ChatMessage[] } {
  const unanswered = () => {
    for (const [, at] of open) {
      fail(at, "tool_use has no tool_result in the next user message");
    }
  };
  if (typeof content === "string") {
    unanswered();
    return { tools: [], rest: [{ role: "user", content }] };
  }
  const tools: openai.ToolMessage[] = [];
  const parts: openai.ContentPart[] = [];
  const toolImages: openai.ContentPart[] = [];
  content.forEach((block, j) => {
    const at = `${path}.content[${j}]`;
    switch (block.type) {
      case "tool_result":
        if (!open.delete(block.tool_use_id)) {
          fail(
            `${at}.tool_use_id`,
            `"${block.tool_use_id}" answers no tool_use of the previous assistant message`,
          );
        }
        tools.push(toToolMessage(block, at, toolImages));
        return;
      case "text":
        parts.push({ type: "text", text: block.text });
        return;
      case "image":
        parts.push(toImagePart(block));
        return;
      case "document":
        parts.push(toDocumentPart(block, at));
        return;
      case "thinking":
      case "redacted_thinking":
        warnings.debug("Dropped a thinking block from a user message", {
          path,
        });
        return;
      case "tool_use":
        return fail(
          `${at}.type`,
          "tool_use is only valid in assistant messages",
        );
      default:
        warnings.debug("Dropped server tool content from a user message", {
          path,
          type: block.type,
        });
        return;
    }
  });
  unanswered();
  const all = [...toolImages, ...parts];
  const rest: openai.ChatMessage[] = [];
  if (all.length === 1 && all[0].type === "text") {
    rest.push({ role: "user", content: all[0].text });
  } else if (all.length > 0) rest.push({ role: "user", content: all });
  return { tools, rest };
}

function toAssistant(
  content: string | anthropic.ContentBlock[],
  path: string,
  opts: ToOpenAiMessagesOptions,
): openai.AssistantMessage | undefined {
  if (typeof content === "string") return { role: "assistant", content };
  let text: string | undefined;
  let reasoning: string | undefined;
  const calls: openai.ToolCall[] = [];
  content.forEach((block, j) => {
    switch (block.type) {
      case "text":
        text = (text ?? "") + block.text;
        return;
      case "tool_use":
        calls.push({
          id: block.id,
          type: "function",
          function: {
            name: opts.toolNames.toSafe(block.name),
            arguments: JSON.stringify(block.input),
          },
        });
        return;
      case "thinking":
        if (opts.reasoning && isTranslatedSignature(block.signature)) {
          reasoning = (reasoning ?? "") + block.thinking;
          return;
        }
        // Signatures only verify at Anthropic; an OpenAI upstream has no use for them.
        opts.warnings.debug("Dropped an assistant thinking block", { path });
        return;
      case "redacted_thinking":
        opts.warnings.debug("Dropped an assistant thinking block", { path });
        return;
      case "image":
      case "document":
      case "tool_result":
        return fail(
          `${path}.content[${j}].type`,
          `${block.type} is not valid in assistant messages`,
        );
      default:
        // Only the Anthropic API that ran the server tool can read its blocks.
        opts.warnings.debug("Dropped server tool content", {
          path,
          type: block.type,
        });
        return;
    }
  });
  if (text === undefined && calls.length === 0) {
    opts.warnings.debug("Dropped an empty assistant message", { path });
    return undefined;
  }
  const msg: openai.AssistantMessage = {
    role: "assistant",
    content: text ?? null,
  };
  if (reasoning !== undefined) msg.reasoning_content = reasoning;
  if (calls.length > 0) msg.tool_calls = calls;
  return msg;
}

function toImagePart(block: anthropic.ImageBlock): openai.ImagePart {
  const url = block.source.type === "base64"
    ? `data:${block.source.media_type};base64,${block.source.data}`
    : block.source.url;
  return { type: "image_url", image_url: { url } };
}

function toDocumentPart(
  block: anthropic.DocumentBlock,
  path: string,
): openai.ContentPart {
  const source = block.source;
  switch (source.type) {
    case "text":
      return { type: "text", text: source.data };
    case "base64":
      return {
        type: "file",
        file: {
          filename: block.title ?? "document.pdf",
          file_data: `data:${source.media_type};base64,${source.data}`,
        },
      };
    case "url":
      return fail(
        `${path}.source.type`,
        "URL documents cannot be translated to OpenAI",
      );
    default: {
      const never: never = source;
      throw new TypeError(`Unhandled source ${JSON.stringify(never)}`);
    }
  }
}

function toToolMessage(
  block: anthropic.ToolResultBlock,
  path: string,
  images: openai.ContentPart[],
): openai.ToolMessage {
  let text = "";
  if (typeof block.content === "string") text = block.content;
  else if (block.content) {
    const texts: string[] = [];
    block.content.forEach((inner, k) => {
      switch (inner.type) {
        case "text":
          texts.push(inner.text);
          return;
        case "image":
          // OpenAI tool messages carry text only; the image follows in a user message.
          images.push(toImagePart(inner));
          return;
        case "document": {
          const part = toDocumentPart(inner, `${path}.content[${k}]`);
          if (part.type === "text") texts.push(part.text);
          else images.push(part);
          return;
        }
        default: {
          const never: never = inner;
          throw new TypeError(`Unhandled block ${JSON.stringify(never)}`);
        }
      }
    });
    text = texts.join("\n");
  }
  if (block.is_error === true) text = `Error: ${text}`;
  return { role: "tool", tool_call_id: block.tool_use_id, content: text };
}
