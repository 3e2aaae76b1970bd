/** The client's call items for upstream function calls: `toClientCall()`, `toCustomInput()`, `toShellAction()`. */
import assert from "node:assert/strict";
import {
  toClientCall,
  toCustomInput,
  toShellAction,
} from "../../../../../plugins/protocol/responses/client_calls.ts";

const CUSTOM_INPUTS: [string, string][] = [
  ['{"input":"raw\\ntext"}', "raw\ntext"],
  ['{"patch":"only string"}', "only string"],
  ["not json at all", "not json at all"],
  ['{"a":"x","b":"y"}', '{"a":"x","b":"y"}'],
];

for (const [args, want] of CUSTOM_INPUTS) {
  Deno.test(`toCustomInput(${JSON.stringify(args)}) is the raw input`, () => {
    assert.equal(toCustomInput(args), want);
  });
}

Deno.test("toShellAction() reads an argv, a command string, env and limits", () => {
  assert.deepStrictEqual(
    toShellAction(
      '{"command":["ls","-l"],"working_directory":"/r","timeout_ms":5,"env":{"A":1}}',
    ),
    {
      type: "exec",
      command: ["ls", "-l"],
      env: { A: "1" },
      working_directory: "/r",
      timeout_ms: 5,
    },
  );
  assert.deepStrictEqual(toShellAction('{"command":"make test"}'), {
    type: "exec",
    command: ["bash", "-lc", "make test"],
    env: {},
  });
});

Deno.test("toClientCall() makes the item of each tool kind", () => {
  assert.deepStrictEqual(
    toClientCall(
      { kind: "function", name: "f", namespace: "ns" },
      "c",
      "{}",
      "fc_1",
    ),
    {
      type: "function_call",
      id: "fc_1",
      call_id: "c",
      name: "f",
      namespace: "ns",
      arguments: "{}",
      status: "completed",
    },
  );
  assert.deepStrictEqual(
    toClientCall(
      { kind: "custom", name: "apply_patch" },
      "c",
      '{"input":"P"}',
      "ctc_1",
    ),
    {
      type: "custom_tool_call",
      id: "ctc_1",
      call_id: "c",
      name: "apply_patch",
      input: "P",
      status: "completed",
    },
  );
  assert.deepStrictEqual(
    toClientCall(
      { kind: "tool_search", name: "tool_search" },
      "c",
      '{"query":"q"}',
      "tsc_1",
    ),
    {
      type: "tool_search_call",
      id: "tsc_1",
      call_id: "c",
      arguments: { query: "q" },
      execution: "client",
      status: "completed",
    },
  );
});
