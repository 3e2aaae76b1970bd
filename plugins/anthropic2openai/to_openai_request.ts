/**
 * Anthropic Messages request → Chat Completions request, as a pure function.
 *
 * Mapping (https://docs.anthropic.com/en/api/messages →
 * https://platform.openai.com/docs/api-reference/chat/create):
 * - `system` (string or text blocks joined by a blank line; `cache_control` dropped) → a system
 *   message;
 * - user text/image blocks → content parts (base64 images → data URIs), base64 PDFs → `file`
 *   parts, text documents → text; a single text part becomes a plain string;
 * - `tool_result` blocks → `role: tool` messages placed before the rest of their user turn
 *   (text flattened; `is_error` kept visible as an `Error: ` prefix); images inside tool results
 *   move into a user message after the tool messages;
 * - assistant text → `content`, `tool_use` → `tool_calls`; `thinking`/`redacted_thinking`
 *   dropped (an OpenAI upstream cannot verify their signatures);
 * - `max_tokens` (clamped to the downstream's `max_output_tokens`), `stop_sequences` → `stop`
 *   (at most 4, OpenAI's limit), `temperature`, `top_p`, `metadata.user_id` → `user`;
 *   `top_k` dropped;
 * - `tools` → function tools, `tool_choice` auto/any/tool/none → auto/required/named/none,
 *   `disable_parallel_tool_use` → `parallel_tool_calls: false`;
 * - `thinking.budget_tokens` → `reasoning_effort` (see {@link toReasoningEffort});
 * - `stream` → `stream` with `stream_options.include_usage`, so streamed usage is real.
 *
 * Rejected with a 400 naming the parameter: server tools, URL documents, `tool_result` blocks
 * that answer no `tool_use` of the previous assistant turn, and `tool_use` blocks left
 * unanswered by the next user turn.
 *
 * @module
 */
import type * as anthropic from "../protocol/anthropic.ts";
import type * as openai from "../protocol/openai.ts";
import type { PluginLog } from "../types.ts";
import { fail } from "../protocol/json_reader.ts";

/** OpenAI accepts at most four stop sequences. */
const MAX_STOP = 4;

const SILENT: PluginLog = { debug() {}, info() {}, warn() {}, error() {} };

/** Options of {@link toOpenAiRequest}. */
export interface ToOpenAiRequestOptions {
  maxOutputTokens?: number;
  log?: PluginLog;
}

/** A thinking config → `reasoning_effort` (budgets below 4096 low, below 16384 medium, else high). */
export function toReasoningEffort(
  thinking: anthropic.ThinkingConfig | undefined,
): openai.ReasoningEffort | undefined {
  if (thinking === undefined || thinking.type === "disabled") return undefined;
  if (thinking.type === "adaptive") return "medium";
  if (thinking.budget_tokens < 4096) return "low";
  return thinking.budget_tokens < 16384 ? "medium" : "high";
}

/** The system prompt as one string, or undefined when there is none. */
export function toSystemText(
  system: string | anthropic.TextBlock[] | undefined,
): string | undefined {
  if (system === undefined) return undefined;
  const text = typeof system === "string"
    ? system
    : system.map((b) => b.text).filter((t) => t !== "").join("\n\n");
  return text === "" ? undefined : text;
}

/** Converts a parsed Messages request; throws `PluginError` for unsupported input. */
export function toOpenAiRequest(
  req: anthropic.MessagesRequest,
  opts: ToOpenAiRequestOptions = {},
): openai.ChatCompletionRequest {
  const log = opts.log ?? SILENT;
  const messages: openai.ChatMessage[] = [];
  const system = toSystemText(req.system);
  if (system !== undefined) messages.push({ role: "system", content: system });
  messages.push(...toMessages(req.messages, log));

  let maxTokens = req.max_tokens;
  if (opts.maxOutputTokens !== undefined && maxTokens > opts.maxOutputTokens) {
    log.info("Clamped max_tokens to the downstream's max_output_tokens", {
      from: maxTokens,
      to: opts.maxOutputTokens,
    });
    maxTokens = opts.maxOutputTokens;
  }
  const out: openai.ChatCompletionRequest = {
    model: req.model,
    messages,
    max_tokens: maxTokens,
  };
  if (req.stop_sequences !== undefined && req.stop_sequences.length > 0) {
    if (req.stop_sequences.length > MAX_STOP) {
      log.info("Dropped stop sequences beyond OpenAI's limit of 4", {
        dropped: req.stop_sequences.length - MAX_STOP,
      });
    }
    out.stop = req.stop_sequences.slice(0, MAX_STOP);
  }
  if (req.temperature !== undefined) out.temperature = req.temperature;
  if (req.top_p !== undefined) out.top_p = req.top_p;
  if (req.top_k !== undefined) {
    log.debug("Dropped top_k: OpenAI has no equivalent");
  }
  if (req.metadata?.user_id) out.user = req.metadata.user_id;

  const tools = (req.tools ?? []).map((t, i): openai.Tool => {
    if (t.type !== undefined && t.type !== "custom") {
      fail(
        `tools[${i}].type`,
        `server tool "${t.type}" cannot be translated to OpenAI`,
      );
    }
    const fn: openai.FunctionDefinition = {
      name: t.name,
      parameters: t.input_schema,
    };
    if (t.description !== undefined) fn.description = t.description;
    return { type: "function", function: fn };
  });
  if (tools.length > 0) {
    out.tools = tools;
    const choice = req.tool_choice;
    if (choice !== undefined) {
      switch (choice.type) {
        case "auto":
          out.tool_choice = "auto";
          break;
        case "any":
          out.tool_choice = "required";
          break;
        case "none":
          out.tool_choice = "none";
          break;
        case "tool":
          out.tool_choice = {
            type: "function",
            function: { name: choice.name },
          };
          break;
        default: {
          const never: never = choice;
          throw new TypeError(`Unhandled tool_choice ${JSON.stringify(never)}`);
        }
      }
      if (choice.type !== "none" && choice.disable_parallel_tool_use === true) {
        out.parallel_tool_calls = false;
      }
    }
  } else if (req.tool_choice !== undefined) {
    log.debug("Dropped tool_choice without tools");
  }

  const effort = toReasoningEffort(req.thinking);
  if (effort !== undefined) out.reasoning_effort = effort;
  if (req.stream === true) {
    out.stream = true;
    out.stream_options = { include_usage: true };
  }
  return out;
}

