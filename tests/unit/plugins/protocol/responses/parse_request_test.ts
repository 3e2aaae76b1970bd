/** `parseCreateRequest()`: what a Responses request may hold, and what it is refused for. */
import assert from "node:assert/strict";
import { PluginError } from "../../../../../plugins/errors.ts";
import { parseCreateRequest } from "../../../../../plugins/protocol/responses/parse_request.ts";
import type { ToolParseOptions } from "../../../../../plugins/protocol/responses/parse_tools.ts";
import type { WarningSink } from "../../../../../plugins/warnings.ts";

const SILENT: WarningSink = { debug() {}, info() {}, warn() {} };
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
