/**
 * Chat Completions request → Anthropic Messages request, as a pure function.
 *
 * Mapping (https://platform.openai.com/docs/api-reference/chat/create →
 * https://docs.anthropic.com/en/api/messages):
 * - `system`/`developer` messages → top-level `system` (order kept; a single string stays a string);
 * - user parts: text → text, `image_url` data URI → base64 image, http(s) URL → url image;
 * - assistant `content` + `tool_calls` → text + `tool_use` blocks (arguments parsed);
 * - `tool` messages → `tool_result` blocks in one user turn, before any following user content;
 *   consecutive same-role turns are merged so roles alternate;
 * - `max_completion_tokens` ?? `max_tokens` ?? downstream default ?? 4096 → `max_tokens`, clamped
 *   to the downstream's `max_output_tokens`;
 * - `stop` → `stop_sequences` (whitespace-only ones dropped: Anthropic rejects them);
 * - `temperature` clamped to 0–1; `top_p`; `user` → `metadata.user_id`;
 * - `tools`, `tool_choice` (auto/required/none/named → auto/any/none/tool),
 *   `parallel_tool_calls: false` → `disable_parallel_tool_use`;
 * - `reasoning_effort` → `thinking.budget_tokens` (`max_tokens` raised above the budget;
 *   temperature and a `top_p` below 0.95 are dropped, as thinking requires);
 * - `response_format: json_schema` → a tool named after the schema, forced when the client
 *   has no tools of its own; the response side returns its input as the message content.
 *
 * Rejected with a 400 naming the parameter: `n > 1`, `logprobs`, `top_logprobs`, audio
 * (`audio`, `modalities`, `input_audio` parts), `file` parts, non-object JSON schemas, unknown
 * image URLs, invalid tool-call arguments, tool messages that answer no call and calls that
 * get no answer. Dropped with a debug log: `response_format: json_object`, empty text.
 *
 * @module
 */
import type * as anthropic from "../protocol/anthropic/types.ts";
import type * as openai from "../protocol/openai/types.ts";
import type { PluginLog } from "../types.ts";
import { fail } from "../protocol/json_reader.ts";
import {
  parseToolArguments,
  toImageSource,
  toToolId,
} from "../protocol/anthropic/content.ts";
import { TurnBuilder } from "../protocol/anthropic/turn_builder.ts";

/** `max_tokens` when neither the client nor the downstream sets one. */
export const BUILTIN_DEFAULT_MAX_TOKENS = 4096;

/** Thinking budgets per `reasoning_effort` (`none` disables thinking). */
export const THINKING_BUDGET = {
  none: 0,
  minimal: 1024,
  low: 2048,
  medium: 8192,
  high: 16384,
  xhigh: 32768,
} as const satisfies Record<openai.ReasoningEffort, number>;

/** Anthropic's smallest accepted thinking budget. */
const MIN_THINKING_BUDGET = 1024;

/** Options of {@link toAnthropicRequest}. */
export interface ToAnthropicRequestOptions {
  defaultMaxTokens?: number;
  maxOutputTokens?: number;
  log?: PluginLog;
}

const SILENT: PluginLog = { debug() {}, info() {}, warn() {}, error() {} };

