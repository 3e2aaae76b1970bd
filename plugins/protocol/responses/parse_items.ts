/**
 * Parses Responses API input items (from a request, or read back from the response store) into
 * {@link responses.InputItem} values, checking the fields the converters read. Errors name the
 * path, e.g. `input[3].content[0].image_url`.
 *
 * Kept: messages, function / custom tool / local shell / client tool search calls and their
 * outputs, reasoning, compaction and `compaction_trigger`, `additional_tools`. Fields the
 * converters do not read (item ids, statuses, Codex's metadata) are left out.
 * Dropped with a warning: items of hosted tools (web search, file search, image generation,
 * code interpreter, MCP, computer use), which ran on OpenAI's servers and have nothing to
 * answer. Rejected with a 400: item references and other item types, and files or images
 * given by `file_id` (they live in OpenAI's file store).
 *
 * @module
 */
import type * as responses from "./types.ts";
import {
  fail,
  isOneOf,
  type JsonRecord,
  optNumber,
  optRecord,
  optString,
  readArray,
  readArrayOf,
  readEnum,
  readRecord,
  readString,
} from "../json_reader.ts";
import { parseTools, type ToolParseOptions } from "./parse_tools.ts";

const ROLES = ["user", "assistant", "system", "developer"] as const;
const IMAGE_DETAILS = ["auto", "low", "high"] as const;

/** Items of tools that ran on OpenAI's servers: history only, nothing for another model. */
const HOSTED_ITEM_TYPES: ReadonlySet<string> = new Set([
  "web_search_call",
  "file_search_call",
  "image_generation_call",
  "code_interpreter_call",
  "mcp_list_tools",
  "mcp_call",
  "mcp_approval_request",
  "mcp_approval_response",
  "computer_call",
  "computer_call_output",
]);

/** Validates input items (from a request, or read back from the response store). */
export function parseInputItems(
  value: unknown,
  path: string,
  opts: ToolParseOptions,
): responses.InputItem[] {
  return readArrayOf(value, path, (item, at) => parseInputItem(item, at, opts));
}

function parseInputItem(
  value: unknown,
  path: string,
  opts: ToolParseOptions,
): responses.InputItem | undefined {
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
    case "reasoning":
      return parseReasoning(obj, path);
    case "compaction":
      return {
        type: "compaction",
        encrypted_content: readString(
          obj.encrypted_content,
          `${path}.encrypted_content`,
        ),
      };
    case "compaction_trigger":
      return { type: "compaction_trigger" };
    default:
      return parseToolItem(obj, path, opts);
  }
}

/** A tool call or output item; a hosted tool's item is dropped, any other type refused. */
function parseToolItem(
  obj: JsonRecord,
  path: string,
  opts: ToolParseOptions,
): responses.InputItem | undefined {
  const type = obj.type;
  switch (type) {
    case "function_call":
    case "custom_tool_call":
    case "local_shell_call":
    case "tool_search_call":
      return parseCall(obj, path);
    case "function_call_output":
    case "custom_tool_call_output":
      return {
        type,
        call_id: readString(obj.call_id, `${path}.call_id`),
        output: parseToolOutput(obj.output, `${path}.output`),
      };
    case "local_shell_call_output":
      return {
        type,
        // The API reference names the call `id` here; Codex sends `call_id`.
        call_id: typeof obj.call_id === "string"
          ? obj.call_id
          : readString(obj.id, `${path}.call_id`),
        output: readString(obj.output, `${path}.output`),
      };
    case "tool_search_output":
      return {
        type,
        call_id: readString(obj.call_id, `${path}.call_id`),
        tools: parseTools(obj.tools ?? [], `${path}.tools`, opts),
        execution: "client",
      };
    case "additional_tools":
      return { type, tools: parseTools(obj.tools, `${path}.tools`, opts) };
    default:
      if (typeof type === "string" && HOSTED_ITEM_TYPES.has(type)) {
        opts.warnings.debug("Dropped an item of a hosted tool", {
          type,
          param: path,
        });
        return undefined;
      }
      return fail(
        `${path}.type`,
        `input items of type ${
          JSON.stringify(type)
        } cannot be translated to this downstream`,
      );
  }
}

/** A call the model made of a client tool. */
function parseCall(obj: JsonRecord, path: string): responses.InputItem {
  const callId = readString(obj.call_id, `${path}.call_id`);
  const ns = () => {
    const namespace = optString(obj, "namespace", `${path}.`);
    return namespace === undefined ? {} : { namespace };
  };
  switch (obj.type) {
    case "function_call":
      return {
        type: "function_call",
        call_id: callId,
        name: readString(obj.name, `${path}.name`),
        arguments: readString(obj.arguments, `${path}.arguments`),
        ...ns(),
      };
    case "custom_tool_call":
      return {
        type: "custom_tool_call",
        call_id: callId,
        name: readString(obj.name, `${path}.name`),
        input: readString(obj.input, `${path}.input`),
        ...ns(),
      };
    case "local_shell_call":
      return {
        type: "local_shell_call",
        call_id: callId,
        action: parseShellAction(obj.action, `${path}.action`),
      };
    default: // tool_search_call
      return {
        type: "tool_search_call",
        call_id: callId,
        arguments: optRecord(obj, "arguments", `${path}.`) ?? {},
        execution: "client",
      };
  }
}

function parseShellAction(
  value: unknown,
  path: string,
): responses.LocalShellAction {
  const obj = readRecord(value, path);
  const env = optRecord(obj, "env", `${path}.`) ?? {};
  const action: responses.LocalShellAction = {
    type: "exec",
    command: readArray(obj.command, `${path}.command`).map((c, i) =>
      readString(c, `${path}.command[${i}]`)
    ),
    env: Object.fromEntries(
      Object.entries(env).map((
        [k, v],
      ) => [k, readString(v, `${path}.env.${k}`)]),
    ),
  };
  const timeout = optNumber(obj, "timeout_ms", `${path}.`);
  if (timeout !== undefined) action.timeout_ms = timeout;
  const user = optString(obj, "user", `${path}.`);
  if (user !== undefined) action.user = user;
  const dir = optString(obj, "working_directory", `${path}.`);
  if (dir !== undefined) action.working_directory = dir;
  return action;
}

function parseReasoning(
  obj: JsonRecord,
  path: string,
): responses.ReasoningItem {
  const texts = (key: "summary" | "content") =>
    (Array.isArray(obj[key]) ? obj[key] as unknown[] : []).map((s, j) =>
      readString(
        readRecord(s, `${path}.${key}[${j}]`).text,
        `${path}.${key}[${j}].text`,
      )
    );
  const item: responses.ReasoningItem = {
    type: "reasoning",
    summary: texts("summary").map((text) => ({ type: "summary_text", text })),
  };
  if (Array.isArray(obj.content)) {
    item.content = texts("content").map((text) => ({
      type: "reasoning_text",
      text,
    }));
  }
  const encrypted = optString(obj, "encrypted_content", `${path}.`);
  if (encrypted !== undefined) item.encrypted_content = encrypted;
  return item;
}

/** A tool call's output: a string, or input text/image/file parts. */
function parseToolOutput(value: unknown, path: string): responses.ToolOutput {
  if (typeof value === "string") return value;
  return readArray(value, path).map((p, j) => {
    const part = parsePart(p, `${path}[${j}]`);
    if (part.type === "output_text" || part.type === "refusal") {
      fail(`${path}[${j}].type`, "expected an input part");
    }
    return part;
  });
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
      if (isOneOf(obj.detail, IMAGE_DETAILS)) part.detail = obj.detail;
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
