/**
 * Parses an `unknown` Responses API body into {@link responses.CreateRequest}, checking the
 * fields the converters read, and input items (also those read back from the response store).
 * Errors name the path, e.g. `input[3].content[0].image_url`.
 *
 * Rejected with a 400 naming the parameter: built-in tools (web search, file search, computer
 * use, code interpreter, MCP, …) and a `tool_choice` naming one, `background`, `conversation`,
 * `prompt`, item references and other item types, and files or images given by `file_id`
 * (they live in OpenAI's file store).
 *
 * @module
 */
import type * as responses from "../protocol/responses.ts";
import {
  fail,
  isOneOf,
  type JsonRecord,
  optBoolean,
  optNumber,
  optRecord,
  optString,
  readArray,
  readEnum,
  readRecord,
  readString,
} from "../protocol/json_reader.ts";
import { REASONING_EFFORTS } from "../convert_shared/reasoning_efforts.ts";
import { PluginError } from "../errors.ts";

const ROLES = ["user", "assistant", "system", "developer"] as const;
const TOOL_CHOICES = ["none", "auto", "required"] as const;
const IMAGE_DETAILS = ["auto", "low", "high"] as const;

/** Validates a Responses API request body. */
export function parseCreateRequest(body: unknown): responses.CreateRequest {
  const obj = readRecord(body, "body");
  rejectUnsupported(obj);
  const input = typeof obj.input === "string"
    ? obj.input
    : parseInputItems(obj.input ?? [], "input");
  const req: responses.CreateRequest = {
    model: readString(obj.model, "model"),
    input,
  };
  for (const key of ["instructions", "previous_response_id", "user"] as const) {
    const v = optString(obj, key, "");
    if (v !== undefined) req[key] = v;
  }
  for (const key of ["store", "stream", "parallel_tool_calls"] as const) {
    const v = optBoolean(obj, key, "");
    if (v !== undefined) req[key] = v;
  }
  for (const key of ["max_output_tokens", "temperature", "top_p"] as const) {
    const v = optNumber(obj, key, "");
    if (v !== undefined) req[key] = v;
  }
  const metadata = optRecord(obj, "metadata", "");
  if (metadata) {
    req.metadata = Object.fromEntries(
      Object.entries(metadata).map((
        [k, v],
      ) => [k, readString(v, `metadata.${k}`)]),
    );
  }
  if (obj.tools !== undefined && obj.tools !== null) {
    req.tools = readArray(obj.tools, "tools").map((t, i) =>
      parseTool(t, `tools[${i}]`)
    );
  }
  if (obj.tool_choice !== undefined && obj.tool_choice !== null) {
    req.tool_choice = parseToolChoice(obj.tool_choice);
  }
  const text = optRecord(obj, "text", "");
  if (text) {
    const format = optRecord(text, "format", "text.");
    req.text = format ? { format: parseTextFormat(format) } : {};
  }
  const reasoning = optRecord(obj, "reasoning", "");
  if (reasoning) {
    req.reasoning = {};
    if (reasoning.effort !== undefined && reasoning.effort !== null) {
      req.reasoning.effort = readEnum(
        reasoning.effort,
        REASONING_EFFORTS,
        "reasoning.effort",
      );
    }
    const summary = optString(reasoning, "summary", "reasoning.");
    if (summary !== undefined) req.reasoning.summary = summary;
  }
  return req;
}

function rejectUnsupported(obj: JsonRecord): void {
  if (obj.background === true) {
    fail("background", "background responses cannot be translated");
  }
  for (const key of ["conversation", "prompt"]) {
    if (obj[key] !== undefined && obj[key] !== null) {
      fail(key, "server-side conversations and prompts cannot be translated");
    }
  }
}

function parseTool(value: unknown, path: string): responses.FunctionTool {
  const t = readRecord(value, path);
  const type = readString(t.type, `${path}.type`);
  if (type !== "function") {
    throw new PluginError(
      `Cannot translate built-in tool "${type}": only function tools can be sent to this downstream`,
      { param: `${path}.type` },
    );
  }
  const tool: responses.FunctionTool = {
    type: "function",
    name: readString(t.name, `${path}.name`),
  };
  const description = optString(t, "description", `${path}.`);
  if (description !== undefined) tool.description = description;
  const parameters = optRecord(t, "parameters", `${path}.`);
  if (parameters !== undefined) tool.parameters = parameters;
  const strict = optBoolean(t, "strict", `${path}.`);
  if (strict !== undefined) tool.strict = strict;
  return tool;
}

function parseToolChoice(value: unknown): responses.ToolChoice {
  if (typeof value === "string") {
    return readEnum(value, TOOL_CHOICES, "tool_choice");
  }
  const obj = readRecord(value, "tool_choice");
  const type = readString(obj.type, "tool_choice.type");
  if (type !== "function") {
    throw new PluginError(
      `Cannot translate tool_choice "${type}": only function tools can be sent to this downstream`,
      { param: "tool_choice.type" },
    );
  }
  return { type: "function", name: readString(obj.name, "tool_choice.name") };
}

