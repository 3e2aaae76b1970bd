/**
 * Chat Completions request → Anthropic Messages request, as a pure function: the conversation
 * here, the parameters through `convert_shared/to_anthropic_params.ts`.
 *
 * Mapping (https://platform.openai.com/docs/api-reference/chat/create →
 * https://docs.anthropic.com/en/api/messages):
 * - `system`/`developer` messages → top-level `system` (order kept; a single string stays a string);
 * - user parts: text → text, `image_url` data URI → base64 image, http(s) URL → url image;
 * - assistant `content` + `tool_calls` → text + `tool_use` blocks (arguments parsed);
 * - `tool` messages → `tool_result` blocks in one user turn, before any following user content;
 *   consecutive same-role turns are merged so roles alternate.
 *
 * Rejected with a 400 naming the parameter: what `toAnthropicParams` rejects, audio and `file`
 * parts, unknown image URLs, invalid tool-call arguments, tool messages that answer no call and
 * calls that get no answer. Dropped with a warning: empty text and empty assistant messages.
 *
 * @module
 */
import type * as anthropic from "../protocol/anthropic/types.ts";
import type * as openai from "../protocol/openai/types.ts";
import type { WarningSink } from "../warnings.ts";
import { fail } from "../protocol/json_reader.ts";
import {
  parseToolArguments,
  toContentBlocks,
  toImageSource,
  toToolId,
} from "../protocol/anthropic/content.ts";
import { TurnBuilder } from "../protocol/anthropic/turn_builder.ts";
import {
  rejectUnsupportedParams,
  toAnthropicParams,
  type ToAnthropicParamsOptions,
} from "../convert_shared/to_anthropic_params.ts";

/** Options of {@link toAnthropicRequest}. */
export type ToAnthropicRequestOptions = ToAnthropicParamsOptions;

const SILENT: WarningSink = { debug() {}, info() {}, warn() {} };

/** Converts a parsed Chat Completions request; throws `PluginError` for unsupported input. */
export function toAnthropicRequest(
  req: openai.ChatCompletionRequest,
  opts: ToAnthropicRequestOptions = {},
): anthropic.MessagesRequest {
  const warnings = opts.warnings ?? SILENT;
  rejectUnsupportedParams(req);
  const { system, messages } = toMessages(req.messages, warnings);
  const { model, max_tokens, ...params } = toAnthropicParams(req, {
    ...opts,
    warnings,
  });
  return {
    model,
    max_tokens,
    messages,
    ...(system !== undefined && { system }),
    ...params,
  };
}

interface Built {
  system: string | anthropic.TextBlock[] | undefined;
  messages: anthropic.Message[];
}

/** Tool calls of the latest assistant turn still waiting for their tool message. */
class OpenCalls {
  #open = new Map<string, number>();

  /** Starts a new assistant turn's calls. */
  reset(): void {
    this.#open = new Map();
  }

  add(id: string, index: number): void {
    this.#open.set(id, index);
  }

  /** Whether `id` was waiting (it no longer is). */
  answer(id: string): boolean {
    return this.#open.delete(id);
  }

  /** Fails when a call is left without its tool message. */
  requireAnswered(): void {
    for (const [id, index] of this.#open) {
      fail(
        `messages[${index}].tool_calls`,
        `tool call "${id}" has no tool message answering it`,
      );
    }
  }
}

function toMessages(input: openai.ChatMessage[], warnings: WarningSink): Built {
  const system: SystemTexts = { texts: [], parts: 0 };
  const turns = new TurnBuilder();
  const open = new OpenCalls();
  input.forEach((m, i) => {
    const path = `messages[${i}]`;
    switch (m.role) {
      case "system":
      case "developer":
        for (const text of textsOf(m.content)) {
          system.parts++;
          if (text !== "") system.texts.push(text);
        }
        return;
      case "user":
        open.requireAnswered();
        turns.push("user", toUserBlocks(m.content, path));
        return;
      case "assistant":
        open.requireAnswered();
        open.reset();
        turns.push("assistant", toAssistantBlocks(m, i, { open, warnings }));
        return;
      case "tool":
        turns.push("user", [toToolResult(m, path, open)]);
        return;
      default: {
        const never: never = m;
        throw new TypeError(`Unhandled message ${JSON.stringify(never)}`);
      }
    }
  });
  open.requireAnswered();
  if (turns.empty) {
    fail("messages", "at least one user or assistant message is required");
  }
  return { system: toSystem(system, input), messages: turns.toMessages() };
}

