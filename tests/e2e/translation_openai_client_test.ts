/**
 * [e2e] The official OpenAI SDK through the running gateway against an Anthropic-only mock
 * downstream: `openai2anthropic` is inserted automatically.
 */
import assert from "node:assert/strict";
import OpenAI from "openai";
import { parseSseText } from "../_helpers/golden.ts";
import { readFixture } from "../_helpers/golden_fixtures.ts";
import { startSingleDownstream } from "../_helpers/single_downstream.ts";
import { openAiClient } from "../_helpers/sdk_clients.ts";

function fixture(path: string): string {
  return readFixture("openai2anthropic", path);
}

function setup() {
  const rig = startSingleDownstream((mockUrl) => ({
    id: "ant",
    name: "Anthropic mock",
    apiFormats: ["anthropic"],
    baseUrl: mockUrl,
    apiKey: "sk-ant",
    outputModelIds: ["claude-x"],
    maxOutputTokens: 8000,
  }));
  const client = openAiClient(rig.gw.url, "unused");
  return {
    mock: rig.mock,
    client,
    [Symbol.asyncDispose]: () => rig[Symbol.asyncDispose](),
  };
}

Deno.test("[e2e] OpenAI chat.completions.create against an Anthropic downstream: text, image, tool results, usage", async () => {
  await using s = setup();
  s.mock.handler = () => ({
    kind: "json",
    body: JSON.parse(fixture("text/upstream.json")),
  });
  const res = await s.client.chat.completions.create({
    model: "claude-x",
    max_tokens: 32000,
    messages: [
      { role: "system", content: "You are terse." },
      {
        role: "user",
        content: [
          { type: "text", text: "Describe" },
          {
            type: "image_url",
            image_url: { url: "data:image/jpeg;base64,/9j/AAA=" },
          },
        ],
      },
      {
        role: "assistant",
        content: null,
        tool_calls: [{
          id: "call_1",
          type: "function",
          function: { name: "look", arguments: '{"z":2}' },
        }],
      },
      { role: "tool", tool_call_id: "call_1", content: "a cat" },
    ],
    tools: [{
      type: "function",
      function: { name: "look", parameters: { type: "object" } },
    }],
  });
  assert.equal(res.choices[0].message.content, "A cat — süß 🐱.");
  assert.equal(res.choices[0].finish_reason, "stop");
  assert.deepStrictEqual(res.usage, {
    prompt_tokens: 120,
    completion_tokens: 8,
    total_tokens: 128,
    prompt_tokens_details: { cached_tokens: 100 },
  });
  const up = s.mock.requests[0];
  assert.equal(up.path, "/v1/messages");
  const body = up.body as Record<string, unknown>;
  assert.equal(
    body.max_tokens,
    8000,
    "clamped to the downstream's max_output_tokens",
  );
  assert.equal(body.system, "You are terse.");
  const messages = body.messages as {
    role: string;
    content: { type: string }[];
  }[];
  assert.deepStrictEqual(messages.map((m) => m.role), [
    "user",
    "assistant",
    "user",
  ]);
  assert.equal(messages[0].content[1].type, "image");
  assert.equal(messages[2].content[0].type, "tool_result");
});

Deno.test("[e2e] OpenAI .stream().finalChatCompletion() against an Anthropic downstream: tool call split over deltas", async () => {
  await using s = setup();
  const events = parseSseText(fixture("tools/upstream.sse"));
  s.mock.handler = () => ({ kind: "sse", events, chunkBytes: 5 });
  const stream = s.client.chat.completions.stream({
    model: "claude-x",
    messages: [{ role: "user", content: "Weather in Oslo?" }],
    tools: [{
      type: "function",
      function: { name: "get_weather", parameters: { type: "object" } },
    }],
    stream_options: { include_usage: true },
  });
  const final = await stream.finalChatCompletion();
  const choice = final.choices[0];
  assert.equal(choice.finish_reason, "tool_calls");
  assert.equal(choice.message.content, "Checking 🌍 天気…");
  assert.deepStrictEqual(
    choice.message.tool_calls?.map((c) =>
      c.type === "function"
        ? [c.id, c.function.name, JSON.parse(c.function.arguments)]
        : []
    ),
    [["toolu_1", "get_weather", { city: "Oslo" }]],
  );
  assert.equal(final.usage?.prompt_tokens, 150);
  assert.equal(final.usage?.completion_tokens, 42);
  assert.equal(s.mock.requests[0].body?.stream, true);
});

Deno.test("[e2e] OpenAI client gets an Anthropic 529 as a 529 in OpenAI's error shape", async () => {
  await using s = setup();
  s.mock.handler = () => ({
    kind: "json",
    status: 529,
    body: {
      type: "error",
      error: { type: "overloaded_error", message: "Overloaded" },
    },
  });
  await assert.rejects(
    s.client.chat.completions.create({
      model: "claude-x",
      messages: [{ role: "user", content: "hi" }],
    }),
    (err: unknown) =>
      err instanceof OpenAI.APIError && err.status === 529 &&
      err.message.includes("Overloaded"),
  );
});
