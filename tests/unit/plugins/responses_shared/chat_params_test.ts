/** `toChatParams()`: a Responses request's parameters as Chat Completions parameters. */
import assert from "node:assert/strict";
import { PluginError } from "../../../../plugins/errors.ts";
import type * as openai from "../../../../plugins/protocol/openai/types.ts";
import type * as responses from "../../../../plugins/protocol/responses/types.ts";
import { toChatParams } from "../../../../plugins/responses_shared/chat_params.ts";
import { ToolNames } from "../../../../plugins/responses_shared/tool_names.ts";

interface ParamsCase {
  name: string;
  input: Partial<responses.CreateRequest>;
  want: Partial<openai.ChatParams>;
}

const F: responses.FunctionTool = { type: "function", name: "f" };
const F_OUT: openai.Tool = {
  type: "function",
  function: { name: "f", parameters: { type: "object", properties: {} } },
};

const PARAMS: ParamsCase[] = [
  {
    name: "max_output_tokens → max_tokens",
    input: { max_output_tokens: 50 },
    want: { max_tokens: 50 },
  },
  {
    name: "temperature and top_p",
    input: { temperature: 0.2, top_p: 0.5 },
    want: { temperature: 0.2, top_p: 0.5 },
  },
  {
    name: "flat function tools → nested ones, default parameters",
    input: { tools: [{ type: "function", name: "f", description: "d" }] },
    want: {
      tools: [{
        type: "function",
        function: {
          name: "f",
          description: "d",
          parameters: { type: "object", properties: {} },
        },
      }],
    },
  },
  {
    name: "a named tool_choice",
    input: { tools: [F], tool_choice: { type: "function", name: "f" } },
    want: {
      tools: [F_OUT],
      tool_choice: { type: "function", function: { name: "f" } },
    },
  },
  {
    name: "a string tool_choice and parallel_tool_calls",
    input: { tools: [F], tool_choice: "required", parallel_tool_calls: false },
    want: {
      tools: [F_OUT],
      tool_choice: "required",
      parallel_tool_calls: false,
    },
  },
  {
    name:
      "no tool_choice nor parallel_tool_calls without tools (chat refuses them)",
    input: { tool_choice: "auto", parallel_tool_calls: true },
    want: {},
  },
  {
    name: "text.format json_schema → response_format",
    input: {
      text: {
        format: {
          type: "json_schema",
          name: "p",
          schema: { type: "object" },
          strict: true,
        },
      },
    },
    want: {
      response_format: {
        type: "json_schema",
        json_schema: { name: "p", schema: { type: "object" }, strict: true },
      },
    },
  },
  {
    name: "text.format json_object",
    input: { text: { format: { type: "json_object" } } },
    want: { response_format: { type: "json_object" } },
  },
  {
    name: "reasoning.effort → reasoning_effort, user",
    input: { reasoning: { effort: "high", summary: "auto" }, user: "u" },
    want: { reasoning_effort: "high", user: "u" },
  },
  {
    name: "stream with usage in the stream",
    input: { stream: true },
    want: { stream: true, stream_options: { include_usage: true } },
  },
  {
    name: "metadata and store are not sent",
    input: { metadata: { a: "b" }, store: false },
    want: {},
  },
];

Deno.test("toChatParams() refuses a tool_choice naming a tool the request does not offer", () => {
  assert.throws(
    () =>
      toChatParams(
        {
          model: "m",
          input: "x",
          tools: [F],
          tool_choice: { type: "function", name: "g" },
        },
        { tools: new ToolNames([F]) },
      ),
    (err: unknown) =>
      err instanceof PluginError && err.param === "tool_choice.name",
  );
});

for (const c of PARAMS) {
  Deno.test(`toChatParams() maps ${c.name}`, () => {
    assert.deepStrictEqual(
      toChatParams(
        { model: "m", input: "x", ...c.input },
        { tools: new ToolNames(c.input.tools ?? []) },
      ),
      { model: "m", ...c.want },
    );
  });
}