/** Converts a parsed Chat Completions request; throws `PluginError` for unsupported input. */
export function toAnthropicRequest(
  req: openai.ChatCompletionRequest,
  opts: ToAnthropicRequestOptions = {},
): anthropic.MessagesRequest {
  const log = opts.log ?? SILENT;
  rejectUnsupported(req);
  const { system, messages } = toMessages(req.messages, log);

  const requested = req.max_completion_tokens ?? req.max_tokens ?? undefined;
  let maxTokens = requested ?? opts.defaultMaxTokens ??
    BUILTIN_DEFAULT_MAX_TOKENS;
  const out: anthropic.MessagesRequest = {
    model: req.model,
    max_tokens: maxTokens,
    messages,
  };
  if (system !== undefined) out.system = system;

  if (req.stop !== undefined && req.stop !== null) {
    const all = typeof req.stop === "string" ? [req.stop] : req.stop;
    const kept = all.filter((s) => s.trim() !== "");
    if (kept.length < all.length) {
      log.info("Dropped whitespace-only stop sequences", {
        dropped: all.length - kept.length,
      });
    }
    if (kept.length > 0) out.stop_sequences = kept;
  }
  if (req.temperature !== undefined && req.temperature !== null) {
    const t = Math.min(1, Math.max(0, req.temperature));
    if (t !== req.temperature) {
      log.info("Clamped temperature to Anthropic's range 0-1", {
        from: req.temperature,
        to: t,
      });
    }
    out.temperature = t;
  }
  if (req.top_p !== undefined && req.top_p !== null) out.top_p = req.top_p;
  if (req.user !== undefined) out.metadata = { user_id: req.user };
  if (req.stream === true) out.stream = true;

  applyTools(req, out, log);

  const effort = req.reasoning_effort;
  let budget = effort === undefined ? 0 : THINKING_BUDGET[effort];
  const forced = out.tool_choice?.type === "any" ||
    out.tool_choice?.type === "tool";
  if (budget > 0 && forced) {
    // https://docs.anthropic.com/en/docs/build-with-claude/extended-thinking: thinking only
    // allows tool_choice auto or none.
    log.info(
      "Dropped reasoning_effort: thinking cannot be combined with a forced tool choice",
    );
    budget = 0;
  }
  if (budget > 0 && maxTokens <= budget) {
    const raised = budget +
      (requested ?? opts.defaultMaxTokens ?? BUILTIN_DEFAULT_MAX_TOKENS);
    log.info("Raised max_tokens above the thinking budget", {
      from: maxTokens,
      to: raised,
    });
    maxTokens = raised;
  }
  if (opts.maxOutputTokens !== undefined && maxTokens > opts.maxOutputTokens) {
    log.info("Clamped max_tokens to the downstream's max_output_tokens", {
      from: maxTokens,
      to: opts.maxOutputTokens,
    });
    maxTokens = opts.maxOutputTokens;
  }
  if (budget >= maxTokens) budget = maxTokens - 1;
  if (budget > 0 && budget < MIN_THINKING_BUDGET) {
    log.info(
      "Dropped reasoning_effort: max_tokens leaves no room for a thinking budget",
    );
    budget = 0;
  }
  out.max_tokens = maxTokens;
  if (budget > 0) {
    out.thinking = { type: "enabled", budget_tokens: budget };
    if (out.temperature !== undefined && out.temperature !== 1) {
      log.info("Dropped temperature: thinking requires the default", {
        temperature: out.temperature,
      });
      delete out.temperature;
    }
    if (out.top_p !== undefined && out.top_p < 0.95) {
      log.info("Dropped top_p: thinking requires 0.95 or more", {
        top_p: out.top_p,
      });
      delete out.top_p;
    }
  }
  return out;
}

function rejectUnsupported(req: openai.ChatCompletionRequest): void {
  if (req.n !== undefined && req.n !== null && req.n !== 1) {
    fail("n", "only one choice is supported when translating to Anthropic");
  }
  if (req.logprobs === true) fail("logprobs", "not supported by Anthropic");
  if (req.top_logprobs !== undefined && req.top_logprobs !== null) {
    fail("top_logprobs", "not supported by Anthropic");
  }
  if (req.audio !== undefined) {
    fail("audio", "audio output is not supported by Anthropic");
  }
  if (req.modalities?.includes("audio")) {
    fail("modalities", "audio output is not supported by Anthropic");
  }
}

interface Built {
  system: string | anthropic.TextBlock[] | undefined;
  messages: anthropic.Message[];
}

