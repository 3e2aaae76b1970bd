/**
 * The client's call items of the Responses API: which kind of client tool a call goes to
 * ({@link ClientToolRef}), and the output item an upstream's function call becomes for it —
 * `function_call`, `custom_tool_call` (raw input), `local_shell_call` (an exec action) or
 * `tool_search_call` — when it starts ({@link toOpenCall}) and once its arguments are complete
 * ({@link toClientCall}).
 *
 * @module
 */
import type * as responses from "./types.ts";
import { isRecord } from "../json_reader.ts";
import { tryParseJson } from "../lenient_json.ts";
import { newId } from "./response_base.ts";

/** How the client runs a tool, which decides the output item a call becomes. */
export type ToolKind = "function" | "custom" | "local_shell" | "tool_search";

/** A tool as the client names it. */
export interface ClientToolRef {
  readonly kind: ToolKind;
  readonly name: string;
  readonly namespace?: string;
}

/** The raw input a model wrote for a custom tool, from its `{"input": "…"}` arguments. */
export function toCustomInput(args: string): string {
  const parsed = tryParseJson(args);
  if (!isRecord(parsed)) return args;
  if (typeof parsed.input === "string") return parsed.input;
  const strings = Object.values(parsed).filter((v) => typeof v === "string");
  return strings.length === 1 ? strings[0] as string : args;
}

/** A local shell action from a model's arguments (a string command runs through `bash -lc`). */
export function toShellAction(args: string): responses.LocalShellAction {
  const parsed = tryParseJson(args);
  const obj = isRecord(parsed) ? parsed : {};
  const command = Array.isArray(obj.command)
    ? obj.command.map(String)
    : typeof obj.command === "string"
    ? ["bash", "-lc", obj.command]
    : [];
  const env = isRecord(obj.env)
    ? Object.fromEntries(
      Object.entries(obj.env).map(([k, v]) => [k, String(v)]),
    )
    : {};
  const action: responses.LocalShellAction = { type: "exec", command, env };
  if (typeof obj.working_directory === "string") {
    action.working_directory = obj.working_directory;
  }
  if (typeof obj.timeout_ms === "number") action.timeout_ms = obj.timeout_ms;
  return action;
}

/** The client's item for a finished upstream function call. */
export function toClientCall(
  tool: ClientToolRef,
  callId: string,
  args: string,
  id: string,
): responses.OutputItem {
  const ns = tool.namespace === undefined ? {} : { namespace: tool.namespace };
  switch (tool.kind) {
    case "function":
      return {
        type: "function_call",
        id,
        call_id: callId,
        name: tool.name,
        ...ns,
        arguments: args,
        status: "completed",
      };
    case "custom":
      return {
        type: "custom_tool_call",
        id,
        call_id: callId,
        name: tool.name,
        ...ns,
        input: toCustomInput(args),
        status: "completed",
      };
    case "local_shell":
      return {
        type: "local_shell_call",
        id,
        call_id: callId,
        action: toShellAction(args),
        status: "completed",
      };
    case "tool_search": {
      const parsed = tryParseJson(args);
      return {
        type: "tool_search_call",
        id,
        call_id: callId,
        arguments: isRecord(parsed) ? parsed : {},
        execution: "client",
        status: "completed",
      };
    }
    default: {
      const never: never = tool.kind;
      throw new TypeError(`Unhandled tool kind ${JSON.stringify(never)}`);
    }
  }
}

/** Id prefixes of the client's call items. */
const ITEM_PREFIX = {
  function: "fc",
  custom: "ctc",
  local_shell: "lsc",
  tool_search: "tsc",
} as const satisfies Record<ClientToolRef["kind"], string>;

/** The client's item for a call that has just started: no input yet, `in_progress`. */
export function toOpenCall(
  tool: ClientToolRef,
  callId: string,
): responses.OutputItem {
  const item = toClientCall(
    tool,
    callId,
    tool.kind === "function" ? "" : "{}",
    newId(ITEM_PREFIX[tool.kind]),
  );
  if (item.type === "custom_tool_call") item.input = "";
  if ("status" in item) item.status = "in_progress";
  return item;
}
