/**
 * Parses Responses API tools and `tool_choice` into {@link responses.Tool} values. Client tools
 * (function, custom, namespace, local shell, client-side tool search) are kept; hosted tools
 * (web search, file search, code interpreter, image generation, computer use, MCP, server-side
 * tool search, …), which run on OpenAI's servers, are dropped with a warning, or refused with
 * a 400 naming them when the downstream's `hosted_tools` is `refuse`.
 *
 * @module
 */
import type * as responses from "./types.ts";
import {
  fail,
  type JsonRecord,
  optBoolean,
  optRecord,
  optString,
  readArray,
  readArrayOf,
  readEnum,
  readRecord,
  readString,
} from "../json_reader.ts";
import { PluginError } from "../../errors.ts";
import type { WarningSink } from "../../warnings.ts";

/** What parsing does with hosted tools, and where it logs. */
export interface ToolParseOptions {
  readonly hostedTools: "drop" | "refuse";
  readonly warnings: WarningSink;
}

const TOOL_CHOICES = ["none", "auto", "required"] as const;

/** Parses a tool list, leaving out hosted tools (or refusing them). */
export function parseTools(
  value: unknown,
  path: string,
  opts: ToolParseOptions,
): responses.Tool[] {
  return readArrayOf(value, path, (t, at) => parseTool(t, at, opts));
}

function parseTool(
  value: unknown,
  path: string,
  opts: ToolParseOptions,
): responses.Tool | undefined {
  const t = readRecord(value, path);
  const type = readString(t.type, `${path}.type`);
  switch (type) {
    case "function":
      return parseFunction(t, path);
    case "custom":
      return parseCustom(t, path);
    case "namespace":
      return {
        type: "namespace",
        name: readString(t.name, `${path}.name`),
        description: optString(t, "description", `${path}.`) ?? "",
        tools: readArray(t.tools, `${path}.tools`).map((inner, j) => {
          const at = `${path}.tools[${j}]`;
          const child = readRecord(inner, at);
          const kind = readEnum(
            child.type,
            ["function", "custom"],
            `${at}.type`,
          );
          return kind === "function"
            ? parseFunction(child, at)
            : parseCustom(child, at);
        }),
      };
    case "local_shell":
      return { type: "local_shell" };
    case "tool_search":
      if (t.execution === "client") {
        const tool: responses.ToolSearchTool = {
          type: "tool_search",
          execution: "client",
        };
        const description = optString(t, "description", `${path}.`);
        if (description !== undefined) tool.description = description;
        const parameters = optRecord(t, "parameters", `${path}.`);
        if (parameters !== undefined) tool.parameters = parameters;
        return tool;
      }
      return hosted("tool_search", path, opts);
    default:
      return hosted(type, path, opts);
  }
}

function hosted(
  type: string,
  path: string,
  opts: ToolParseOptions,
): undefined {
  if (opts.hostedTools === "refuse") {
    throw new PluginError(
      `Cannot translate hosted tool "${type}": it runs on OpenAI's servers, which this downstream is not`,
      { param: `${path}.type` },
    );
  }
  opts.warnings.debug("Dropped a hosted tool this downstream cannot run", {
    tool: type,
    param: path,
  });
  return undefined;
}

function parseFunction(t: JsonRecord, path: string): responses.FunctionTool {
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

function parseCustom(t: JsonRecord, path: string): responses.CustomTool {
  const tool: responses.CustomTool = {
    type: "custom",
    name: readString(t.name, `${path}.name`),
  };
  const description = optString(t, "description", `${path}.`);
  if (description !== undefined) tool.description = description;
  const format = optRecord(t, "format", `${path}.`);
  if (format?.type === "grammar") {
    tool.format = {
      type: "grammar",
      syntax: readString(format.syntax, `${path}.format.syntax`),
      definition: readString(format.definition, `${path}.format.definition`),
    };
  } else if (format !== undefined) {
    tool.format = { type: "text" };
  }
  return tool;
}

/** Parses `tool_choice`; a hosted tool's type is refused (dropping it would change the answer). */
export function parseToolChoice(
  value: unknown,
  warnings: WarningSink,
): responses.ToolChoice {
  if (typeof value === "string") {
    return readEnum(value, TOOL_CHOICES, "tool_choice");
  }
  const obj = readRecord(value, "tool_choice");
  const type = readString(obj.type, "tool_choice.type");
  switch (type) {
    case "function":
    case "custom": {
      const choice: responses.ToolChoice = {
        type,
        name: readString(obj.name, "tool_choice.name"),
      };
      const namespace = optString(obj, "namespace", "tool_choice.");
      if (namespace !== undefined) choice.namespace = namespace;
      return choice;
    }
    case "allowed_tools":
      // The subset cannot be expressed upstream; its mode can.
      warnings.info("Widened tool_choice allowed_tools to all tools", {
        mode: obj.mode,
      });
      return readEnum(
        obj.mode,
        ["auto", "required"] as const,
        "tool_choice.mode",
      );
    default:
      return fail(
        "tool_choice.type",
        `cannot force hosted tool "${type}": this downstream does not run it`,
      );
  }
}
