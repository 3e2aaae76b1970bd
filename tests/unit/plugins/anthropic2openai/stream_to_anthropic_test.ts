/** `toAnthropicEvents()`: Chat Completions chunks as Anthropic stream events. */
import assert from "node:assert/strict";
import {
  createAnthropicStreamState,
  flushAnthropicStream,
  toAnthropicEvents,
} from "../../../../plugins/anthropic2openai/stream_to_anthropic.ts";

function chunk(
  delta: Record<string, unknown>,
  finish: string | null = null,
  extra: object = {},
) {
  return {
    data: JSON.stringify({
      id: "c",
      object: "chat.completion.chunk",
      created: 1,
      model: "gpt",
      choices: [{ index: 0, delta, finish_reason: finish }],
      ...extra,
    }),
  };
}

function usageChunk(prompt: number, completion: number) {
  return {
    data: JSON.stringify({
      id: "c",
      object: "chat.completion.chunk",
      created: 1,
      model: "gpt",
      choices: [],
      usage: {
        prompt_tokens: prompt,
        completion_tokens: completion,
        total_tokens: prompt + completion,
      },
    }),
  };
}

Deno.test("toAnthropicEvents() streams parallel tool calls as separate blocks with all arguments", () => {
  const state = createAnthropicStreamState({
    model: "m",
    inputTokensEstimate: 42,
  });
  const input = [
    chunk({ role: "assistant", content: "" }),
    chunk({ content: "Let me" }),
    chunk({
      tool_calls: [{
        index: 0,
        id: "a",
        type: "function",
        function: { name: "f", arguments: "" },
      }],
    }),
    chunk({ tool_calls: [{ index: 0, function: { arguments: '{"x"' } }] }),
    chunk({ tool_calls: [{ index: 0, function: { arguments: ":1}" } }] }),
    chunk({
      tool_calls: [{
        index: 1,
        id: "b",
        type: "function",
        function: { name: "g", arguments: "{}" },
      }],
    }),
    chunk({}, "tool_calls"),
    usageChunk(50, 9),
    { data: "[DONE]" },
  ];
  const out = input.flatMap((e) => toAnthropicEvents(e, state));
  const types = out.map((e) => e.event);
  assert.deepStrictEqual(types, [
    "message_start",
    "content_block_start",
    "content_block_delta",
    "content_block_stop",
    "content_block_start",
    "content_block_delta",
    "content_block_delta",
    "content_block_stop",
    "content_block_start",
    "content_block_delta",
    "content_block_stop",
    "message_delta",
    "message_stop",
  ]);
  const data = out.map((e) => JSON.parse(e.data));
  assert.equal(data[0].message.usage.input_tokens, 42);
  assert.deepStrictEqual(data[4].content_block, {
    type: "tool_use",
    id: "a",
    name: "f",
    input: {},
  });
  assert.equal(data[4].index, 1);
  assert.equal(
    data[5].delta.partial_json + data[6].delta.partial_json,
    '{"x":1}',
  );
  assert.equal(data[8].index, 2);
  assert.equal(data[9].delta.partial_json, "{}");
  assert.deepStrictEqual(data[11], {
    type: "message_delta",
    delta: { stop_reason: "tool_use", stop_sequence: null },
    usage: { output_tokens: 9, input_tokens: 50 },
  });
  assert.deepStrictEqual(flushAnthropicStream(state), []);
});

Deno.test("toAnthropicEvents() uses reported prompt tokens in message_start when the first chunk has usage", () => {
  const state = createAnthropicStreamState({
    model: "m",
    inputTokensEstimate: 1,
  });
  const out = toAnthropicEvents(
    chunk({ content: "x" }, null, {
      usage: { prompt_tokens: 77, completion_tokens: 0, total_tokens: 77 },
    }),
    state,
  );
  assert.equal(JSON.parse(out[0].data).message.usage.input_tokens, 77);
});

Deno.test("toAnthropicEvents() treats a new id at a reused index as a new tool call", () => {
  const state = createAnthropicStreamState({ model: "m" });
  const out = [
    chunk({
      tool_calls: [{
        index: 0,
        id: "a",
        function: { name: "f", arguments: "{}" },
      }],
    }),
    chunk({
      tool_calls: [{
        index: 0,
        id: "b",
        function: { name: "g", arguments: "{}" },
      }],
    }),
    chunk({}, "tool_calls", {
      usage: { prompt_tokens: 1, completion_tokens: 1, total_tokens: 2 },
    }),
  ].flatMap((e) => toAnthropicEvents(e, state));
  const starts = out.filter((e) => e.event === "content_block_start").map((e) =>
    JSON.parse(e.data)
  );
  assert.deepStrictEqual(starts.map((s) => [s.index, s.content_block.id]), [[
    0,
    "a",
  ], [1, "b"]]);
  assert.equal(out.at(-1)?.event, "message_stop");
});

Deno.test("toAnthropicEvents() maps reasoning to a thinking block before text", () => {
  const state = createAnthropicStreamState({ model: "m" });
  const out = [
    chunk({ reasoning_content: "hm" }),
    chunk({ content: "ok" }),
    chunk({}, "stop"),
  ]
    .flatMap((e) => toAnthropicEvents(e, state));
  const starts = out.filter((e) => e.event === "content_block_start").map((e) =>
    JSON.parse(e.data).content_block.type
  );
  assert.deepStrictEqual(starts, ["thinking", "text"]);
  // Waiting for the usage chunk: message_delta only comes with [DONE] or the flush.
  assert.notEqual(out.at(-1)?.event, "message_stop");
  const end = flushAnthropicStream(state);
  assert.deepStrictEqual(end.map((e) => e.event), [
    "message_delta",
    "message_stop",
  ]);
  assert.equal(JSON.parse(end[0].data).delta.stop_reason, "end_turn");
});

Deno.test("toAnthropicEvents() turns an upstream error chunk into a terminal error event", () => {
  const state = createAnthropicStreamState({ model: "m" });
  toAnthropicEvents(chunk({ content: "x" }), state);
  const out = toAnthropicEvents({
    data: JSON.stringify({ error: { message: "bad", type: "server_error" } }),
  }, state);
  assert.deepStrictEqual(out, [{
    event: "error",
    data: JSON.stringify({
      type: "error",
      error: { type: "api_error", message: "bad" },
    }),
  }]);
  assert.deepStrictEqual(flushAnthropicStream(state), []);
});
