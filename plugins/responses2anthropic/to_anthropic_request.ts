/**
 * Responses API request → Anthropic Messages request, directly (not via Chat Completions, so
 * reasoning signatures, images in tool results and documents survive).
 *
 * Mapping (https://platform.openai.com/docs/api-reference/responses/create →
 * https://docs.anthropic.com/en/api/messages):
 * - `instructions`, then `system`/`developer` message items → top-level `system`;
 * - user parts: `input_text` → text, `input_image` data URI → base64 image, http(s) URL → url
 *   image, `input_file` PDF data URI → base64 document;
 * - assistant `output_text`/`refusal` → text; function calls (custom tool, local shell and tool
 *   search calls arrive here as function calls, see `tool_calls.ts`) → `tool_use` (arguments
 *   parsed; `call_id` → tool id, characters Anthropic rejects replaced by `_`);
 * - tool outputs → `tool_result` (text, image and PDF parts kept);
 * - `reasoning` items this converter produced (their `encrypted_content` carries Anthropic's
 *   signature, see {@link THINKING_PREFIX}) → `thinking`/`redacted_thinking` blocks with the
 *   exact text Anthropic signed; others (OpenAI's, or reasoning another provider sent in
 *   plain text) are never sent as thinking: dropped, logged at debug; consecutive same-role
 *   turns are merged so roles alternate;
 * - `prompt_cache_key` (Anthropic has no cache key, it caches prefixes up to marked blocks) →
 *   `cache_control` breakpoints on the last system block and the last cacheable block of the
 *   last message, so the growing conversation is cached turn after turn;
 * - parameters: {@link toChatParams}, then {@link toAnthropicParams}, the mapping
 *   `openai2anthropic` uses too (`max_output_tokens` ?? downstream default ?? 4096 → `max_tokens`, clamped; temperature
 *   clamped to 0–1; `reasoning.effort` → thinking budget; `tool_choice`, `parallel_tool_calls`;
 *   `text.format: json_schema` → a tool named after the schema, forced when the client has no
 *   tools; `user` → `metadata.user_id`);
 * - thinking is turned off for the request (logged at info) when the last assistant turn calls
 *   tools without starting with a signed thinking block, which Anthropic rejects with thinking on.
 *
 * Rejected with a 400 naming the parameter: images or files that are not data URIs or http(s)
 * URLs, non-PDF files, function call arguments that are not a JSON object, an empty input.
 *
 * @module
 */
import type * as anthropic from "../protocol/anthropic/types.ts";
import type * as responses from "../protocol/responses/types.ts";
import type { WarningSink } from "../warnings.ts";
import { fail } from "../protocol/json_reader.ts";
import {
  parseDataUri,
  parseToolArguments,
  toContentBlocks,
  toImageSource,
  toToolId,
} from "../protocol/anthropic/content.ts";
import { TurnBuilder } from "../protocol/anthropic/turn_builder.ts";
import { toAnthropicParams } from "../convert_shared/to_anthropic_params.ts";
import { toChatParams } from "../responses_shared/chat_params.ts";
import type { TargetRequestInput } from "../responses_shared/responses_converter.ts";
import type { CanonicalItem } from "../responses_shared/tool_calls.ts";

/** `encrypted_content` prefix of reasoning items holding an Anthropic thinking signature. */
export const THINKING_PREFIX = "tresor.anthropic.thinking:";
/** `encrypted_content` prefix of reasoning items holding Anthropic redacted thinking. */
export const REDACTED_PREFIX = "tresor.anthropic.redacted:";

/** A converted request and the schema tool standing in for `text.format`, if any. */
export interface MessagesRequestResult {
  body: anthropic.MessagesRequest;
  jsonToolName: string | undefined;
}

