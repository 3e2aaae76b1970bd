import assert from "node:assert/strict";
import { PluginError } from "../../../plugins/errors.ts";
import type * as openai from "../../../plugins/protocol/openai/types.ts";
import type * as responses from "../../../plugins/protocol/responses/types.ts";
import { toChatParams } from "../../../plugins/responses_shared/chat_params.ts";
import {
  expandInput,
  previousNotFound,
} from "../../../plugins/responses_shared/responses_converter.ts";
import { parseCreateRequest } from "../../../plugins/protocol/responses/parse_request.ts";
import { ResponseWriter } from "../../../plugins/protocol/responses/response_writer.ts";
import { toResponseBase } from "../../../plugins/protocol/responses/response_base.ts";
import type { ToolParseOptions } from "../../../plugins/protocol/responses/parse_tools.ts";
import { ToolNames } from "../../../plugins/responses_shared/tool_names.ts";
import type {
  PluginLog,
  ResponseStore,
  StoredResponse,
} from "../../../plugins/types.ts";

const SILENT: PluginLog = { debug() {}, info() {}, warn() {}, error() {} };
const DROP: ToolParseOptions = { hostedTools: "drop", warnings: SILENT };
const REFUSE: ToolParseOptions = { hostedTools: "refuse", warnings: SILENT };

interface RejectCase {
  name: string;
  body: Record<string, unknown>;
  param: string;
  /** Only refused when the downstream refuses hosted tools. */
  refuseOnly?: boolean;
}

const REJECTS: RejectCase[] = [
  {
    name: "a built-in web search tool, naming it",
    body: { model: "m", input: "x", tools: [{ type: "web_search_preview" }] },
    param: "tools[0].type",
    refuseOnly: true,
  },
  {
    name: "a file search tool after a function tool",
    refuseOnly: true,
    body: {
      model: "m",
      input: "x",
      tools: [{ type: "function", name: "f" }, {
        type: "file_search",
        vector_store_ids: ["vs_1"],
      }],
    },
    param: "tools[1].type",
  },
  {
    name: "a tool_choice naming a built-in tool",
    body: { model: "m", input: "x", tool_choice: { type: "computer_use" } },
    param: "tool_choice.type",
  },
  {
    name: "an item reference",
    body: { model: "m", input: [{ type: "item_reference", id: "msg_1" }] },
    param: "input[0].type",
  },
  {
    name: "an image given by file_id",
    body: {
      model: "m",
      input: [{
        role: "user",
        content: [{ type: "input_image", file_id: "file_1" }],
      }],
    },
    param: "input[0].content[0].image_url",
  },
  {
    name: "background responses",
    body: { model: "m", input: "x", background: true },
    param: "background",
  },
  {
    name: "an unknown reasoning effort",
    body: { model: "m", input: "x", reasoning: { effort: "max" } },
    param: "reasoning.effort",
  },
];

for (const c of REJECTS) {
  Deno.test(`parseCreateRequest() rejects ${c.name}`, () => {
    assert.throws(
      () => parseCreateRequest(c.body, REFUSE),
      (err: unknown) => err instanceof PluginError && err.param === c.param,
    );
    if (c.refuseOnly) parseCreateRequest(c.body, DROP);
    else {
      assert.throws(
        () => parseCreateRequest(c.body, DROP),
        (err: unknown) => err instanceof PluginError && err.param === c.param,
      );
    }
  });
}

Deno.test("parseCreateRequest() names the hosted tool in its message when refusing", () => {
  assert.throws(
    () =>
      parseCreateRequest({
        model: "m",
        input: "x",
        tools: [{ type: "code_interpreter" }],
      }, REFUSE),
    /hosted tool "code_interpreter"/,
  );
});

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

function memoryStore(records: StoredResponse[]): ResponseStore {
  const byId = new Map(records.map((r) => [r.id, r]));
  return {
    get: (id) => Promise.resolve(byId.get(id)),
    put: (r) => void byId.set(r.id, r),
  };
}

Deno.test("expandInput() puts the stored turn's input and output before this turn's input", async () => {
  const store = memoryStore([{
    id: "resp_1",
    createdAt: 1,
    response: {
      output: [{
        type: "function_call",
        id: "fc_1",
        call_id: "c1",
        name: "f",
        arguments: "{}",
        status: "completed",
      }],
    },
    input: [{ role: "user", content: "first" }],
  }]);
  const body = {
    model: "m",
    previous_response_id: "resp_1",
    input: [{ type: "function_call_output", call_id: "c1", output: "ok" }],
  };
  const expanded = await expandInput(
    body,
    parseCreateRequest(body, DROP),
    store,
    DROP,
  );
  assert.deepStrictEqual(expanded?.items, [
    { type: "message", role: "user", content: "first" },
    { type: "function_call", call_id: "c1", name: "f", arguments: "{}" },
    { type: "function_call_output", call_id: "c1", output: "ok" },
  ]);
  assert.equal(expanded?.raw.length, 3);
  const missing = { model: "m", previous_response_id: "resp_x", input: "hi" };
  assert.equal(
    await expandInput(missing, parseCreateRequest(missing, DROP), store, DROP),
    undefined,
  );
  assert.equal(
    await expandInput(
      missing,
      parseCreateRequest(missing, DROP),
      undefined,
      DROP,
    ),
    undefined,
  );
});