function parseTextFormat(format: JsonRecord): responses.TextFormat {
  const type = readEnum(
    format.type,
    ["text", "json_object", "json_schema"],
    "text.format.type",
  );
  if (type !== "json_schema") return { type };
  const out: responses.JsonSchemaFormat = {
    type,
    name: readString(format.name, "text.format.name"),
    schema: readRecord(format.schema, "text.format.schema"),
  };
  const description = optString(format, "description", "text.format.");
  if (description !== undefined) out.description = description;
  const strict = optBoolean(format, "strict", "text.format.");
  if (strict !== undefined) out.strict = strict;
  return out;
}

/** Validates input items (from a request, or read back from the response store). */
export function parseInputItems(
  value: unknown,
  path: string,
): responses.InputItem[] {
  return readArray(value, path).map((item, i) =>
    parseInputItem(item, `${path}[${i}]`)
  );
}

function parseInputItem(value: unknown, path: string): responses.InputItem {
  const obj = readRecord(value, path);
  const type = obj.type ?? "message";
  switch (type) {
    case "message": {
      const role = readEnum(obj.role, ROLES, `${path}.role`);
      const content = typeof obj.content === "string"
        ? obj.content
        : readArray(obj.content, `${path}.content`).map((p, j) =>
          parsePart(p, `${path}.content[${j}]`)
        );
      return { type: "message", role, content };
    }
    case "function_call":
      return {
        type: "function_call",
        call_id: readString(obj.call_id, `${path}.call_id`),
        name: readString(obj.name, `${path}.name`),
        arguments: readString(obj.arguments, `${path}.arguments`),
      };
    case "function_call_output": {
      const output = typeof obj.output === "string"
        ? obj.output
        : readArray(obj.output, `${path}.output`).map((p, j) => {
          const part = parsePart(p, `${path}.output[${j}]`);
          if (part.type === "output_text" || part.type === "refusal") {
            fail(`${path}.output[${j}].type`, "expected an input part");
          }
          return part;
        });
      return {
        type: "function_call_output",
        call_id: readString(obj.call_id, `${path}.call_id`),
        output,
      };
    }
    case "reasoning": {
      const item: responses.ReasoningItem = {
        type: "reasoning",
        summary: isArrayOf(obj.summary).map((s, j) => ({
          type: "summary_text",
          text: readString(
            readRecord(s, `${path}.summary[${j}]`).text,
            `${path}.summary[${j}].text`,
          ),
        })),
      };
      if (Array.isArray(obj.content)) {
        item.content = obj.content.map((c, j) => ({
          type: "reasoning_text",
          text: readString(
            readRecord(c, `${path}.content[${j}]`).text,
            `${path}.content[${j}].text`,
          ),
        }));
      }
      const encrypted = optString(obj, "encrypted_content", `${path}.`);
      if (encrypted !== undefined) item.encrypted_content = encrypted;
      return item;
    }
    default:
      return fail(
        `${path}.type`,
        `input items of type ${
          JSON.stringify(type)
        } cannot be translated to this downstream`,
      );
  }
}

function isArrayOf(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

function parsePart(value: unknown, path: string): responses.ContentPart {
  const obj = readRecord(value, path);
  switch (obj.type) {
    case "input_text":
      return { type: "input_text", text: readString(obj.text, `${path}.text`) };
    case "output_text":
      return {
        type: "output_text",
        text: readString(obj.text, `${path}.text`),
        annotations: [],
      };
    case "refusal":
      return {
        type: "refusal",
        refusal: readString(obj.refusal, `${path}.refusal`),
      };
    case "input_image": {
      if (typeof obj.image_url !== "string") {
        return fail(
          `${path}.image_url`,
          "images must be given as a URL or data URI (file_id needs OpenAI's file store)",
        );
      }
      const part: responses.InputImagePart = {
        type: "input_image",
        image_url: obj.image_url,
      };
      if (isOneOf(obj.detail, IMAGE_DETAILS)) {
        part.detail = obj.detail;
      }
      return part;
    }
    case "input_file": {
      if (typeof obj.file_data !== "string") {
        return fail(
          `${path}.file_data`,
          "files must be given as file_data (file_id and file_url cannot be translated)",
        );
      }
      const part: responses.InputFilePart = {
        type: "input_file",
        file_data: obj.file_data,
      };
      const filename = optString(obj, "filename", `${path}.`);
      if (filename !== undefined) part.filename = filename;
      return part;
    }
    default:
      return fail(
        `${path}.type`,
        `content parts of type ${
          JSON.stringify(obj.type)
        } cannot be translated`,
      );
  }
}
