import assert from "node:assert/strict";
import type * as responses from "../../../plugins/protocol/responses/types.ts";
import { responses2anthropic } from "../../../plugins/responses2anthropic/mod.ts";
import { toResponsesUsage as fromAnthropicUsage } from "../../../plugins/responses2anthropic/from_anthropic.ts";
import { STOP } from "../../../plugins/responses2anthropic/map_stop_reason.ts";
import {
  THINKING_PREFIX,
  toMessagesRequest,
} from "../../../plugins/responses2anthropic/to_anthropic_request.ts";
import { responses2chat } from "../../../plugins/responses2chat/mod.ts";
import { toResponsesUsage as fromChatUsage } from "../../../plugins/responses2chat/from_chat.ts";
import { FINISH } from "../../../plugins/responses2chat/map_stop_reason.ts";
import { toChatRequest } from "../../../plugins/responses2chat/to_chat_request.ts";
import type { DownstreamInfo, StoredResponse } from "../../../plugins/types.ts";
import type { WarningSink } from "../../../plugins/warnings.ts";
import type { TargetRequestInput } from "../../../plugins/responses_shared/responses_converter.ts";
import { ToolNames } from "../../../plugins/responses_shared/tool_names.ts";
import {
  collectTools,
  toCanonicalItems,
} from "../../../plugins/responses_shared/tool_calls.ts";
import {
  createRecordingLog,
  createRun,
  forwarded,
} from "../../_helpers/converter_run.ts";

const SILENT: WarningSink = { debug() {}, info() {}, warn() {} };

Deno.test("STOP maps every Anthropic stop reason to a status", () => {
  assert.deepStrictEqual(STOP.max_tokens, {
    status: "incomplete",
    reason: "max_output_tokens",
  });
  assert.deepStrictEqual(STOP.refusal, {
    status: "incomplete",
    reason: "content_filter",
  });
  assert.deepStrictEqual(STOP.tool_use, { status: "completed" });
  assert.deepStrictEqual(FINISH.length, {
    status: "incomplete",
    reason: "max_output_tokens",
  });
  assert.deepStrictEqual(FINISH.tool_calls, { status: "completed" });
});

Deno.test("usage: Anthropic input includes cache reads and writes; details always present; absent stays absent", () => {
  assert.deepStrictEqual(
    fromAnthropicUsage({
      input_tokens: 10,
      output_tokens: 5,
      cache_creation_input_tokens: 2,
      cache_read_input_tokens: 3,
    }),
    {
      input_tokens: 15,
      output_tokens: 5,
      total_tokens: 20,
      input_tokens_details: { cached_tokens: 3 },
      output_tokens_details: { reasoning_tokens: 0 },
    },
  );
  assert.equal(fromAnthropicUsage(undefined), undefined);
  assert.deepStrictEqual(
    fromChatUsage({
      prompt_tokens: 7,
      completion_tokens: 4,
      total_tokens: 11,
      completion_tokens_details: { reasoning_tokens: 1 },
    }),
    {
      input_tokens: 7,
      output_tokens: 4,
      total_tokens: 11,
      input_tokens_details: { cached_tokens: 0 },
      output_tokens_details: { reasoning_tokens: 1 },
    },
  );
  assert.equal(fromChatUsage({}), undefined);
});

function items(...list: unknown[]): responses.InputItem[] {
  return list as responses.InputItem[];
}

/** A target conversion's input: the items brought to canonical form, tools named. */
function target(
  request: responses.CreateRequest,
  list: responses.InputItem[],
  warnings: WarningSink = SILENT,
  downstream: Partial<DownstreamInfo> = {},
): TargetRequestInput {
  const tools = new ToolNames(collectTools(request, list));
  return {
    request,
    items: toCanonicalItems(list, tools, warnings),
    tools,
    warnings,
    downstream: { id: "down", apiFormats: ["anthropic"], ...downstream },
  };
}

Deno.test("toMessagesRequest() sends back only thinking this converter produced", () => {
  const base: responses.CreateRequest = { model: "m", input: [] };
  const { body } = toMessagesRequest(target(
    base,
    items(
      { type: "message", role: "user", content: "q" },
      {
        type: "reasoning",
        summary: [],
        content: [{ type: "reasoning_text", text: "mine" }],
        encrypted_content: `${THINKING_PREFIX}sig`,
      },
      {
        type: "reasoning",
        summary: [{ type: "summary_text", text: "openai's" }],
        encrypted_content: "gAAAA-opaque",
      },
      {
        type: "message",
        role: "assistant",
        content: [{ type: "output_text", text: "a", annotations: [] }],
      },
    ),
    SILENT,
  ));
  assert.deepStrictEqual(body.messages, [
    { role: "user", content: "q" },
    {
      role: "assistant",
      content: [
        { type: "thinking", thinking: "mine", signature: "sig" },
        { type: "text", text: "a" },
      ],
    },
  ]);
});

