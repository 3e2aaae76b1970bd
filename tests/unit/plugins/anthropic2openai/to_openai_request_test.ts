/** Table tests of `toOpenAiRequest()`: one row per field, default and adjustment, and what it rejects. */
import assert from "node:assert/strict";
import { parseMessagesRequest } from "../../../../plugins/protocol/anthropic/parse_request.ts";
import { toOpenAiRequest } from "../../../../plugins/anthropic2openai/to_openai_request.ts";
import { PluginError } from "../../../../plugins/errors.ts";
import type * as openai from "../../../../plugins/protocol/openai/types.ts";

interface RequestCase {
  name: string;
  input: Record<string, unknown>;
  opts?: { maxOutputTokens?: number };
  want: openai.ChatCompletionRequest;
}

const USER = { role: "user", content: "hi" };
const BASE: openai.ChatCompletionRequest = {
  model: "m",
  messages: [{ role: "user", content: "hi" }],
  max_tokens: 100,
};

const REQUEST_CASES: RequestCase[] = [
  {
    name: "turns system blocks into one system message without cache_control",
    input: {
      model: "m",
      max_tokens: 100,
      system: [
        { type: "text", text: "one", cache_control: { type: "ephemeral" } },
        { type: "text", text: "two" },
      ],
      messages: [USER],
    },
    want: {
      ...BASE,
      messages: [{ role: "system", content: "one\n\ntwo" }, {
        role: "user",
        content: "hi",
      }],
    },
  },
  {
    name: "maps text and base64/url images to content parts",
    input: {
      model: "m",
      max_tokens: 100,
      messages: [{
        role: "user",
        content: [
          { type: "text", text: "look", cache_control: { type: "ephemeral" } },
          {
            type: "image",
            source: { type: "base64", media_type: "image/png", data: "AAAA" },
          },
          {
            type: "image",
            source: { type: "url", url: "https://x.test/a.png" },
          },
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
            type: "image_url",
            image_url: { url: "data:image/png;base64,AAAA" },
          },
          { type: "image_url", image_url: { url: "https://x.test/a.png" } },
        ],
      }],
    },
  },
  {
    name:
      "places tool results first, flattens text, keeps is_error, moves images after",
    input: {
      model: "m",
      max_tokens: 100,
      messages: [
        USER,
        {
          role: "assistant",
          content: [
            { type: "thinking", thinking: "hmm", signature: "sig" },
            { type: "text", text: "ok" },
            { type: "tool_use", id: "t1", name: "a", input: { x: 1 } },
            { type: "tool_use", id: "t2", name: "b", input: {} },
          ],
        },
        {
          role: "user",
          content: [
            { type: "text", text: "and?" },
            {
              type: "tool_result",
              tool_use_id: "t1",
              content: [
                { type: "text", text: "l1" },
                {
                  type: "image",
                  source: {
                    type: "base64",
                    media_type: "image/jpeg",
                    data: "BB",
                  },
                },
                { type: "text", text: "l2" },
              ],
            },
            {
              type: "tool_result",
              tool_use_id: "t2",
              content: "boom",
              is_error: true,
            },
          ],
        },
      ],
    },
    want: {
      ...BASE,
      messages: [
        { role: "user", content: "hi" },
        {
          role: "assistant",
          content: "ok",
          tool_calls: [
            {
              id: "t1",
              type: "function",
              function: { name: "a", arguments: '{"x":1}' },
            },
            {
              id: "t2",
              type: "function",
              function: { name: "b", arguments: "{}" },
            },
          ],
        },
        { role: "tool", tool_call_id: "t1", content: "l1\nl2" },
        { role: "tool", tool_call_id: "t2", content: "Error: boom" },
        {
          role: "user",
          content: [
            {
              type: "image_url",
              image_url: { url: "data:image/jpeg;base64,BB" },
            },
            { type: "text", text: "and?" },
          ],
        },
      ],
    },
  },
  {
    name: "drops assistant thinking-only turns",
    input: {
      model: "m",
      max_tokens: 100,
      messages: [USER, {
        role: "assistant",
        content: [{ type: "thinking", thinking: "x", signature: "" }],
      }, USER],
    },
    want: {
      ...BASE,
      messages: [{ role: "user", content: "hi" }, {
        role: "user",
        content: "hi",
      }],
    },
  },
  {
    name: "clamps max_tokens to max_output_tokens",
    input: { model: "m", max_tokens: 32000, messages: [USER] },
    opts: { maxOutputTokens: 8192 },
    want: { ...BASE, max_tokens: 8192 },
  },
  {
    name:
      "maps stop_sequences, temperature, top_p, drops top_k, maps metadata.user_id",
    input: {
      model: "m",
      max_tokens: 100,
      messages: [USER],
      stop_sequences: ["a", "b"],
      temperature: 0.3,
      top_p: 0.9,
      top_k: 5,
      metadata: { user_id: "u" },
    },
    want: {
      ...BASE,
      stop: ["a", "b"],
      temperature: 0.3,
      top_p: 0.9,
      user: "u",
    },
  },
  {
    name: "maps tools, tool_choice any and disable_parallel_tool_use",
    input: {
      model: "m",
      max_tokens: 100,
      messages: [USER],
      tools: [{
        name: "f",
        description: "d",
        input_schema: { type: "object" },
        cache_control: { type: "ephemeral" },
      }],
      tool_choice: { type: "any", disable_parallel_tool_use: true },
    },
    want: {
      ...BASE,
      tools: [{
        type: "function",
        function: {
          name: "f",
          parameters: { type: "object" },
          description: "d",
        },
      }],
      tool_choice: "required",
      parallel_tool_calls: false,
    },
  },
  ...([
    [{ type: "auto" }, "auto"],
    [{ type: "none" }, "none"],
    [{ type: "tool", name: "f" }, {
      type: "function",
      function: { name: "f" },
    }],
  ] as const).map(([choice, want]): RequestCase => ({
    name: `maps tool_choice ${JSON.stringify(choice)}`,
    input: {
      model: "m",
      max_tokens: 100,
      messages: [USER],
      tools: [{ name: "f", input_schema: {} }],
      tool_choice: choice,
    },
    want: {
      ...BASE,
      tools: [{ type: "function", function: { name: "f", parameters: {} } }],
      tool_choice: want,
    },
  })),
  ...([
    [1024, "low"],
    [8000, "medium"],
    [31999, "high"],
  ] as const).map(([budget, want]): RequestCase => ({
    name: `maps a thinking budget of ${budget} to reasoning_effort ${want}`,
    input: {
      model: "m",
      max_tokens: 100,
      messages: [USER],
      thinking: { type: "enabled", budget_tokens: budget },
    },
    want: { ...BASE, reasoning_effort: want },
  })),
  {
    name: "asks for streamed usage when streaming",
    input: { model: "m", max_tokens: 100, messages: [USER], stream: true },
    want: { ...BASE, stream: true, stream_options: { include_usage: true } },
  },
];

