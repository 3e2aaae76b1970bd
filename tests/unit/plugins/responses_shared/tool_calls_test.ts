/** `toCanonicalItems()`: every call type of a conversation as function calls with upstream names. */
import assert from "node:assert/strict";
import { parseInputItems } from "../../../../plugins/protocol/responses/parse_items.ts";
import { ToolNames } from "../../../../plugins/responses_shared/tool_names.ts";
import {
  collectTools,
  toCanonicalItems,
} from "../../../../plugins/responses_shared/tool_calls.ts";
import { COMPACTION_PREFIX } from "../../../../plugins/protocol/responses/compaction.ts";
import { createRecordingLog } from "../../../_helpers/converter_run.ts";

/** The conversation `raw` brought to canonical items, with the warnings on the way. */
function canonical(raw: unknown[]) {
  const log = createRecordingLog();
  const items = parseInputItems(raw, "input", {
    hostedTools: "drop",
    warnings: log,
  });
  const names = new ToolNames(collectTools({ model: "m", input: [] }, items));
  return { items: toCanonicalItems(items, names, log), log };
}

Deno.test("toCanonicalItems() brings every call type to function calls with upstream names", () => {
  const { items, log } = canonical([
    {
      type: "function_call",
      call_id: "1",
      namespace: "docs",
      name: "search",
      arguments: "{}",
    },
    {
      type: "custom_tool_call",
      call_id: "2",
      name: "apply_patch",
      input: "*** Begin Patch",
    },
    { type: "custom_tool_call_output", call_id: "2", output: "done" },
    {
      type: "local_shell_call",
      call_id: "3",
      action: {
        type: "exec",
        command: ["ls"],
        env: { A: "1" },
        timeout_ms: 10,
      },
    },
    { type: "local_shell_call_output", id: "3", output: "{}" },
    {
      type: "tool_search_call",
      call_id: "4",
      execution: "client",
      arguments: { query: "git" },
    },
    {
      type: "tool_search_output",
      call_id: "4",
      execution: "client",
      tools: [{
        type: "namespace",
        name: "git",
        description: "",
        tools: [{ type: "function", name: "status" }],
      }],
    },
  ]);
  assert.deepStrictEqual(items, [
    { type: "function_call", call_id: "1", name: "search", arguments: "{}" },
    {
      type: "function_call",
      call_id: "2",
      name: "apply_patch",
      arguments: '{"input":"*** Begin Patch"}',
    },
    { type: "function_call_output", call_id: "2", output: "done" },
    {
      type: "function_call",
      call_id: "3",
      name: "local_shell",
      arguments: '{"command":["ls"],"timeout_ms":10,"env":{"A":"1"}}',
    },
    { type: "function_call_output", call_id: "3", output: "{}" },
    {
      type: "function_call",
      call_id: "4",
      name: "tool_search",
      arguments: '{"query":"git"}',
    },
    {
      type: "function_call_output",
      call_id: "4",
      output: "Tools now available: status",
    },
  ]);
  assert.deepStrictEqual(log.lines, []);
});

Deno.test("toCanonicalItems() reads Tresor's compaction back and drops what no one else can read", () => {
  const { items, log } = canonical([
    {
      type: "compaction",
      encrypted_content: `${COMPACTION_PREFIX}Earlier: A.`,
    },
    { type: "compaction", encrypted_content: "gAAAA-openai-encrypted" },
    {
      type: "image_generation_call",
      id: "ig",
      status: "completed",
      result: "…",
    },
  ]);
  assert.deepStrictEqual(items, [{
    type: "message",
    role: "user",
    content: "Summary of the conversation so far:\n\nEarlier: A.",
  }]);
  assert.deepStrictEqual(
    log.lines.map((l) => [l.level, l.message]),
    [
      ["debug", "Dropped an item of a hosted tool"],
      [
        "info",
        "Dropped a compaction item another provider encrypted: its summary cannot be read",
      ],
    ],
  );
});