Deno.test("toMessagesRequest() drops thinking when the last tool-calling turn has no thinking block", () => {
  const log = createRecordingLog();
  const { body } = toMessagesRequest(target(
    { model: "m", input: [], reasoning: { effort: "medium" } },
    items(
      { type: "message", role: "user", content: "q" },
      { type: "function_call", call_id: "c:1", name: "f", arguments: "" },
      { type: "function_call_output", call_id: "c:1", output: "r" },
    ),
    log,
  ));
  assert.equal(body.thinking, undefined);
  assert.deepStrictEqual(body.messages[1], {
    role: "assistant",
    content: [{ type: "tool_use", id: "c_1", name: "f", input: {} }],
  });
  assert.ok(log.lines.some((l) => l.message.startsWith("Turned thinking off")));
});

Deno.test("toMessagesRequest() maps reasoning.effort to a thinking budget and json_schema to a forced tool", () => {
  const thinking = toMessagesRequest(target(
    { model: "m", input: "q", reasoning: { effort: "low" } },
    items({ type: "message", role: "user", content: "q" }),
    SILENT,
  ));
  assert.deepStrictEqual(thinking.body.thinking, {
    type: "enabled",
    budget_tokens: 2048,
  });
  const schema = toMessagesRequest(target(
    {
      model: "m",
      input: "q",
      text: {
        format: { type: "json_schema", name: "p", schema: { type: "object" } },
      },
    },
    items({ type: "message", role: "user", content: "q" }),
  ));
  assert.equal(schema.jsonToolName, "p");
  assert.deepStrictEqual(schema.body.tool_choice, { type: "tool", name: "p" });
});

Deno.test("toChatRequest() attaches consecutive calls to one assistant message and sends tool images after the tool messages", () => {
  const out = toChatRequest(target(
    { model: "m", input: [], instructions: "sys" },
    items(
      { type: "message", role: "user", content: "q" },
      { type: "function_call", call_id: "a", name: "f", arguments: "{}" },
      { type: "function_call", call_id: "b", name: "g", arguments: "{}" },
      {
        type: "function_call_output",
        call_id: "a",
        output: [{ type: "input_image", image_url: "https://x/i.png" }],
      },
      { type: "function_call_output", call_id: "b", output: "ok" },
    ),
    SILENT,
  ));
  assert.deepStrictEqual(out.messages, [
    { role: "system", content: "sys" },
    { role: "user", content: "q" },
    {
      role: "assistant",
      content: null,
      tool_calls: [
        { id: "a", type: "function", function: { name: "f", arguments: "{}" } },
        { id: "b", type: "function", function: { name: "g", arguments: "{}" } },
      ],
    },
    { role: "tool", tool_call_id: "a", content: "" },
    { role: "tool", tool_call_id: "b", content: "ok" },
    {
      role: "user",
      content: [{ type: "image_url", image_url: { url: "https://x/i.png" } }],
    },
  ]);
});

for (const plugin of [responses2anthropic, responses2chat]) {
  Deno.test(`${plugin.id} keeps completed responses unless store is false`, async () => {
    const kept: StoredResponse[] = [];
    const store = {
      get: () => Promise.resolve(undefined),
      put: (r: StoredResponse) => void kept.push(r),
    };
    const upstream = plugin.id === "responses2anthropic"
      ? {
        id: "msg",
        type: "message",
        role: "assistant",
        model: "m",
        content: [{ type: "text", text: "hi" }],
        stop_reason: "end_turn",
        stop_sequence: null,
        usage: { input_tokens: 1, output_tokens: 1 },
      }
      : {
        id: "c",
        object: "chat.completion",
        created: 1,
        model: "m",
        choices: [{
          index: 0,
          message: { role: "assistant", content: "hi" },
          finish_reason: "stop",
        }],
      };
    for (const storeFlag of [undefined, false]) {
      const run = createRun(plugin, { responses: store });
      forwarded(
        await run.request("/responses", {
          model: "m",
          input: "hello",
          store: storeFlag,
        }),
      );
      await run.response(200, upstream);
    }
    assert.equal(kept.length, 1);
    assert.deepStrictEqual(kept[0].input, [{
      type: "message",
      role: "user",
      content: "hello",
    }]);
    assert.equal(kept[0].response.status, "completed");
  });
}
