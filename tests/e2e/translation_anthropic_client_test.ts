/**
 * [e2e] The official Anthropic SDK through the running gateway against an OpenAI-only mock
 * downstream: `anthropic2openai` is inserted automatically.
 */
import assert from "node:assert/strict";
import Anthropic from "@anthropic-ai/sdk";
import { SseParseStream } from "../../plugins/sse.ts";
import { parseSseText } from "../_helpers/golden.ts";
import { readFixture } from "../_helpers/golden_fixtures.ts";
import { openAiStream } from "../_helpers/mock_upstream.ts";
import { startSingleDownstream } from "../_helpers/single_downstream.ts";
import { anthropicClient } from "../_helpers/sdk_clients.ts";

function fixture(path: string): string {
  return readFixture("anthropic2openai", path);
}

function setup() {
  const rig = startSingleDownstream((mockUrl) => ({
    id: "oai",
    name: "OpenAI mock",
    apiFormats: ["openai"],
    baseUrl: `${mockUrl}/v1`,
    apiKey: "sk-oai",
    outputModelIds: ["gpt-5"],
    maxOutputTokens: 16000,
  }));
  const client = anthropicClient(rig.gw.url, "unused");
  return {
    mock: rig.mock,
    gw: rig.gw,
    client,
    [Symbol.asyncDispose]: () => rig[Symbol.asyncDispose](),
  };
}

Deno.test("[e2e] Anthropic messages.create against an OpenAI downstream: tool results, images, tool_use, usage", async () => {
  await using s = setup();
  s.mock.handler = () => ({
    kind: "json",
    body: {
      id: "chatcmpl-7",
      object: "chat.completion",
      created: 1,
      model: "gpt-5",
      choices: [{
        index: 0,
        message: {
          role: "assistant",
          content: "Let me look.",
          tool_calls: [{
            id: "call_9",
            type: "function",
            function: { name: "zoom", arguments: '{"level":3}' },
          }],
        },
        finish_reason: "tool_calls",
      }],
      usage: {
        prompt_tokens: 40,
        completion_tokens: 9,
        total_tokens: 49,
        prompt_tokens_details: { cached_tokens: 10 },
      },
    },
  });
  const msg = await s.client.messages.create({
    model: "gpt-5",
    max_tokens: 1024,
    system: "Be brief.",
    tools: [{
      name: "zoom",
      input_schema: {
        type: "object",
        properties: { level: { type: "number" } },
      },
    }],
    messages: [
      { role: "user", content: "Look at it" },
      {
        role: "assistant",
        content: [{
          type: "tool_use",
          id: "toolu_1",
          name: "zoom",
          input: { level: 1 },
        }],
      },
      {
        role: "user",
        content: [
          {
            type: "tool_result",
            tool_use_id: "toolu_1",
            content: [
              { type: "text", text: "zoomed" },
              {
                type: "image",
                source: {
                  type: "base64",
                  media_type: "image/png",
                  data: "iVBORw0KGgo=",
                },
              },
            ],
          },
          { type: "text", text: "closer" },
        ],
      },
    ],
  });
  assert.equal(msg.stop_reason, "tool_use");
  assert.deepStrictEqual(msg.content, [
    { type: "text", text: "Let me look." },
    { type: "tool_use", id: "call_9", name: "zoom", input: { level: 3 } },
  ]);
  assert.equal(msg.usage.input_tokens, 30);
  assert.equal(msg.usage.output_tokens, 9);
  assert.equal(msg.usage.cache_read_input_tokens, 10);
  const up = s.mock.requests[0];
  assert.equal(up.path, "/v1/chat/completions");
  const messages = (up.body?.messages ?? []) as {
    role: string;
    content: unknown;
  }[];
  assert.deepStrictEqual(messages.map((m) => m.role), [
    "system",
    "user",
    "assistant",
    "tool",
    "user",
  ]);
  assert.equal(messages[3].content, "zoomed");
  assert.deepStrictEqual(messages[4].content, [
    {
      type: "image_url",
      image_url: { url: "data:image/png;base64,iVBORw0KGgo=" },
    },
    { type: "text", text: "closer" },
  ]);
});