function toMessages(
  input: anthropic.Message[],
  log: PluginLog,
): openai.ChatMessage[] {
  const out: openai.ChatMessage[] = [];
  // tool_use ids of the previous assistant turn, still waiting for their tool_result.
  let open = new Map<string, string>();
  input.forEach((m, i) => {
    const path = `messages[${i}]`;
    if (m.role === "assistant") {
      for (const [, at] of open) {
        fail(at, "tool_use has no tool_result in the next user message");
      }
      open = new Map();
      const msg = toAssistant(m.content, path, log);
      if (typeof m.content !== "string") {
        m.content.forEach((b, j) => {
          if (b.type === "tool_use") open.set(b.id, `${path}.content[${j}]`);
        });
      }
      if (msg) out.push(msg);
      return;
    }
    if (typeof m.content === "string") {
      for (const [, at] of open) {
        fail(at, "tool_use has no tool_result in the next user message");
      }
      open = new Map();
      out.push({ role: "user", content: m.content });
      return;
    }
    const tools: openai.ToolMessage[] = [];
    const parts: openai.ContentPart[] = [];
    const toolImages: openai.ContentPart[] = [];
    m.content.forEach((block, j) => {
      const at = `${path}.content[${j}]`;
      switch (block.type) {
        case "tool_result": {
          if (!open.delete(block.tool_use_id)) {
            fail(
              `${at}.tool_use_id`,
              `"${block.tool_use_id}" answers no tool_use of the previous assistant message`,
            );
          }
          tools.push(toToolMessage(block, at, toolImages));
          return;
        }
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
          log.debug("Dropped a thinking block from a user message", {
            index: i,
          });
          return;
        case "tool_use":
          return fail(
            `${at}.type`,
            "tool_use is only valid in assistant messages",
          );
        default: {
          const never: never = block;
          throw new TypeError(`Unhandled block ${JSON.stringify(never)}`);
        }
      }
    });
    for (const [, at] of open) {
      fail(at, "tool_use has no tool_result in the next user message");
    }
    open = new Map();
    out.push(...tools);
    const all = [...toolImages, ...parts];
    if (all.length === 1 && all[0].type === "text") {
      out.push({ role: "user", content: all[0].text });
    } else if (all.length > 0) out.push({ role: "user", content: all });
  });
  for (const [, at] of open) {
    fail(at, "tool_use has no tool_result in the next user message");
  }
  return out;
}

function toAssistant(
  content: string | anthropic.ContentBlock[],
  path: string,
  log: PluginLog,
): openai.AssistantMessage | undefined {
  if (typeof content === "string") return { role: "assistant", content };
  let text: string | undefined;
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
            name: block.name,
            arguments: JSON.stringify(block.input),
          },
        });
        return;
      case "thinking":
      case "redacted_thinking":
        // Signatures only verify at Anthropic; an OpenAI upstream has no use for them.
        log.debug("Dropped an assistant thinking block", { path });
        return;
      case "image":
      case "document":
      case "tool_result":
        return fail(
          `${path}.content[${j}].type`,
          `${block.type} is not valid in assistant messages`,
        );
      default: {
        const never: never = block;
        throw new TypeError(`Unhandled block ${JSON.stringify(never)}`);
      }
    }
  });
  if (text === undefined && calls.length === 0) {
    log.debug("Dropped an empty assistant message", { path });
    return undefined;
  }
  const msg: openai.AssistantMessage = {
    role: "assistant",
    content: text ?? null,
  };
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
