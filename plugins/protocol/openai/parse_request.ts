/**
 * Parses an `unknown` Chat Completions body into {@link openai.ChatCompletionRequest}, checking
 * the fields the converter reads. Errors name the path, e.g. `messages[3].tool_calls[0].id`.
 *
 * @module
 */
import type * as openai from "./types.ts";
import {
  fail,
  isRecord,
  type JsonRecord,
  optBoolean,
  optNumber,
  optRecord,
  optString,
  readArray,
  readArrayOf,
  readEnum,
  readRecord,
  readString,
} from "../json_reader.ts";
import { REASONING_EFFORTS } from "./reasoning_efforts.ts";

/** Validates a Chat Completions request body. */
export function parseChatCompletionRequest(
  body: unknown,
): openai.ChatCompletionRequest {
  const obj = readRecord(body, "body");
  const req: openai.ChatCompletionRequest = {
    model: readString(obj.model, "model"),
    messages: readArrayOf(obj.messages, "messages", parseMessage),
  };
  const maxTokens = optNumber(obj, "max_tokens", "");
  if (maxTokens !== undefined) req.max_tokens = maxTokens;
  const maxCompletion = optNumber(obj, "max_completion_tokens", "");
  if (maxCompletion !== undefined) req.max_completion_tokens = maxCompletion;
  if (obj.stop !== undefined && obj.stop !== null) {
    req.stop = typeof obj.stop === "string"
      ? obj.stop
      : readArrayOf(obj.stop, "stop", readString);
  }
  for (const key of ["temperature", "top_p", "n", "top_logprobs"] as const) {
    const v = optNumber(obj, key, "");
    if (v !== undefined) req[key] = v;
  }
  for (const key of ["stream", "logprobs", "parallel_tool_calls"] as const) {
    const v = optBoolean(obj, key, "");
    if (v !== undefined) req[key] = v;
  }
  const streamOptions = optRecord(obj, "stream_options", "");
  if (streamOptions) {
    const include = optBoolean(
      streamOptions,
      "include_usage",
      "stream_options.",
    );
    req.stream_options = include === undefined
      ? {}
      : { include_usage: include };
  }
  const user = optString(obj, "user", "");
  if (user !== undefined) req.user = user;
  if (obj.reasoning_effort !== undefined && obj.reasoning_effort !== null) {
    req.reasoning_effort = readEnum(
      obj.reasoning_effort,
      REASONING_EFFORTS,
      "reasoning_effort",
    );
  }
  if (obj.tools !== undefined && obj.tools !== null) {
    req.tools = readArrayOf(obj.tools, "tools", parseTool);
  }
  if (obj.tool_choice !== undefined && obj.tool_choice !== null) {
    req.tool_choice = parseToolChoice(obj.tool_choice);
  }
  if (obj.response_format !== undefined && obj.response_format !== null) {
    req.response_format = parseResponseFormat(obj.response_format);
  }
  if (obj.modalities !== undefined && obj.modalities !== null) {
    req.modalities = readArrayOf(obj.modalities, "modalities", readString);
  }
  if (obj.audio !== undefined && obj.audio !== null) req.audio = obj.audio;
  return req;
}

function parseMessage(value: unknown, path: string): openai.ChatMessage {
  const m = readRecord(value, path);
  const role = readEnum(
    m.role,
    ["system", "developer", "user", "assistant", "tool"] as const,
    `${path}.role`,
  );
  switch (role) {
    case "system":
    case "developer":
      return { role, content: parseTextContent(m.content, `${path}.content`) };
    case "user":
      return { role, content: parseUserContent(m.content, `${path}.content`) };
    case "assistant":
      return parseAssistant(m, path);
    case "tool":
      return {
        role,
        tool_call_id: readString(m.tool_call_id, `${path}.tool_call_id`),
        content: parseTextContent(m.content, `${path}.content`),
      };
    default: {
      const never: never = role;
      throw new TypeError(`Unhandled role ${never}`);
    }
  }
}

function parseTextContent(
  value: unknown,
  path: string,
): string | openai.TextPart[] {
  if (typeof value === "string") return value;
  return readArray(value, path).map((p, i) => {
    const part = readRecord(p, `${path}[${i}]`);
    readEnum(part.type, ["text"] as const, `${path}[${i}].type`);
    return { type: "text", text: readString(part.text, `${path}[${i}].text`) };
  });
}

