/**
 * Tool calls between the client's item types and an upstream's plain function calls:
 * {@link toCanonicalItems} turns a conversation's custom tool, local shell and tool search
 * calls (and their outputs), and Tresor's compaction items, into function calls, function
 * outputs and messages that every target converter understands, with upstream tool names
 * (the way back is `protocol/responses/client_calls.ts`).
 *
 * @module
 */
import type * as responses from "../protocol/responses/types.ts";
import type { WarningSink } from "../warnings.ts";
import type { ClientToolRef } from "../protocol/responses/client_calls.ts";
import type { ToolNames } from "./tool_names.ts";
import {
  readCompaction,
  toSummaryMessage,
} from "../protocol/responses/compaction.ts";

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

/** What a client-side tool search found, as the text of a function output. */
function toolSearchResult(
  item: responses.ToolSearchOutputItem,
  names: ToolNames,
): string {
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
  return found.length > 0
    ? `Tools now available: ${found.join(", ")}`
    : "No tools found";
}

/** The conversation as {@link CanonicalItem}s with upstream tool names. */
export function toCanonicalItems(
  items: readonly responses.InputItem[],
  names: ToolNames,
  warnings: WarningSink,
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
      case "tool_search_output":
        output(item.call_id, toolSearchResult(item, names));
        return;
      case "compaction": {
        const summary = readCompaction(item.encrypted_content);
        if (summary === undefined) {
          warnings.info(
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