Deno.test("[e2e] Anthropic beta messages.stream().finalMessage() with a Claude Code request to an OpenAI downstream", async () => {
  await using s = setup();
  const events = parseSseText(fixture("claude_code/upstream.sse"));
  s.mock.handler = () => ({ kind: "sse", events, chunkBytes: 3 });
  const request = JSON.parse(fixture("claude_code/request.json"));
  const stream = s.client.beta.messages.stream(request, {
    headers: {
      "anthropic-beta": "claude-code-20250219,interleaved-thinking-2025-05-14",
    },
  });
  const final = await stream.finalMessage();
  assert.equal(final.stop_reason, "tool_use");
  assert.deepStrictEqual(final.content.map((b) => b.type), [
    "thinking",
    "text",
    "tool_use",
    "tool_use",
  ]);
  const uses = final.content.filter((b) => b.type === "tool_use");
  assert.deepStrictEqual(uses.map((b) => [b.name, b.input]), [["Read", {
    arg: "a.ts",
  }], ["Grep", { arg: "TODO" }]]);
  assert.equal(final.usage.output_tokens, 57);
  assert.equal(final.usage.input_tokens, 100);
  assert.equal(final.usage.cache_read_input_tokens, 2000);

  const up = s.mock.requests[0];
  assert.equal(up.path, "/v1/chat/completions");
  assert.equal(up.query, "");
  assert.equal(up.headers.get("anthropic-beta"), null);
  assert.equal(up.body?.max_tokens, 16000);
  assert.deepStrictEqual(up.body?.stream_options, { include_usage: true });
  assert.equal((up.body?.tools as unknown[]).length, 10);
  assert.ok(!JSON.stringify(up.body).includes("cache_control"));
});

Deno.test("[e2e] Anthropic messages.countTokens is answered locally for an OpenAI downstream", async () => {
  await using s = setup();
  const res = await s.client.messages.countTokens({
    model: "gpt-5",
    messages: [{ role: "user", content: "How many tokens is this sentence?" }],
  });
  assert.ok(
    res.input_tokens > 5 && res.input_tokens < 30,
    String(res.input_tokens),
  );
  assert.equal(s.mock.requests.length, 0);
});

Deno.test("[e2e] Anthropic client gets an OpenAI 429 as a 429 rate_limit_error", async () => {
  await using s = setup();
  s.mock.handler = () => ({
    kind: "json",
    status: 429,
    body: {
      error: {
        message: "Rate limit reached",
        type: "requests",
        code: "rate_limit_exceeded",
      },
    },
  });
  await assert.rejects(
    s.client.messages.create({
      model: "gpt-5",
      max_tokens: 5,
      messages: [{ role: "user", content: "hi" }],
    }),
    (err: unknown) =>
      err instanceof Anthropic.RateLimitError && err.status === 429 &&
      err.message.includes("rate_limit_error"),
  );
});

Deno.test("[e2e] the first translated event reaches the client before the upstream has finished", async () => {
  await using s = setup();
  // The mock sends two chunks, then holds the rest until the client goes away.
  s.mock.handler = () => ({
    kind: "sse",
    events: openAiStream("gpt-5", ["Hel", "lo"]),
    stallAfter: 2,
  });
  const res = await fetch(`${s.gw.url}/v1/messages`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({
      model: "gpt-5",
      max_tokens: 5,
      stream: true,
      messages: [{ role: "user", content: "hi" }],
    }),
  });
  assert.equal(res.status, 200);
  const seen: string[] = [];
  const reader = res.body!.pipeThrough(new SseParseStream()).getReader();
  while (!seen.includes("content_block_delta")) {
    const { value, done } = await reader.read();
    assert.ok(!done, "stream ended before any translated delta");
    if (value.event) seen.push(value.event);
  }
  assert.deepStrictEqual(seen, [
    "message_start",
    "content_block_start",
    "content_block_delta",
  ]);
  await reader.cancel();
  await s.mock.nextAbort();
});