function parseUserContent(
  value: unknown,
  path: string,
): string | openai.ContentPart[] {
  if (typeof value === "string") return value;
  return readArray(value, path).map((p, i): openai.ContentPart => {
    const at = `${path}[${i}]`;
    const part = readRecord(p, at);
    const type = readEnum(
      part.type,
      ["text", "image_url", "input_audio", "file"] as const,
      `${at}.type`,
    );
    switch (type) {
      case "text":
        return { type, text: readString(part.text, `${at}.text`) };
      case "image_url": {
        const image = readRecord(part.image_url, `${at}.image_url`);
        return {
          type,
          image_url: { url: readString(image.url, `${at}.image_url.url`) },
        };
      }
      case "input_audio": {
        const audio = readRecord(part.input_audio, `${at}.input_audio`);
        return {
          type,
          input_audio: {
            data: readString(audio.data, `${at}.input_audio.data`),
            format: readString(audio.format, `${at}.input_audio.format`),
          },
        };
      }
      case "file": {
        const file = readRecord(part.file, `${at}.file`);
        const out: openai.FilePart["file"] = {};
        const data = optString(file, "file_data", `${at}.file.`);
        if (data !== undefined) out.file_data = data;
        const id = optString(file, "file_id", `${at}.file.`);
        if (id !== undefined) out.file_id = id;
        const name = optString(file, "filename", `${at}.file.`);
        if (name !== undefined) out.filename = name;
        return { type, file: out };
      }
      default: {
        const never: never = type;
        throw new TypeError(`Unhandled part ${never}`);
      }
    }
  });
}

function parseAssistant(m: JsonRecord, path: string): openai.AssistantMessage {
  const out: openai.AssistantMessage = { role: "assistant" };
  if (typeof m.content === "string") out.content = m.content;
  else if (m.content !== undefined && m.content !== null) {
    out.content = readArray(m.content, `${path}.content`).map((p, i) => {
      const at = `${path}.content[${i}]`;
      const part = readRecord(p, at);
      const type = readEnum(
        part.type,
        ["text", "refusal"] as const,
        `${at}.type`,
      );
      return type === "text"
        ? { type, text: readString(part.text, `${at}.text`) }
        : { type, refusal: readString(part.refusal, `${at}.refusal`) };
    });
  }
  const refusal = optString(m, "refusal", `${path}.`);
  if (refusal !== undefined) out.refusal = refusal;
  if (m.tool_calls !== undefined && m.tool_calls !== null) {
    out.tool_calls = readArray(m.tool_calls, `${path}.tool_calls`).map(
      (c, i) => {
        const at = `${path}.tool_calls[${i}]`;
        const call = readRecord(c, at);
        const fn = readRecord(call.function, `${at}.function`);
        return {
          id: readString(call.id, `${at}.id`),
          type: "function",
          function: {
            name: readString(fn.name, `${at}.function.name`),
            arguments: readString(fn.arguments, `${at}.function.arguments`),
          },
        };
      },
    );
  }
  return out;
}

function parseTool(value: unknown, path: string): openai.Tool {
  const t = readRecord(value, path);
  readEnum(t.type, ["function"] as const, `${path}.type`);
  const fn = readRecord(t.function, `${path}.function`);
  const def: openai.FunctionDefinition = {
    name: readString(fn.name, `${path}.function.name`),
  };
  const description = optString(fn, "description", `${path}.function.`);
  if (description !== undefined) def.description = description;
  const parameters = optRecord(fn, "parameters", `${path}.function.`);
  if (parameters !== undefined) def.parameters = parameters;
  return { type: "function", function: def };
}

function parseToolChoice(value: unknown): openai.ToolChoice {
  if (typeof value === "string") {
    return readEnum(
      value,
      ["none", "auto", "required"] as const,
      "tool_choice",
    );
  }
  const c = readRecord(value, "tool_choice");
  readEnum(c.type, ["function"] as const, "tool_choice.type");
  const fn = readRecord(c.function, "tool_choice.function");
  return {
    type: "function",
    function: { name: readString(fn.name, "tool_choice.function.name") },
  };
}

function parseResponseFormat(value: unknown): openai.ResponseFormat {
  const f = readRecord(value, "response_format");
  const type = readEnum(
    f.type,
    ["text", "json_object", "json_schema"] as const,
    "response_format.type",
  );
  if (type !== "json_schema") return { type };
  const s = readRecord(f.json_schema, "response_format.json_schema");
  const schema: openai.JsonSchemaFormat = {
    name: readString(s.name, "response_format.json_schema.name"),
  };
  const description = optString(
    s,
    "description",
    "response_format.json_schema.",
  );
  if (description !== undefined) schema.description = description;
  if (s.schema !== undefined && s.schema !== null) {
    if (!isRecord(s.schema)) {
      fail("response_format.json_schema.schema", "expected an object");
    }
    schema.schema = s.schema;
  }
  return { type, json_schema: schema };
}
