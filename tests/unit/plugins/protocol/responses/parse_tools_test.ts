/** `parseTools()` and `parseToolChoice()`: client tools kept, hosted tools dropped or refused. */
import assert from "node:assert/strict";
import { PluginError } from "../../../../../plugins/errors.ts";
import type * as responses from "../../../../../plugins/protocol/responses/types.ts";
import {
  parseToolChoice,
  parseTools,
} from "../../../../../plugins/protocol/responses/parse_tools.ts";
import { createRecordingLog } from "../../../../_helpers/converter_run.ts";

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
