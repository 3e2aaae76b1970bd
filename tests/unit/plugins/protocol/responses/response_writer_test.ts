/**
 * Unit tests of {@link ResponseWriter}'s newer modes: reasoning summaries, tool calls of the
 * client's kinds (custom, local shell, tool search) mapped back from upstream names, and
 * compaction.
 */
import assert from "node:assert/strict";
import type * as responses from "../../../../../plugins/protocol/responses/types.ts";
import type { SseEvent } from "../../../../../plugins/sse.ts";
import {
  ResponseWriter,
  type WriterOptions,
} from "../../../../../plugins/protocol/responses/response_writer.ts";
import {
  toResponseBase,
  toUsage,
} from "../../../../../plugins/protocol/responses/response_base.ts";
import { ToolNames } from "../../../../../plugins/responses_shared/tool_names.ts";
import { COMPACTION_PREFIX } from "../../../../../plugins/protocol/responses/compaction.ts";

function writer(opts: WriterOptions = {}): ResponseWriter {
  return new ResponseWriter(
    toResponseBase({ model: "m", input: "x" }, { id: "resp_t", createdAt: 1 }),
    opts,
  );
}

function payloads(events: SseEvent[]): Record<string, unknown>[] {
  return events.map((e) => JSON.parse(e.data));
}

const TOOLS = new ToolNames([
  {
    type: "namespace",
    name: "functions",
    description: "",
    tools: [{ type: "custom", name: "exec" }],
  },
  { type: "local_shell" },
  { type: "tool_search", execution: "client" },
]);

Deno.test("ResponseWriter fills summary and streams summary events when the client asked for a summary", () => {
  const w = writer({ summary: true });
  const events = [
    ...w.reasoning("Think"),
    ...w.reasoning("ing."),
    ...w.reasoningSecret("tresor.anthropic.thinking:sig"),
    ...w.finish({ status: "completed" }),
  ];
  assert.deepStrictEqual(events.map((e) => e.event), [
    "response.created",
    "response.in_progress",
    "response.output_item.added",
    "response.reasoning_summary_part.added",
    "response.reasoning_summary_text.delta",
    "response.reasoning_summary_text.delta",
    "response.reasoning_summary_text.done",
    "response.reasoning_summary_part.done",
    "response.output_item.done",
    "response.completed",
  ]);
  assert.deepStrictEqual(w.response?.output, [{
    type: "reasoning",
    id: (w.response?.output[0] as responses.ReasoningItem).id,
    summary: [{ type: "summary_text", text: "Thinking." }],
    encrypted_content: "tresor.anthropic.thinking:sig",
  }]);
  assert.deepStrictEqual(payloads(events)[6], {
    type: "response.reasoning_summary_text.done",
    sequence_number: 6,
    item_id: (w.response?.output[0] as responses.ReasoningItem).id,
    output_index: 0,
    summary_index: 0,
    text: "Thinking.",
  });
});

Deno.test("ResponseWriter keeps reasoning in content without a summary request", () => {
  const w = writer();
  w.reasoning("Raw.");
  w.finish({ status: "completed" });
  const item = w.response?.output[0] as responses.ReasoningItem;
  assert.deepStrictEqual(item.summary, []);
  assert.deepStrictEqual(item.content, [{
    type: "reasoning_text",
    text: "Raw.",
  }]);
});

Deno.test("ResponseWriter turns a call of a custom tool into custom_tool_call with its raw input, namespace kept", () => {
  const w = writer({ tools: TOOLS });
  const events = [
    ...w.startCall("0", "call_1", "exec"),
    ...w.callArguments("0", '{"input":"await '),
    ...w.callArguments("0", 'tools.x()"}'),
    ...w.finish({ status: "completed" }),
  ];
  assert.deepStrictEqual(events.map((e) => e.event), [
    "response.created",
    "response.in_progress",
    "response.output_item.added",
    "response.custom_tool_call_input.delta",
    "response.custom_tool_call_input.done",
    "response.output_item.done",
    "response.completed",
  ]);
  const added = payloads(events)[2].item as responses.CustomToolCallItem;
  assert.equal(added.input, "");
  assert.equal(added.status, "in_progress");
  assert.deepStrictEqual(w.response?.output, [{
    type: "custom_tool_call",
    id: added.id,
    call_id: "call_1",
    name: "exec",
    namespace: "functions",
    input: "await tools.x()",
    status: "completed",
  }]);
  assert.match(added.id ?? "", /^ctc_[0-9a-f]{32}$/);
});

Deno.test("ResponseWriter turns local shell and tool search calls into their items once complete", () => {
  const w = writer({ tools: TOOLS });
  const events = [
    ...w.startCall("0", "c0", "local_shell"),
    ...w.callArguments("0", '{"command":["ls"]}'),
    ...w.startCall("1", "c1", "tool_search"),
    ...w.callArguments("1", '{"query":"git"}'),
    ...w.finish({ status: "completed" }),
  ];
  assert.equal(
    events.filter((e) => e.event?.includes("arguments")).length,
    0,
  );
  const out = w.response?.output ?? [];
  assert.deepStrictEqual(out.map((o) => o.type), [
    "local_shell_call",
    "tool_search_call",
  ]);
  assert.deepStrictEqual(
    out[0].type === "local_shell_call" && out[0].action,
    { type: "exec", command: ["ls"], env: {} },
  );
  assert.deepStrictEqual(
    out[1].type === "tool_search_call" && out[1].arguments,
    { query: "git" },
  );
});

Deno.test("ResponseWriter in compaction mode answers one compaction item holding the summary", () => {
  const w = writer({ compaction: true, tools: TOOLS });
  const events = [
    ...w.reasoning("ignored"),
    ...w.text("Goal: X. "),
    ...w.startCall("0", "c", "exec"),
    ...w.callArguments("0", "{}"),
    ...w.text("Next: Y."),
    ...w.finish({ status: "completed", usage: toUsage(10, 2) }),
  ];
  assert.deepStrictEqual(events.map((e) => e.event), [
    "response.created",
    "response.in_progress",
    "response.output_item.added",
    "response.output_item.done",
    "response.completed",
  ]);
  const output = w.response?.output ?? [];
  assert.equal(output.length, 1);
  assert.equal(output[0].type, "compaction");
  assert.equal(
    output[0].type === "compaction" && output[0].encrypted_content,
    `${COMPACTION_PREFIX}Goal: X. Next: Y.`,
  );
});

Deno.test("toUsage() always carries both details, 0 when not reported", () => {
  assert.deepStrictEqual(toUsage(5, 3), {
    input_tokens: 5,
    output_tokens: 3,
    total_tokens: 8,
    input_tokens_details: { cached_tokens: 0 },
    output_tokens_details: { reasoning_tokens: 0 },
  });
  assert.deepStrictEqual(toUsage(5, 3, { total: 9, cached: 2, reasoning: 1 }), {
    input_tokens: 5,
    output_tokens: 3,
    total_tokens: 9,
    input_tokens_details: { cached_tokens: 2 },
    output_tokens_details: { reasoning_tokens: 1 },
  });
});
