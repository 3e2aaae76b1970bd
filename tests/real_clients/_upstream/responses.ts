/**
 * The scripted upstream's Responses API side: the checks OpenAI makes that a gateway can get
 * wrong (input item and tool shapes, tool names), and answers as a `response` object or its
 * event stream (`response.created` … `response.completed`, with `sequence_number`s).
 */
import type { SseEvent } from "../../../plugins/mod.ts";
import { type OfferedTool, type PlannedCall, singleStringArg } from "./task.ts";

type Obj = Record<string, unknown>;

function isObj(v: unknown): v is Obj {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

const ITEM_TYPES = new Set([
  "message",
  "additional_tools",
  "function_call",
  "function_call_output",
  "custom_tool_call",
  "custom_tool_call_output",
  "reasoning",
  "local_shell_call",
  "local_shell_call_output",
  "web_search_call",
  "compaction",
  "item_reference",
]);
const TOOL_NAME_REGEXP = /^[a-zA-Z0-9_-]{1,64}$/;

/** What the Responses API would answer 400 for (empty: valid). */
export function responsesProblems(body: Obj): string[] {
  const problems: string[] = [];
  if (typeof body.model !== "string") {
    problems.push("Missing required parameter: 'model'.");
  }
  const input = body.input;
  if (typeof input !== "string") {
    if (!Array.isArray(input)) {
      problems.push("Invalid 'input': expected a string or an array.");
    } else {
      input.forEach((item, i) => {
        const type = isObj(item) ? item.type ?? "message" : undefined;
        if (!ITEM_TYPES.has(String(type))) {
          problems.push(`Invalid value: '${String(type)}' (input[${i}].type)`);
        }
      });
    }
  }
  const tools = Array.isArray(body.tools) ? body.tools.filter(isObj) : [];
  tools.forEach((t, i) => {
    if (
      (t.type === "function" || t.type === "custom") &&
      !TOOL_NAME_REGEXP.test(String(t.name))
    ) {
      problems.push(
        `Invalid 'tools[${i}].name': string does not match pattern.`,
      );
    }
  });
  return problems;
}

/**
 * The tools a Responses request offers (function and freeform tools, namespaces flattened), in
 * `tools` and in `additional_tools` input items.
 */
export function responsesTools(body: Obj): OfferedTool[] {
  const out: OfferedTool[] = [];
  const visit = (tools: unknown) => {
    for (const t of Array.isArray(tools) ? tools.filter(isObj) : []) {
      if (t.type === "function") {
        out.push({
          name: String(t.name),
          freeform: false,
          stringArg: singleStringArg(t.parameters),
        });
      } else if (t.type === "custom") {
        out.push({ name: String(t.name), freeform: true });
      } else if (t.type === "namespace") visit(t.tools);
    }
  };
  visit(body.tools);
  // Codex's code mode declares its tools in an input item.
  for (
    const item of Array.isArray(body.input) ? body.input.filter(isObj) : []
  ) {
    if (item.type === "additional_tools") visit(item.tools);
  }
  return out;
}

/** Whether the input ends with tool outputs, one of them for a call in `issued`. */
export function responsesAnswersCall(
  body: Obj,
  issued: ReadonlySet<string>,
): boolean {
  const input = Array.isArray(body.input) ? body.input.filter(isObj) : [];
  const tail: Obj[] = [];
  for (let i = input.length - 1; i >= 0; i--) {
    const type = String(input[i].type);
    if (!type.endsWith("_output")) break;
    tail.push(input[i]);
  }
  return tail.some((item) => issued.has(String(item.call_id)));
}

/** A Responses answer: text or one tool call. */
export function responsesAnswer(
  body: Obj,
  reply: { text?: string; call?: PlannedCall & { id: string } },
): { json: Obj; events: SseEvent[] } {
  const id = `resp_scripted_${crypto.randomUUID().slice(0, 8)}`;
  const output: Obj[] = [];
  if (reply.text !== undefined) {
    output.push({
      type: "message",
      id: `msg_${id}`,
      status: "completed",
      role: "assistant",
      content: [{ type: "output_text", text: reply.text, annotations: [] }],
    });
  }
  const call = reply.call;
  if (call) {
    output.push(
      call.kind === "custom"
        ? {
          type: "custom_tool_call",
          id: `ctc_${call.id}`,
          status: "completed",
          call_id: call.id,
          name: call.name,
          input: call.input,
        }
        : {
          type: "function_call",
          id: `fc_${call.id}`,
          status: "completed",
          call_id: call.id,
          name: call.name,
          arguments: JSON.stringify(call.args),
        },
    );
  }
  const base = {
    id,
    object: "response",
    created_at: 1_700_000_000,
    model: String(body.model),
    parallel_tool_calls: true,
    tool_choice: "auto",
    tools: [],
    error: null,
    incomplete_details: null,
  };
  const usage = {
    input_tokens: 200,
    input_tokens_details: { cached_tokens: 0 },
    output_tokens: 20,
    output_tokens_details: { reasoning_tokens: 0 },
    total_tokens: 220,
  };
  const json = { ...base, status: "completed", output, usage };
  let seq = 0;
  const ev = (type: string, data: Obj): SseEvent => ({
    event: type,
    data: JSON.stringify({ type, sequence_number: seq++, ...data }),
  });
  const events: SseEvent[] = [
    ev("response.created", {
      response: { ...base, status: "in_progress", output: [] },
    }),
  ];
  output.forEach((item, index) => {
    events.push(
      ev("response.output_item.added", { output_index: index, item }),
    );
    if (item.type === "message") {
      events.push(ev("response.output_text.delta", {
        item_id: item.id,
        output_index: index,
        content_index: 0,
        delta: reply.text,
      }));
    }
    events.push(ev("response.output_item.done", { output_index: index, item }));
  });
  events.push(ev("response.completed", { response: json }));
  return { json, events };
}

/** An OpenAI error body. */
export function responsesError(message: string): Obj {
  return {
    error: { message, type: "invalid_request_error", param: null, code: null },
  };
}