for (const c of REQUEST_CASES) {
  Deno.test(`toOpenAiRequest() ${c.name}`, () => {
    assert.deepStrictEqual(
      toOpenAiRequest(parseMessagesRequest(c.input), c.opts),
      c.want,
    );
  });
}

const REJECT_CASES: {
  name: string;
  input: Record<string, unknown>;
  param: string;
}[] = [
  {
    name: "a missing max_tokens",
    input: { model: "m", messages: [USER] },
    param: "max_tokens",
  },
  {
    name: "an orphan tool_result",
    input: {
      model: "m",
      max_tokens: 1,
      messages: [{
        role: "user",
        content: [{ type: "tool_result", tool_use_id: "x", content: "r" }],
      }],
    },
    param: "messages[0].content[0].tool_use_id",
  },
  {
    name: "an unanswered tool_use",
    input: {
      model: "m",
      max_tokens: 1,
      messages: [USER, {
        role: "assistant",
        content: [{ type: "tool_use", id: "t", name: "f", input: {} }],
      }, USER],
    },
    param: "messages[1].content[0]",
  },
  {
    name: "an unknown block type",
    input: {
      model: "m",
      max_tokens: 1,
      messages: [{ role: "user", content: [{ type: "hologram" }] }],
    },
    param: "messages[0].content[0].type",
  },
];

for (const c of REJECT_CASES) {
  Deno.test(`toOpenAiRequest() rejects ${c.name} naming ${c.param}`, () => {
    assert.throws(
      () => toOpenAiRequest(parseMessagesRequest(c.input)),
      (err: unknown) => err instanceof PluginError && err.param === c.param,
    );
  });
}
