/**
 * Parses `unknown` Anthropic Messages and count_tokens bodies into typed requests, checking the
 * fields the converter reads. Errors name the path, e.g. `messages[2].content[0].tool_use_id`.
 *
 * @module
 */
import type * as anthropic from "./types.ts";
import {
  fail,
  type JsonRecord,
  optBoolean,
  optNumber,
  optRecord,
  optString,
  readArray,
  readArrayOf,
  readEnum,
  readNumber,
  readRecord,
  readString,
} from "../json_reader.ts";

/** Assistant block types that server tools produce (see {@link anthropic.ServerToolBlock}). */
const SERVER_BLOCK_TYPES = [
  "server_tool_use",
  "web_search_tool_result",
  "web_fetch_tool_result",
  "code_execution_tool_result",
  "bash_code_execution_tool_result",
  "text_editor_code_execution_tool_result",
  "tool_search_tool_result",
  "mcp_tool_use",
  "mcp_tool_result",
  "container_upload",
] as const satisfies readonly anthropic.ServerBlockType[];

/** Validates a `POST /v1/messages` body. */
export function parseMessagesRequest(body: unknown): anthropic.MessagesRequest {
  const obj = readRecord(body, "body");
  const base = parseCountTokensRequest(obj);
  const req: anthropic.MessagesRequest = {
    ...base,
    max_tokens: readNumber(obj.max_tokens, "max_tokens"),
  };
  if (obj.stop_sequences !== undefined && obj.stop_sequences !== null) {
    req.stop_sequences = readArrayOf(
      obj.stop_sequences,
      "stop_sequences",
      readString,
    );
  }
  const stream = optBoolean(obj, "stream", "");
  if (stream !== undefined) req.stream = stream;
  for (const key of ["temperature", "top_p", "top_k"] as const) {
    const v = optNumber(obj, key, "");
    if (v !== undefined) req[key] = v;
  }
  const metadata = optRecord(obj, "metadata", "");
  if (metadata) {
    const user = optString(metadata, "user_id", "metadata.");
    req.metadata = user === undefined ? {} : { user_id: user };
  }
  if (obj.tool_choice !== undefined && obj.tool_choice !== null) {
    req.tool_choice = parseToolChoice(
      readRecord(obj.tool_choice, "tool_choice"),
    );
  }
  const thinking = optRecord(obj, "thinking", "");
  if (thinking) req.thinking = parseThinking(thinking);
  const outputConfig = optRecord(obj, "output_config", "");
  // `output_format` is the structured-outputs beta's name for `output_config.format`.
  const legacyFormat = optRecord(obj, "output_format", "");
  if (outputConfig || legacyFormat) {
    req.output_config = parseOutputConfig(outputConfig ?? {}, legacyFormat);
  }
  return req;
}

function parseThinking(t: JsonRecord): anthropic.ThinkingConfig {
  const type = readEnum(
    t.type,
    ["enabled", "disabled", "adaptive"] as const,
    "thinking.type",
  );
  const display = t.display === undefined || t.display === null
    ? undefined
    : readEnum(
      t.display,
      ["summarized", "omitted"] as const,
      "thinking.display",
    );
  switch (type) {
    case "disabled":
      return { type };
    case "adaptive":
      return display === undefined ? { type } : { type, display };
    case "enabled": {
      const budget = readNumber(t.budget_tokens, "thinking.budget_tokens");
      return display === undefined
        ? { type, budget_tokens: budget }
        : { type, budget_tokens: budget, display };
    }
    default: {
      const never: never = type;
      throw new TypeError(`Unhandled thinking ${never}`);
    }
  }
}

function parseOutputConfig(
  c: JsonRecord,
  legacyFormat: JsonRecord | undefined,
): anthropic.OutputConfig {
  const out: anthropic.OutputConfig = {};
  if (c.effort !== undefined && c.effort !== null) {
    out.effort = readEnum(
      c.effort,
      ["low", "medium", "high", "max"] as const,
      "output_config.effort",
    );
  }
  const format = optRecord(c, "format", "output_config.") ?? legacyFormat;
  if (format) {
    const at = c.format === undefined
      ? "output_format"
      : "output_config.format";
    readEnum(format.type, ["json_schema"] as const, `${at}.type`);
    out.format = {
      type: "json_schema",
      schema: readRecord(format.schema, `${at}.schema`),
    };
  }
  return out;
}

/** Validates a `POST /v1/messages/count_tokens` body (also the shared part of a messages body). */
export function parseCountTokensRequest(
  body: unknown,
): anthropic.CountTokensRequest {
  const obj = readRecord(body, "body");
  const req: anthropic.CountTokensRequest = {
    model: readString(obj.model, "model"),
    messages: readArrayOf(obj.messages, "messages", parseMessage),
  };
  if (obj.system !== undefined && obj.system !== null) {
    req.system = typeof obj.system === "string"
      ? obj.system
      : readArray(obj.system, "system").map((b, i) => {
        const block = readRecord(b, `system[${i}]`);
        readEnum(block.type, ["text"] as const, `system[${i}].type`);
        return {
          type: "text",
          text: readString(block.text, `system[${i}].text`),
        };
      });
  }
  if (obj.tools !== undefined && obj.tools !== null) {
    req.tools = readArrayOf(obj.tools, "tools", parseTool);
  }
  return req;
}