Deno.test("previousNotFound() answers 404 in OpenAI's error shape", () => {
  const res = previousNotFound("resp_x");
  assert.equal(res.status, 404);
  assert.deepStrictEqual(res.body, {
    error: {
      message: "Previous response with id 'resp_x' not found.",
      type: "invalid_request_error",
      param: "previous_response_id",
      code: "previous_response_not_found",
    },
  });
});

function writer(): ResponseWriter {
  return new ResponseWriter(
    toResponseBase({ model: "m", input: "x" }, { id: "resp_t", createdAt: 1 }),
  );
}

Deno.test("ResponseWriter numbers every event from 0 and ends with response.completed", () => {
  const w = writer();
  const events = [
    ...w.text("Hi"),
    ...w.startCall("0", "call_1", "f"),
    ...w.callArguments("0", '{"a":'),
    ...w.callArguments("0", "1}"),
    ...w.finish({ status: "completed" }),
  ];
  const payloads = events.map((e) => JSON.parse(e.data));
  assert.deepStrictEqual(
    payloads.map((p) => p.sequence_number),
    payloads.map((_, i) => i),
  );
  assert.deepStrictEqual(events.map((e) => e.event), [
    "response.created",
    "response.in_progress",
    "response.output_item.added",
    "response.content_part.added",
    "response.output_text.delta",
    "response.output_text.done",
    "response.content_part.done",
    "response.output_item.done",
    "response.output_item.added",
    "response.function_call_arguments.delta",
    "response.function_call_arguments.delta",
    "response.function_call_arguments.done",
    "response.output_item.done",
    "response.completed",
  ]);
  const output = w.response?.output ?? [];
  assert.equal(output.length, 2);
  assert.equal(
    output[1].type === "function_call" && output[1].arguments,
    '{"a":1}',
  );
  assert.deepStrictEqual(w.finish({ status: "completed" }), []);
});

Deno.test("ResponseWriter marks open items incomplete and records the reason", () => {
  const w = writer();
  w.text("Once");
  const events = w.finish({
    status: "incomplete",
    reason: "max_output_tokens",
  });
  assert.equal(events.at(-1)?.event, "response.incomplete");
  assert.deepStrictEqual(w.response?.incomplete_details, {
    reason: "max_output_tokens",
  });
  const first = w.response?.output[0];
  assert.equal(first?.type === "message" && first.status, "incomplete");
});

Deno.test("ResponseWriter.fail() writes error then response.failed", () => {
  const w = writer();
  const events = w.fail("server_error", "boom");
  assert.deepStrictEqual(events.map((e) => e.event), [
    "response.created",
    "response.in_progress",
    "error",
    "response.failed",
  ]);
  assert.deepStrictEqual(JSON.parse(events[2].data), {
    type: "error",
    sequence_number: 2,
    code: "server_error",
    message: "boom",
    param: null,
  });
  assert.equal(w.response?.status, "failed");
});

Deno.test("ResponseWriter.end() finishes with the given finish", () => {
  const w = writer();
  w.text("Hi");
  const events = w.end({ status: "completed" });
  assert.equal(events.at(-1)?.event, "response.completed");
  assert.equal(w.response?.status, "completed");
  assert.deepStrictEqual(w.end(undefined), []);
});

Deno.test("ResponseWriter.end() fails when the upstream never said how it finished", () => {
  const w = writer();
  w.text("Hi");
  const events = w.end(undefined);
  assert.deepStrictEqual(events.map((e) => e.event).slice(-2), [
    "error",
    "response.failed",
  ]);
  assert.deepStrictEqual(w.response?.error, {
    code: "server_error",
    message: "The upstream stream ended before the response finished",
  });
});

Deno.test("ResponseWriter drops argument fragments for a call that is not open", () => {
  const w = writer();
  w.startCall("0", "c0", "f");
  w.startCall("1", "c1", "g");
  assert.deepStrictEqual(w.callArguments("0", "{}"), []);
  assert.equal(w.isOpenCall("1"), true);
});
