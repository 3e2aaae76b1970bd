/** `ToolNames` and `collectTools()`: the client's tools as valid, unique upstream function names, both ways. */
import assert from "node:assert/strict";
import type * as responses from "../../../../plugins/protocol/responses/types.ts";
import { parseInputItems } from "../../../../plugins/protocol/responses/parse_items.ts";
import {
  MAX_TOOL_NAME_LENGTH,
  ToolNames,
  toValidToolName,
} from "../../../../plugins/responses_shared/tool_names.ts";
import { collectTools } from "../../../../plugins/responses_shared/tool_calls.ts";
import { createRecordingLog } from "../../../_helpers/converter_run.ts";

const VALID_NAME_REGEXP = /^[a-zA-Z0-9_-]{1,64}$/;

interface NameCase {
  name: string;
  tools: responses.Tool[];
  /** Exact names, or patterns where the hash suffix cannot be written down. */
  want: (string | RegExp)[];
}

const NAMES: NameCase[] = [
  {
    name: "namespaced tools keep their bare name when it is unique",
    tools: [{
      type: "namespace",
      name: "functions",
      description: "",
      tools: [{ type: "custom", name: "exec" }, {
        type: "function",
        name: "wait",
      }],
    }],
    want: ["exec", "wait"],
  },
  {
    name: "a bare name two namespaces share becomes namespace__name",
    tools: [
      {
        type: "namespace",
        name: "docs",
        description: "",
        tools: [{ type: "function", name: "search" }],
      },
      {
        type: "namespace",
        name: "tickets",
        description: "",
        tools: [{ type: "function", name: "search" }],
      },
    ],
    want: ["docs__search", "tickets__search"],
  },
  {
    name: "characters OpenAI rejects become _",
    tools: [{ type: "function", name: "mcp.git/status" }],
    want: ["mcp_git_status"],
  },
  {
    name: "a name longer than 64 characters is cut and suffixed with a hash",
    tools: [{ type: "function", name: "x".repeat(80) }],
    want: [new RegExp(`^${"x".repeat(55)}_[0-9a-f]{8}$`)],
  },
  {
    name: "two names that clean up the same stay distinct",
    tools: [{ type: "function", name: "a.b" }, {
      type: "function",
      name: "a/b",
    }],
    want: ["a_b", /^a_b_[0-9a-f]{8}$/],
  },
  {
    name: "local shell and client tool search become functions",
    tools: [{ type: "local_shell" }, {
      type: "tool_search",
      execution: "client",
    }],
    want: ["local_shell", "tool_search"],
  },
  {
    name: "a later definition of the same tool replaces the earlier one",
    tools: [
      { type: "function", name: "f", description: "old" },
      { type: "function", name: "g" },
      { type: "function", name: "f", description: "new" },
    ],
    want: ["g", "f"],
  },
];

for (const c of NAMES) {
  Deno.test(`ToolNames: ${c.name}`, () => {
    const names = new ToolNames(c.tools);
    const got = names.functions.map((f) => f.name);
    assert.equal(got.length, c.want.length);
    got.forEach((name, i) => {
      const want = c.want[i];
      if (typeof want === "string") assert.equal(name, want);
      else assert.match(name, want);
    });
    assert.equal(new Set(got).size, got.length);
    for (const fn of names.functions) {
      assert.match(fn.name, VALID_NAME_REGEXP);
      assert.deepStrictEqual(names.clientTool(fn.name), fn.client);
    }
  });
}

Deno.test("ToolNames: custom tools take one string argument and explain their grammar", () => {
  const [fn] = new ToolNames([{
    type: "custom",
    name: "apply_patch",
    description: "Edits files.",
    format: { type: "grammar", syntax: "lark", definition: "start: x" },
  }]).functions;
  assert.deepStrictEqual(fn.parameters, {
    type: "object",
    properties: {
      input: { type: "string", description: "The raw free-form input" },
    },
    required: ["input"],
    additionalProperties: false,
  });
  assert.ok(fn.description?.startsWith("Edits files.\n\n"));
  assert.ok(fn.description?.includes('string argument "input"'));
  assert.ok(fn.description?.endsWith("lark grammar:\nstart: x"));
  assert.deepStrictEqual(fn.client, { kind: "custom", name: "apply_patch" });
});

Deno.test("ToolNames names a tool only history mentions the same way each time, and maps unknown names to plain functions", () => {
  const names = new ToolNames([{ type: "function", name: "f" }]);
  const ref = {
    kind: "function",
    name: "old.tool",
    namespace: "gone",
  } as const;
  assert.equal(names.upstreamName(ref), "old_tool");
  assert.equal(names.upstreamName(ref), "old_tool");
  assert.deepStrictEqual(names.clientTool("old_tool"), ref);
  assert.deepStrictEqual(names.clientTool("hallucinated"), {
    kind: "function",
    name: "hallucinated",
  });
  assert.equal(toValidToolName(""), "_");
  assert.equal(toValidToolName("y".repeat(200)).length, MAX_TOOL_NAME_LENGTH);
});

Deno.test("collectTools() adds tools from additional_tools and tool_search_output items", () => {
  const items = parseInputItems(
    [
      {
        type: "additional_tools",
        role: "developer",
        tools: [{ type: "function", name: "a" }, { type: "web_search" }],
      },
      {
        type: "tool_search_output",
        call_id: "s1",
        execution: "client",
        tools: [{ type: "function", name: "b" }],
      },
    ],
    "input",
    { hostedTools: "drop", warnings: createRecordingLog() },
  );
  assert.deepStrictEqual(
    collectTools(
      { model: "m", input: [], tools: [{ type: "local_shell" }] },
      items,
    )
      .map((t) => t.type === "function" ? t.name : t.type),
    ["local_shell", "a", "b"],
  );
});