/** The system and developer texts seen, and how many parts they came in. */
interface SystemTexts {
  texts: string[];
  parts: number;
}

/** One system string stays a string; several become text blocks. */
function toSystem(
  system: SystemTexts,
  input: readonly openai.ChatMessage[],
): Built["system"] {
  const single = input.filter((m) =>
    m.role === "system" || m.role === "developer"
  );
  if (
    system.texts.length === 1 && system.parts === 1 &&
    typeof single[0]?.content === "string"
  ) {
    return system.texts[0];
  }
  if (system.texts.length === 0) return undefined;
  return system.texts.map((text) => ({ type: "text", text }));
}

function textsOf(content: string | openai.TextPart[]): string[] {
  return typeof content === "string" ? [content] : content.map((p) => p.text);
}

/** An assistant message's text and `tool_use` blocks; its calls become the open ones. */
function toAssistantBlocks(
  m: openai.AssistantMessage,
  index: number,
  ctx: { open: OpenCalls; warnings: WarningSink },
): anthropic.ContentBlock[] {
  const blocks: anthropic.ContentBlock[] = [];
  const content = m.content;
  if (typeof content === "string") {
    if (content !== "") blocks.push({ type: "text", text: content });
  } else if (content) {
    for (const part of content) {
      const text = part.type === "text" ? part.text : part.refusal;
      if (text !== "") blocks.push({ type: "text", text });
    }
  }
  (m.tool_calls ?? []).forEach((call, k) => {
    blocks.push({
      type: "tool_use",
      id: toToolId(call.id),
      name: call.function.name,
      input: parseToolArguments(
        call.function.arguments,
        `messages[${index}].tool_calls[${k}].function.arguments`,
      ),
    });
    ctx.open.add(toToolId(call.id), index);
  });
  if (blocks.length === 0) {
    ctx.warnings.debug("Dropped an empty assistant message", { index });
  }
  return blocks;
}

/** A tool message as the `tool_result` answering an open call. */
function toToolResult(
  m: openai.ToolMessage,
  path: string,
  open: OpenCalls,
): anthropic.ToolResultBlock {
  const id = toToolId(m.tool_call_id);
  if (!open.answer(id)) {
    fail(
      `${path}.tool_call_id`,
      `"${m.tool_call_id}" answers no tool call of the previous assistant message`,
    );
  }
  const result: anthropic.ToolResultBlock = {
    type: "tool_result",
    tool_use_id: id,
  };
  if (typeof m.content === "string") {
    if (m.content !== "") result.content = m.content;
  } else {
    const blocks = m.content.filter((p) => p.text !== "").map((
      p,
    ): anthropic.TextBlock => ({ type: "text", text: p.text }));
    if (blocks.length > 0) result.content = blocks;
  }
  return result;
}

function toUserBlocks(
  content: string | openai.ContentPart[],
  path: string,
): anthropic.ContentBlock[] {
  return toContentBlocks(content, (part, j) => {
    const at = `${path}.content[${j}]`;
    switch (part.type) {
      case "text":
        return part.text === "" ? undefined : { type: "text", text: part.text };
      case "image_url":
        return {
          type: "image",
          source: toImageSource(part.image_url.url, `${at}.image_url.url`),
        };
      case "input_audio":
        return fail(at, "audio input is not supported by Anthropic");
      case "file":
        return fail(
          at,
          "file parts are not supported when translating to Anthropic",
        );
      default: {
        const never: never = part;
        throw new TypeError(`Unhandled part ${JSON.stringify(never)}`);
      }
    }
  });
}