function parseMessage(
  value: unknown,
  path: string,
): anthropic.InputMessage {
  const m = readRecord(value, path);
  const role = readEnum(
    m.role,
    ["user", "assistant", "system"] as const,
    `${path}.role`,
  );
  if (typeof m.content === "string") return { role, content: m.content };
  if (role === "system") {
    return {
      role,
      content: readArray(m.content, `${path}.content`).map((b, i) => {
        const at = `${path}.content[${i}]`;
        const block = readRecord(b, at);
        readEnum(block.type, ["text"] as const, `${at}.type`);
        return { type: "text", text: readString(block.text, `${at}.text`) };
      }),
    };
  }
  const content = readArrayOf(m.content, `${path}.content`, parseBlock);
  return { role, content };
}

function parseImage(b: JsonRecord, path: string): anthropic.ImageBlock {
  const source = readRecord(b.source, `${path}.source`);
  const type = readEnum(
    source.type,
    ["base64", "url"] as const,
    `${path}.source.type`,
  );
  return {
    type: "image",
    source: type === "base64"
      ? {
        type,
        media_type: readString(source.media_type, `${path}.source.media_type`),
        data: readString(source.data, `${path}.source.data`),
      }
      : { type, url: readString(source.url, `${path}.source.url`) },
  };
}

function parseDocument(b: JsonRecord, path: string): anthropic.DocumentBlock {
  const source = readRecord(b.source, `${path}.source`);
  const type = readEnum(
    source.type,
    ["base64", "text", "url"] as const,
    `${path}.source.type`,
  );
  const out: anthropic.DocumentBlock = {
    type: "document",
    source: type === "url"
      ? { type, url: readString(source.url, `${path}.source.url`) }
      : {
        type,
        media_type: readString(source.media_type, `${path}.source.media_type`),
        data: readString(source.data, `${path}.source.data`),
      },
  };
  const title = optString(b, "title", `${path}.`);
  if (title !== undefined) out.title = title;
  return out;
}

function parseBlock(value: unknown, path: string): anthropic.ContentBlock {
  const b = readRecord(value, path);
  const type = readEnum(
    b.type,
    [
      "text",
      "image",
      "document",
      "tool_use",
      "tool_result",
      "thinking",
      "redacted_thinking",
      ...SERVER_BLOCK_TYPES,
    ] as const,
    `${path}.type`,
  );
  switch (type) {
    case "text":
      return { type, text: readString(b.text, `${path}.text`) };
    case "image":
      return parseImage(b, path);
    case "document":
      return parseDocument(b, path);
    case "tool_use":
      return {
        type,
        id: readString(b.id, `${path}.id`),
        name: readString(b.name, `${path}.name`),
        input: readRecord(b.input, `${path}.input`),
      };
    case "tool_result": {
      const out: anthropic.ToolResultBlock = {
        type,
        tool_use_id: readString(b.tool_use_id, `${path}.tool_use_id`),
      };
      if (typeof b.content === "string") out.content = b.content;
      else if (b.content !== undefined && b.content !== null) {
        out.content = readArray(b.content, `${path}.content`).map((c, i) => {
          const at = `${path}.content[${i}]`;
          const inner = readRecord(c, at);
          const t = readEnum(
            inner.type,
            ["text", "image", "document"] as const,
            `${at}.type`,
          );
          if (t === "text") {
            return { type: t, text: readString(inner.text, `${at}.text`) };
          }
          return t === "image"
            ? parseImage(inner, at)
            : parseDocument(inner, at);
        });
      }
      const isError = optBoolean(b, "is_error", `${path}.`);
      if (isError !== undefined) out.is_error = isError;
      return out;
    }
    case "thinking":
      return {
        type,
        thinking: readString(b.thinking, `${path}.thinking`),
        signature: typeof b.signature === "string" ? b.signature : "",
      };
    case "redacted_thinking":
      return { type, data: typeof b.data === "string" ? b.data : "" };
    default:
      // Server tool content is never translated, so only its type is kept.
      return { type };
  }
}

function parseTool(value: unknown, path: string): anthropic.Tool {
  const t = readRecord(value, path);
  const tool: anthropic.Tool = {
    name: readString(t.name, `${path}.name`),
    input_schema: {},
  };
  const type = optString(t, "type", `${path}.`);
  if (type !== undefined) tool.type = type;
  if (type === undefined || type === "custom") {
    tool.input_schema = readRecord(t.input_schema, `${path}.input_schema`);
  }
  const description = optString(t, "description", `${path}.`);
  if (description !== undefined) tool.description = description;
  return tool;
}

function parseToolChoice(c: JsonRecord): anthropic.ToolChoice {
  const type = readEnum(
    c.type,
    ["auto", "any", "tool", "none"] as const,
    "tool_choice.type",
  );
  const disable = optBoolean(c, "disable_parallel_tool_use", "tool_choice.");
  switch (type) {
    case "none":
      return { type };
    case "tool": {
      const name = readString(c.name, "tool_choice.name");
      return disable === undefined
        ? { type, name }
        : { type, name, disable_parallel_tool_use: disable };
    }
    case "auto":
    case "any":
      return disable === undefined
        ? { type }
        : { type, disable_parallel_tool_use: disable };
    default: {
      const never: never = type;
      return fail("tool_choice.type", `unknown type ${never}`);
    }
  }
}
