/** `toChatCompletion()` and `toOpenAiError()`: Anthropic answers and errors in OpenAI's shape. */
import assert from "node:assert/strict";
import { toChatCompletion } from "../../../../plugins/openai2anthropic/to_openai_response.ts";
import { toOpenAiError } from "../../../../plugins/convert_shared/to_openai_error.ts";
import type * as anthropic from "../../../../plugins/protocol/anthropic/types.ts";

const MSG: anthropic.MessagesResponse = {
  id: "msg_1",
  type: "message",
  role: "assistant",
  model: "claude",
  content: [],
  stop_reason: "end_turn",
  stop_sequence: null,
};

Deno.test("toChatCompletion() maps text, thinking, tool_use and usage with cache tokens", () => {
  const got = toChatCompletion({
    ...MSG,
    content: [
      { type: "thinking", thinking: "hmm", signature: "sig" },
      { type: "text", text: "a" },
      { type: "text", text: "b" },
      { type: "tool_use", id: "t1", name: "f", input: { x: 1 } },
    ],
    stop_reason: "tool_use",
    usage: {
      input_tokens: 10,
      output_tokens: 4,
      cache_read_input_tokens: 5,
      cache_creation_input_tokens: 2,
    },
  }, { created: 7 });
  assert.deepStrictEqual(got, {
    id: "msg_1",
    object: "chat.completion",
    created: 7,
    model: "claude",
    choices: [{
      index: 0,
      message: {
        role: "assistant",
        content: "ab",
        reasoning_content: "hmm",
        tool_calls: [{
          id: "t1",
          type: "function",
          function: { name: "f", arguments: '{"x":1}' },
        }],
      },
      finish_reason: "tool_calls",
      logprobs: null,
    }],
    usage: {
      prompt_tokens: 17,
      completion_tokens: 4,
      total_tokens: 21,
      prompt_tokens_details: { cached_tokens: 5 },
    },
  });
});

for (
  const [reason, want] of [
    ["end_turn", "stop"],
    ["stop_sequence", "stop"],
    ["max_tokens", "length"],
    ["tool_use", "tool_calls"],
    ["refusal", "content_filter"],
    ["pause_turn", "stop"],
    ["model_context_window_exceeded", "length"],
  ] as const
) {
  Deno.test(`toChatCompletion() maps stop_reason ${reason} to ${want}`, () => {
    const got = toChatCompletion({ ...MSG, stop_reason: reason }, {
      created: 0,
    });
    assert.equal(got.choices[0].finish_reason, want);
    assert.equal(got.usage, undefined);
  });
}

Deno.test("toChatCompletion() returns the schema tool's input as content", () => {
  const got = toChatCompletion({
    ...MSG,
    content: [{ type: "tool_use", id: "t", name: "answer", input: { a: "x" } }],
    stop_reason: "tool_use",
  }, { created: 0, jsonToolName: "answer" });
  assert.equal(got.choices[0].message.content, '{"a":"x"}');
  assert.equal(got.choices[0].message.tool_calls, undefined);
  assert.equal(got.choices[0].finish_reason, "stop");
});

for (
  const [type, want] of [
    ["overloaded_error", "server_error"],
    ["rate_limit_error", "rate_limit_error"],
    ["invalid_request_error", "invalid_request_error"],
    ["authentication_error", "authentication_error"],
  ] as const
) {
  Deno.test(`toOpenAiError() maps ${type} to ${want} and keeps the type in code`, () => {
    assert.deepStrictEqual(
      toOpenAiError({ type: "error", error: { type, message: "m" } }, 529),
      {
        error: { message: "m", type: want, code: type },
      },
    );
  });
}