/** Converts a parsed Responses request and its expanded items. */
export function toMessagesRequest(
  input: TargetRequestInput,
): MessagesRequestResult {
  const { request, warnings } = input;
  const { model, max_tokens, ...params } = toAnthropicParams(
    toChatParams(request, { tools: input.tools, warnings }),
    {
      defaultMaxTokens: input.downstream.defaultMaxTokens,
      maxOutputTokens: input.downstream.maxOutputTokens,
      warnings,
    },
  );
  const { system, messages } = toMessages(input.items, request, warnings);
  const body: anthropic.MessagesRequest = {
    model,
    max_tokens,
    messages,
    ...(system !== undefined && { system }),
    ...params,
  };
  if (body.thinking !== undefined && body.thinking.type !== "disabled") {
    const last = messages.findLast((m) => m.role === "assistant");
    const blocks = typeof last?.content === "string" ? [] : last?.content ?? [];
    const callsTools = blocks.some((b) => b.type === "tool_use");
    const first = blocks[0]?.type;
    if (
      callsTools && first !== "thinking" && first !== "redacted_thinking"
    ) {
      warnings.info(
        "Turned thinking off: the last assistant turn calls tools without a signed thinking block",
      );
      delete body.thinking;
    }
  }
  if (request.prompt_cache_key) addCacheBreakpoints(body);
  const format = request.text?.format;
  return {
    body,
    jsonToolName: format?.type === "json_schema" ? format.name : undefined,
  };
}

interface Built {
  system: string | anthropic.TextBlock[] | undefined;
  messages: anthropic.Message[];
}

function textOf(content: string | responses.ContentPart[]): string[] {
  if (typeof content === "string") return [content];
  return content.flatMap((p) =>
    p.type === "input_text" || p.type === "output_text"
      ? [p.text]
      : p.type === "refusal"
      ? [p.refusal]
      : []
  );
}

/** Marks the system prompt and the conversation so far for Anthropic's prompt cache. */
function addCacheBreakpoints(body: anthropic.MessagesRequest): void {
  const mark = { type: "ephemeral" } as const;
  if (typeof body.system === "string") {
    body.system = [{ type: "text", text: body.system, cache_control: mark }];
  } else if (body.system !== undefined && body.system.length > 0) {
    body.system[body.system.length - 1].cache_control = mark;
  }
  const last = body.messages.at(-1);
  if (last === undefined) return;
  if (typeof last.content === "string") {
    last.content = [{ type: "text", text: last.content, cache_control: mark }];
    return;
  }
  // Thinking blocks cannot carry a breakpoint; the block before them can.
  const blocks: anthropic.ContentBlock[] = last.content;
  const block = blocks.findLast(isCacheable);
  if (block !== undefined) block.cache_control = mark;
}

function isCacheable(
  block: anthropic.ContentBlock,
): block is Exclude<
  anthropic.ContentBlock,
  | anthropic.ThinkingBlock
  | anthropic.RedactedThinkingBlock
  | anthropic.ServerToolBlock
> {
  return block.type === "text" || block.type === "image" ||
    block.type === "document" || block.type === "tool_use" ||
    block.type === "tool_result";
}

function toMessages(
  items: readonly CanonicalItem[],
  request: responses.CreateRequest,
  warnings: WarningSink,
): Built {
  const systemTexts: string[] = [];
  if (request.instructions) systemTexts.push(request.instructions);
  const turns = new TurnBuilder();
  items.forEach((item, i) => {
    const path = `input[${i}]`;
    switch (item.type) {
      case "message":
        pushMessage(item, `${path}.content`, { turns, systemTexts });
        return;
      case "function_call":
        turns.push("assistant", [{
          type: "tool_use",
          id: toToolId(item.call_id),
          name: item.name,
          input: parseToolArguments(item.arguments, `${path}.arguments`),
        }]);
        return;
      case "function_call_output":
        turns.push("user", [toToolResult(item, `${path}.output`)]);
        return;
      case "reasoning": {
        const block = toThinkingBlock(item);
        if (block) turns.push("assistant", [block]);
        else {
          warnings.debug("Dropped a reasoning item Anthropic cannot verify", {
            index: i,
          });
        }
        return;
      }
      default: {
        const never: never = item;
        throw new TypeError(`Unhandled item ${JSON.stringify(never)}`);
      }
    }
  });
  if (turns.empty) {
    fail("input", "at least one user or assistant message is required");
  }
  const messages = turns.toMessages();
  let system: Built["system"];
  if (systemTexts.length === 1) system = systemTexts[0];
  else if (systemTexts.length > 1) {
    system = systemTexts.map((text) => ({ type: "text", text }));
  }
  return { system, messages };
}

