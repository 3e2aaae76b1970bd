/**
 * Unit tests of the Responses converters' tool handling: parsing client and hosted tools,
 * naming them for an upstream ({@link ToolNames}), and the calls between the client's item
 * types and plain function calls.
 */
import assert from "node:assert/strict";
import { PluginError } from "../../../plugins/errors.ts";
import type * as responses from "../../../plugins/protocol/responses/types.ts";
import {
  parseToolChoice,
  parseTools,
} from "../../../plugins/protocol/responses/parse_tools.ts";
import { parseInputItems } from "../../../plugins/protocol/responses/parse_items.ts";
import {
  MAX_TOOL_NAME_LENGTH,
  ToolNames,
  toValidToolName,
} from "../../../plugins/responses_shared/tool_names.ts";
import {
  collectTools,
  toCanonicalItems,
} from "../../../plugins/responses_shared/tool_calls.ts";
import {
  toClientCall,
  toCustomInput,
  toShellAction,
} from "../../../plugins/protocol/responses/client_calls.ts";
import { COMPACTION_PREFIX } from "../../../plugins/protocol/responses/compaction.ts";
import { createRecordingLog } from "../../_helpers/converter_run.ts";

const VALID_NAME_REGEXP = /^[a-zA-Z0-9_-]{1,64}$/;

interface HostedCase {
  tool: Record<string, unknown>;
  type: string;
}

const HOSTED: HostedCase[] = [
  {
    tool: { type: "web_search", external_web_access: false },
    type: "web_search",
  },
  { tool: { type: "web_search_preview" }, type: "web_search_preview" },
  {
    tool: { type: "file_search", vector_store_ids: ["vs"] },
    type: "file_search",
  },
  {
    tool: { type: "code_interpreter", container: "auto" },
    type: "code_interpreter",
  },
  { tool: { type: "image_generation" }, type: "image_generation" },
  { tool: { type: "computer_use_preview" }, type: "computer_use_preview" },
  { tool: { type: "mcp", server_label: "x" }, type: "mcp" },
  { tool: { type: "tool_search" }, type: "tool_search" },
  { tool: { type: "tool_search", execution: "server" }, type: "tool_search" },
];

for (const c of HOSTED) {
  Deno.test(`parseTools() drops hosted tool ${JSON.stringify(c.tool)} with a debug line, or refuses it naming the tool`, () => {
    const log = createRecordingLog();
    const tools = parseTools(
      [{ type: "function", name: "f" }, c.tool],
      "tools",
      { hostedTools: "drop", warnings: log },
    );
    assert.deepStrictEqual(tools, [{ type: "function", name: "f" }]);
    assert.deepStrictEqual(
      log.lines.map((l) => [l.level, l.message, l.fields?.tool]),
      [["debug", "Dropped a hosted tool this downstream cannot run", c.type]],
    );
    assert.throws(
      () =>
        parseTools([c.tool], "tools", { hostedTools: "refuse", warnings: log }),
      (err: unknown) =>
        err instanceof PluginError && err.param === "tools[0].type" &&
        err.message.includes(`"${c.type}"`),
    );
  });
}

Deno.test("parseTools() keeps client tools: namespace, custom with grammar, local shell, client tool search", () => {
  const log = createRecordingLog();
  const tools = parseTools(
    [
      {
        type: "namespace",
        name: "ns",
        description: "d",
        tools: [
          { type: "function", name: "f", strict: false, defer_loading: true },
          { type: "custom", name: "c", format: { type: "text" } },
        ],
      },
      {
        type: "custom",
        name: "apply_patch",
        description: "patch",
        format: { type: "grammar", syntax: "lark", definition: "start: x" },
      },
      { type: "local_shell" },
      {
        type: "tool_search",
        execution: "client",
        parameters: { type: "object" },
      },
    ],
    "tools",
    { hostedTools: "refuse", warnings: log },
  );
  assert.deepStrictEqual(tools, [
    {
      type: "namespace",
      name: "ns",
      description: "d",
      tools: [
        { type: "function", name: "f", strict: false },
        { type: "custom", name: "c", format: { type: "text" } },
      ],
    },
    {
      type: "custom",
      name: "apply_patch",
      description: "patch",
      format: { type: "grammar", syntax: "lark", definition: "start: x" },
    },
    { type: "local_shell" },
    {
      type: "tool_search",
      execution: "client",
      parameters: { type: "object" },
    },
  ]);
  assert.deepStrictEqual(log.lines, []);
});

interface ChoiceCase {
  input: unknown;
  want: responses.ToolChoice;
}

const CHOICES: ChoiceCase[] = [
  { input: "auto", want: "auto" },
  {
    input: { type: "function", name: "f", namespace: "ns" },
    want: { type: "function", name: "f", namespace: "ns" },
  },
  { input: { type: "custom", name: "c" }, want: { type: "custom", name: "c" } },
  {
    input: { type: "allowed_tools", mode: "required", tools: [] },
    want: "required",
  },
];

for (const c of CHOICES) {
  Deno.test(`parseToolChoice() reads ${JSON.stringify(c.input)}`, () => {
    assert.deepStrictEqual(
      parseToolChoice(c.input, createRecordingLog()),
      c.want,
    );
  });
}

Deno.test("parseToolChoice() refuses forcing a hosted tool", () => {
  assert.throws(
    () => parseToolChoice({ type: "web_search" }, createRecordingLog()),
    (err: unknown) =>
      err instanceof PluginError && err.param === "tool_choice.type",
  );
});

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

Deno.test("toCanonicalItems() brings every call type to function calls with upstream names", () => {
  const log = createRecordingLog();
  const items = parseInputItems(
    [
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
    ],
    "input",
    { hostedTools: "drop", warnings: log },
  );
  const names = new ToolNames(collectTools({ model: "m", input: [] }, items));
  assert.deepStrictEqual(toCanonicalItems(items, names, log), [
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
    {
      type: "message",
      role: "user",
      content: "Summary of the conversation so far:\n\nEarlier: A.",
    },
  ]);
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