function toMessages(input: openai.ChatMessage[], log: PluginLog): Built {
  const systemTexts: string[] = [];
  let systemParts = 0;
  const turns = new TurnBuilder();
  // Tool calls of the latest assistant turn still waiting for their tool message.
  let open = new Map<string, number>();
  const requireAnswered = (): void => {
    for (const [id, index] of open) {
      fail(
        `messages[${index}].tool_calls`,
        `tool call "${id}" has no tool message answering it`,
      );
    }
  };

  input.forEach((m, i) => {
    const path = `messages[${i}]`;
    switch (m.role) {
      case "system":
      case "developer":
        for (const text of textsOf(m.content)) {
          systemParts++;
          if (text !== "") systemTexts.push(text);
        }
        return;
      case "user": {
        requireAnswered();
        turns.push("user", toUserBlocks(m.content, path));
        return;
      }
      case "assistant": {
        requireAnswered();
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
        open = new Map();
        (m.tool_calls ?? []).forEach((call, k) => {
          blocks.push({
            type: "tool_use",
            id: toToolId(call.id),
            name: call.function.name,
            input: parseToolArguments(
              call.function.arguments,
              `${path}.tool_calls[${k}].function.arguments`,
            ),
          });
          open.set(toToolId(call.id), i);
        });
        if (blocks.length === 0) {
          log.debug("Dropped an empty assistant message", { index: i });
        }
        turns.push("assistant", blocks);
        return;
      }
      case "tool": {
        const id = toToolId(m.tool_call_id);
        if (!open.delete(id)) {
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
          ): anthropic.TextBlock => ({
            type: "text",
            text: p.text,
          }));
          if (blocks.length > 0) result.content = blocks;
        }
        turns.push("user", [result]);
        return;
      }
      default: {
        const never: never = m;
        throw new TypeError(`Unhandled message ${JSON.stringify(never)}`);
      }
    }
  });
  requireAnswered();
  if (turns.empty) {
    fail("messages", "at least one user or assistant message is required");
  }

  const messages = turns.toMessages();
  let system: Built["system"];
  const single = input.filter((m) =>
    m.role === "system" || m.role === "developer"
  );
  if (
    systemTexts.length === 1 && systemParts === 1 &&
    typeof single[0]?.content === "string"
  ) {
    system = systemTexts[0];
  } else if (systemTexts.length > 0) {
    system = systemTexts.map((text) => ({ type: "text", text }));
  }
  return { system, messages };
}

function textsOf(content: string | openai.TextPart[]): string[] {
  return typeof content === "string" ? [content] : content.map((p) => p.text);
}

function toUserBlocks(
  content: string | openai.ContentPart[],
  path: string,
): anthropic.ContentBlock[] {
  if (typeof content === "string") {
    return content === "" ? [] : [{ type: "text", text: content }];
  }
  const blocks: anthropic.ContentBlock[] = [];
  content.forEach((part, j) => {
    const at = `${path}.content[${j}]`;
    switch (part.type) {
      case "text":
        if (part.text !== "") blocks.push({ type: "text", text: part.text });
        return;
      case "image_url":
        blocks.push({
          type: "image",
          source: toImageSource(part.image_url.url, `${at}.image_url.url`),
        });
        return;
      case "input_audio":
        fail(at, "audio input is not supported by Anthropic");
        return;
      case "file":
        fail(at, "file parts are not supported when translating to Anthropic");
        return;
      default: {
        const never: never = part;
        throw new TypeError(`Unhandled part ${JSON.stringify(never)}`);
      }
    }
  });
  return blocks;
}

function applyTools(
  req: openai.ChatCompletionRequest,
  out: anthropic.MessagesRequest,
  log: PluginLog,
): void {
  const tools: anthropic.Tool[] = (req.tools ?? []).map((t) => {
    const tool: anthropic.Tool = {
      name: t.function.name,
      input_schema: t.function.parameters ?? { type: "object", properties: {} },
    };
    if (t.function.description !== undefined) {
      tool.description = t.function.description;
    }
    return tool;
  });
  let choice: anthropic.ToolChoice | undefined;
  const tc = req.tool_choice;
  if (tc !== undefined) {
    if (tools.length === 0) log.debug("Dropped tool_choice without tools");
    else if (tc === "auto") choice = { type: "auto" };
    else if (tc === "required") choice = { type: "any" };
    else if (tc === "none") choice = { type: "none" };
    else choice = { type: "tool", name: tc.function.name };
  }
  const format = req.response_format;
  if (format?.type === "json_schema") {
    const schema = format.json_schema.schema ?? { type: "object" };
    if (schema.type !== "object") {
      fail(
        "response_format.json_schema.schema",
        'only schemas of "type": "object" can be translated',
      );
    }
    const tool: anthropic.Tool = {
      name: format.json_schema.name,
      input_schema: schema,
    };
    if (format.json_schema.description !== undefined) {
      tool.description = format.json_schema.description;
    }
    // With tools of its own the client expects tool calls to stay possible, so only a
    // tool-less request forces the schema tool.
    if (tools.length === 0) choice = { type: "tool", name: tool.name };
    tools.push(tool);
  } else if (format?.type === "json_object") {
    log.info("Dropped response_format json_object: Anthropic has no JSON mode");
  }
  if (req.parallel_tool_calls === false && tools.length > 0) {
    if (choice === undefined) {
      choice = { type: "auto", disable_parallel_tool_use: true };
    } else if (choice.type !== "none") {
      choice = { ...choice, disable_parallel_tool_use: true };
    }
  }
  if (tools.length > 0) out.tools = tools;
  if (choice !== undefined) out.tool_choice = choice;
}