/** A message item: system and developer text to `system`, the rest to its turn. */
function pushMessage(
  item: responses.MessageItem,
  path: string,
  into: { turns: TurnBuilder; systemTexts: string[] },
): void {
  switch (item.role) {
    case "system":
    case "developer":
      into.systemTexts.push(...textOf(item.content).filter((t) => t !== ""));
      return;
    case "user":
      into.turns.push("user", toUserBlocks(item.content, path));
      return;
    case "assistant":
      into.turns.push(
        "assistant",
        textOf(item.content).filter((t) => t !== "").map((text) => ({
          type: "text",
          text,
        })),
      );
      return;
    default: {
      const never: never = item.role;
      throw new TypeError(`Unhandled role ${JSON.stringify(never)}`);
    }
  }
}

/** A tool output as a `tool_result` (text, image and PDF parts kept). */
function toToolResult(
  item: responses.FunctionCallOutputItem,
  path: string,
): anthropic.ToolResultBlock {
  const result: anthropic.ToolResultBlock = {
    type: "tool_result",
    tool_use_id: toToolId(item.call_id),
  };
  if (typeof item.output === "string") {
    if (item.output !== "") result.content = item.output;
    return result;
  }
  const blocks = toUserBlocks(item.output, path).filter((b) =>
    b.type === "text" || b.type === "image" || b.type === "document"
  );
  if (blocks.length > 0) result.content = blocks;
  return result;
}

function toThinkingBlock(
  item: responses.ReasoningItem,
): anthropic.ThinkingBlock | anthropic.RedactedThinkingBlock | undefined {
  const secret = item.encrypted_content ?? "";
  if (secret.startsWith(REDACTED_PREFIX)) {
    const data = secret.slice(REDACTED_PREFIX.length);
    return data === "" ? undefined : { type: "redacted_thinking", data };
  }
  if (!secret.startsWith(THINKING_PREFIX)) return undefined;
  // An empty signature is one Anthropic never gave: it would be refused.
  const signature = secret.slice(THINKING_PREFIX.length);
  if (signature === "") return undefined;
  // The text Anthropic signed: in `content`, or in `summary` when the client asked for one.
  const text = (item.content ?? item.summary).map((c) => c.text).join("");
  return { type: "thinking", thinking: text, signature };
}

function toUserBlocks(
  content: string | responses.ContentPart[],
  path: string,
): anthropic.ContentBlock[] {
  return toContentBlocks(content, (part, j) => {
    const at = `${path}[${j}]`;
    switch (part.type) {
      case "input_text":
      case "output_text":
        return part.text === "" ? undefined : { type: "text", text: part.text };
      case "refusal":
        return { type: "text", text: part.refusal };
      case "input_image":
        return {
          type: "image",
          source: toImageSource(part.image_url ?? "", `${at}.image_url`),
        };
      case "input_file":
        return toDocument(part, `${at}.file_data`);
      default: {
        const never: never = part;
        throw new TypeError(`Unhandled part ${JSON.stringify(never)}`);
      }
    }
  });
}

/** An input file as a document block: a base64 PDF data URI, else a 400 at `path`. */
function toDocument(
  part: responses.InputFilePart,
  path: string,
): anthropic.DocumentBlock {
  const data = parseDataUri(part.file_data ?? "");
  if (!data || data.mediaType !== "application/pdf") {
    fail(path, "expected a base64 PDF data URI");
  }
  const doc: anthropic.DocumentBlock = {
    type: "document",
    source: { type: "base64", media_type: data.mediaType, data: data.data },
  };
  if (part.filename) doc.title = part.filename;
  return doc;
}
