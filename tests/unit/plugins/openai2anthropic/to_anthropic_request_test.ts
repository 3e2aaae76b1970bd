/** Table tests of `toAnthropicRequest()`: one row per field, default and adjustment. */
import assert from "node:assert/strict";
import { parseChatCompletionRequest } from "../../../../plugins/protocol/openai/parse_request.ts";
import { toAnthropicRequest } from "../../../../plugins/openai2anthropic/to_anthropic_request.ts";
import type * as anthropic from "../../../../plugins/protocol/anthropic/types.ts";

interface RequestCase {
  name: string;
  input: Record<string, unknown>;
  opts?: { defaultMaxTokens?: number; maxOutputTokens?: number };
  want: anthropic.MessagesRequest;
}

const USER = { role: "user", content: "hi" };
const BASE: anthropic.MessagesRequest = {
  model: "m",
  max_tokens: 4096,
  messages: [{ role: "user", content: "hi" }],
};

const REQUEST_CASES: RequestCase[] = [
  {
    name: "moves system messages to the top-level system field",
    input: {
      model: "m",
      messages: [{ role: "system", content: "be brief" }, USER],
    },
    want: {
      ...BASE,
      system: "be brief",
      messages: [{ role: "user", content: "hi" }],
    },
  },
  {
    name: "keeps system and developer messages in order as blocks",
    input: {
      model: "m",
      messages: [
        { role: "system", content: "one" },
        { role: "developer", content: [{ type: "text", text: "two" }] },
        USER,
      ],
    },
    want: {
      ...BASE,
      system: [{ type: "text", text: "one" }, { type: "text", text: "two" }],
      messages: [{ role: "user", content: "hi" }],
    },
  },
  {
    name: "maps data URI images to base64 and http URLs to url sources",
    input: {
      model: "m",
      messages: [{
        role: "user",
        content: [
          { type: "text", text: "look" },
          {
            type: "image_url",
            image_url: { url: "data:image/png;base64,AAAA" },
          },
          { type: "image_url", image_url: { url: "https://x.test/a.jpg" } },
        ],
      }],
    },
    want: {
      ...BASE,
      messages: [{
        role: "user",
        content: [
          { type: "text", text: "look" },
          {
            type: "image",
            source: { type: "base64", media_type: "image/png", data: "AAAA" },
          },
          {
            type: "image",
            source: { type: "url", url: "https://x.test/a.jpg" },
          },
        ],
      }],
    },
  },
  {
    name:
      "turns tool calls into tool_use and merges tool results with following user text",
    input: {
      model: "m",
      messages: [
        USER,
        {
          role: "assistant",
          content: "checking",
          tool_calls: [
            {
              id: "call_1",
              type: "function",
              function: { name: "a", arguments: '{"x":1}' },
            },
            {
              id: "call.2",
              type: "function",
              function: { name: "b", arguments: "" },
            },
          ],
        },
        { role: "tool", tool_call_id: "call_1", content: "one" },
        {
          role: "tool",
          tool_call_id: "call.2",
          content: [{ type: "text", text: "two" }],
        },
        { role: "user", content: "thanks" },
      ],
    },
    want: {
      ...BASE,
      messages: [
        { role: "user", content: "hi" },
        {
          role: "assistant",
          content: [
            { type: "text", text: "checking" },
            { type: "tool_use", id: "call_1", name: "a", input: { x: 1 } },
            { type: "tool_use", id: "call_2", name: "b", input: {} },
          ],
        },
        {
          role: "user",
          content: [
            { type: "tool_result", tool_use_id: "call_1", content: "one" },
            {
              type: "tool_result",
              tool_use_id: "call_2",
              content: [{ type: "text", text: "two" }],
            },
            { type: "text", text: "thanks" },
          ],
        },
      ],
    },
  },
  {
    name: "merges consecutive user messages so roles alternate",
    input: { model: "m", messages: [USER, { role: "user", content: "again" }] },
    want: {
      ...BASE,
      messages: [{
        role: "user",
        content: [{ type: "text", text: "hi" }, {
          type: "text",
          text: "again",
        }],
      }],
    },
  },
  {
    name: "uses max_completion_tokens over max_tokens",
    input: {
      model: "m",
      messages: [USER],
      max_tokens: 10,
      max_completion_tokens: 20,
    },
    want: { ...BASE, max_tokens: 20 },
  },
  {
    name: "defaults max_tokens to the downstream setting",
    input: { model: "m", messages: [USER] },
    opts: { defaultMaxTokens: 1234 },
    want: { ...BASE, max_tokens: 1234 },
  },
  {
    name: "clamps max_tokens to the downstream's max_output_tokens",
    input: { model: "m", messages: [USER], max_tokens: 32000 },
    opts: { maxOutputTokens: 8192 },
    want: { ...BASE, max_tokens: 8192 },
  },
  {
    name: "maps a stop string to stop_sequences",
    input: { model: "m", messages: [USER], stop: "END" },
    want: { ...BASE, stop_sequences: ["END"] },
  },
  {
    name: "maps a stop list and drops whitespace-only sequences",
    input: { model: "m", messages: [USER], stop: ["a", "\n", "b"] },
    want: { ...BASE, stop_sequences: ["a", "b"] },
  },
  {
    name: "clamps temperature to 0-1 and keeps top_p",
    input: { model: "m", messages: [USER], temperature: 1.7, top_p: 0.5 },
    want: { ...BASE, temperature: 1, top_p: 0.5 },
  },
  {
    name: "maps user to metadata.user_id and stream to stream",
    input: { model: "m", messages: [USER], user: "u1", stream: true },
    want: { ...BASE, metadata: { user_id: "u1" }, stream: true },
  },
  {
    name: "maps tools and tool_choice required to any",
    input: {
      model: "m",
      messages: [USER],
      tools: [{
        type: "function",
        function: {
          name: "f",
          description: "d",
          parameters: { type: "object", properties: {} },
        },
      }, { type: "function", function: { name: "g" } }],
      tool_choice: "required",
    },
    want: {
      ...BASE,
      tools: [
        {
          name: "f",
          description: "d",
          input_schema: { type: "object", properties: {} },
        },
        { name: "g", input_schema: { type: "object", properties: {} } },
      ],
      tool_choice: { type: "any" },
    },
  },
  ...([
    ["auto", { type: "auto" }],
    ["none", { type: "none" }],
    [{ type: "function", function: { name: "f" } }, {
      type: "tool",
      name: "f",
    }],
  ] as const).map(([choice, want]): RequestCase => ({
    name: `maps tool_choice ${JSON.stringify(choice)}`,
    input: {
      model: "m",
      messages: [USER],
      tools: [{ type: "function", function: { name: "f" } }],
      tool_choice: choice,
    },
    want: {
      ...BASE,
      tools: [{ name: "f", input_schema: { type: "object", properties: {} } }],
      tool_choice: want,
    },
  })),
  {
    name: "maps parallel_tool_calls false to disable_parallel_tool_use",
    input: {
      model: "m",
      messages: [USER],
      tools: [{ type: "function", function: { name: "f" } }],
      parallel_tool_calls: false,
    },
    want: {
      ...BASE,
      tools: [{ name: "f", input_schema: { type: "object", properties: {} } }],
      tool_choice: { type: "auto", disable_parallel_tool_use: true },
    },
  },
  {
    name:
      "maps reasoning_effort to a thinking budget and raises max_tokens above it",
    input: {
      model: "m",
      messages: [USER],
      reasoning_effort: "medium",
      max_tokens: 1000,
      temperature: 0.2,
    },
    want: {
      ...BASE,
      max_tokens: 9192,
      thinking: { type: "enabled", budget_tokens: 8192 },
    },
  },
  {
    name: "shrinks the thinking budget under a max_output_tokens cap",
    input: { model: "m", messages: [USER], reasoning_effort: "high" },
    opts: { maxOutputTokens: 10000 },
    want: {
      ...BASE,
      max_tokens: 10000,
      thinking: { type: "enabled", budget_tokens: 9999 },
    },
  },
  {
    name: "maps response_format json_schema to a forced tool",
    input: {
      model: "m",
      messages: [USER],
      response_format: {
        type: "json_schema",
        json_schema: {
          name: "answer",
          schema: { type: "object", properties: { a: { type: "string" } } },
        },
      },
    },
    want: {
      ...BASE,
      tools: [{
        name: "answer",
        input_schema: { type: "object", properties: { a: { type: "string" } } },
      }],
      tool_choice: { type: "tool", name: "answer" },
    },
  },
];

for (const c of REQUEST_CASES) {
  Deno.test(`toAnthropicRequest() ${c.name}`, () => {
    const got = toAnthropicRequest(parseChatCompletionRequest(c.input), c.opts);
    assert.deepStrictEqual(got, c.want);
  });
}
