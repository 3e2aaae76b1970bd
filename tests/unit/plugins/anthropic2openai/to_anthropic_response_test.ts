/** `toAnthropicMessage()` and `toAnthropicError()`: Chat Completions answers and errors in Anthropic's shape. */
import assert from "node:assert/strict";
import { toAnthropicError } from "../../../../plugins/anthropic2openai/errors.ts";
import { parseChatCompletion } from "../../../../plugins/protocol/openai/parse_response.ts";
import { toAnthropicMessage } from "../../../../plugins/anthropic2openai/to_anthropic_response.ts";
import { TRANSLATED_SIGNATURE } from "../../../../plugins/protocol/anthropic/thinking_marker.ts";

const COMPLETION = {
  id: "chatcmpl-1",
  object: "chat.completion",
  created: 1,
  model: "gpt",
  choices: [{
    index: 0,
    message: { role: "assistant", content: "hi" },
    finish_reason: "stop",
  }],
};

Deno.test("toAnthropicMessage() maps reasoning, text, tool calls and usage", () => {
  const got = toAnthropicMessage(parseChatCompletion({
    ...COMPLETION,
    choices: [{
      index: 0,
      message: {
        role: "assistant",
        content: "answer",
        reasoning_content: "think",
        tool_calls: [{
          id: "c1",
          type: "function",
          function: { name: "f", arguments: '{"a":[1]}' },
        }],
      },
      finish_reason: "tool_calls",
    }],
    usage: {
      prompt_tokens: 20,
      completion_tokens: 3,
      total_tokens: 23,
      prompt_tokens_details: { cached_tokens: 8 },
    },
  }));
  assert.deepStrictEqual(got, {
    id: "msg_chatcmpl-1",
    type: "message",
    role: "assistant",
    model: "gpt",
    content: [
      { type: "thinking", thinking: "think", signature: TRANSLATED_SIGNATURE },
      { type: "text", text: "answer" },
      { type: "tool_use", id: "c1", name: "f", input: { a: [1] } },
    ],
    stop_reason: "tool_use",
    stop_sequence: null,
    usage: { input_tokens: 12, output_tokens: 3, cache_read_input_tokens: 8 },
  });
});

for (
  const [reason, want] of [
    ["stop", "end_turn"],
    ["length", "max_tokens"],
    ["tool_calls", "tool_use"],
    ["content_filter", "refusal"],
  ] as const
) {
  Deno.test(`toAnthropicMessage() maps finish_reason ${reason} to ${want}`, () => {
    const got = toAnthropicMessage(parseChatCompletion({
      ...COMPLETION,
      choices: [{
        index: 0,
        message: { role: "assistant", content: "x" },
        finish_reason: reason,
      }],
    }));
    assert.equal(got.stop_reason, want);
    assert.equal(got.usage, undefined);
  });
}

for (
  const [status, want] of [
    [400, "invalid_request_error"],
    [401, "authentication_error"],
    [403, "permission_error"],
    [404, "not_found_error"],
    [429, "rate_limit_error"],
    [500, "api_error"],
    [503, "overloaded_error"],
    [529, "overloaded_error"],
  ] as const
) {
  Deno.test(`toAnthropicError() maps status ${status} to ${want}`, () => {
    assert.deepStrictEqual(
      toAnthropicError(
        { error: { message: "m", type: "t", code: null } },
        status,
      ),
      {
        type: "error",
        error: { type: want, message: "m" },
      },
    );
  });
}

Deno.test("toAnthropicMessage() maps content_filter to refusal and length to max_tokens", () => {
  const base = {
    id: "c",
    object: "chat.completion" as const,
    created: 0,
    model: "m",
  };
  for (
    const [finish, want] of [["content_filter", "refusal"], [
      "length",
      "max_tokens",
    ]] as const
  ) {
    const got = toAnthropicMessage({
      ...base,
      choices: [{
        index: 0,
        message: { role: "assistant", content: "x" },
        finish_reason: finish,
      }],
    });
    assert.equal(got.stop_reason, want);
  }
});
