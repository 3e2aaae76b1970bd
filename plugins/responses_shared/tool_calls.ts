/**
 * Tool calls between the client's item types and an upstream's plain function calls:
 * {@link toCanonicalItems} turns a conversation's custom tool, local shell and tool search
 * calls (and their outputs), and Tresor's compaction items, into function calls, function
 * outputs and messages that every target converter understands, with upstream tool names;
 * {@link toClientCall} turns an upstream function call back into the client's item.
 *
 * @module
 */
import type * as responses from "../protocol/responses.ts";
import type { PluginLog } from "../types.ts";
import { isRecord } from "../protocol/json_reader.ts";
import { tryParseJson } from "../convert_shared/lenient_json.ts";
import type { ClientToolRef, ToolNames } from "./tool_names.ts";
import { readCompaction, toSummaryMessage } from "./compaction.ts";
import { newId } from "./response_base.ts";

/** The items target converters handle: messages, function calls and outputs, reasoning. */
export type CanonicalItem =
  | responses.MessageItem
  | responses.FunctionCallItem
  | responses.FunctionCallOutputItem
  | responses.ReasoningItem;

/** Every tool a conversation offers: the request's, then those items added on the way. */
export function collectTools(
  request: responses.CreateRequest,
  items: readonly responses.InputItem[],
): responses.Tool[] {
  const tools = [...request.tools ?? []];
  for (const item of items) {
    if (
      item.type === "additional_tools" || item.type === "tool_search_output"
    ) {
      tools.push(...item.tools);
    }
  }
  return tools;
}

function shellArguments(action: responses.LocalShellAction): string {
  const args: Record<string, unknown> = { command: action.command };
  if (action.working_directory) {
    args.working_directory = action.working_directory;
  }
  if (action.timeout_ms !== undefined && action.timeout_ms !== null) {
    args.timeout_ms = action.timeout_ms;
  }
  if (Object.keys(action.env).length > 0) args.env = action.env;
  return JSON.stringify(args);
}

/** The conversation as {@link CanonicalItem}s with upstream tool names. */
export function toCanonicalItems(
  items: readonly responses.InputItem[],
  names: ToolNames,
  log: PluginLog,
): CanonicalItem[] {
  const out: CanonicalItem[] = [];
  const call = (ref: ClientToolRef, callId: string, args: string) =>
    out.push({
      type: "function_call",
      call_id: callId,
      name: names.upstreamName(ref),
      arguments: args,
    });
  const output = (callId: string, result: responses.ToolOutput) =>
    out.push({ type: "function_call_output", call_id: callId, output: result });
  items.forEach((item, index) => {
    switch (item.type) {
      case "message":
      case "reasoning":
        out.push(item);
        return;
      case "function_call":
        call(
          { kind: "function", name: item.name, namespace: item.namespace },
          item.call_id,
          item.arguments,
        );
        return;
      case "custom_tool_call":
        call(
          { kind: "custom", name: item.name, namespace: item.namespace },
          item.call_id,
          JSON.stringify({ input: item.input }),
        );
        return;
      case "local_shell_call":
        call(
          { kind: "local_shell", name: "local_shell" },
          item.call_id,
          shellArguments(item.action),
        );
        return;
      case "tool_search_call":
        call(
          { kind: "tool_search", name: "tool_search" },
          item.call_id,
          JSON.stringify(item.arguments),
        );
        return;
      case "function_call_output":
      case "custom_tool_call_output":
      case "local_shell_call_output":
        output(item.call_id, item.output);
        return;
      case "tool_search_output": {
        const found = item.tools.flatMap((t) =>
          t.type === "namespace"
            ? t.tools.map((inner) =>
              names.upstreamName({
                kind: inner.type,
                name: inner.name,
                namespace: t.name,
              })
            )
            : t.type === "function" || t.type === "custom"
            ? [names.upstreamName({ kind: t.type, name: t.name })]
            : [t.type]
        );
        output(
          item.call_id,
          found.length > 0
            ? `Tools now available: ${found.join(", ")}`
            : "No tools found",
        );
        return;
      }
      case "compaction": {
        const summary = readCompaction(item.encrypted_content);
        if (summary === undefined) {
          log.info(
            "Dropped a compaction item another provider encrypted: its summary cannot be read",
            { index },
          );
        } else out.push(toSummaryMessage(summary));
        return;
      }
      case "additional_tools":
      case "compaction_trigger":
        return;
      default: {
        const never: never = item;
        throw new TypeError(`Unhandled item ${JSON.stringify(never)}`);
      }
    }
  });
  return out;
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
