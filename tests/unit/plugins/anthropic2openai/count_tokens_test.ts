/** `anthropic2openai`'s local count_tokens answer and `estimateInputTokens()`. */
import assert from "node:assert/strict";
import { anthropic2openai } from "../../../../plugins/anthropic2openai/mod.ts";
import { estimateInputTokens } from "../../../../plugins/anthropic2openai/count_tokens.ts";
import { createRun } from "../../../_helpers/converter_run.ts";

Deno.test("anthropic2openai answers count_tokens locally with an estimate", async () => {
  const run = createRun(anthropic2openai);
  const out = await run.request("/messages/count_tokens", {
    model: "m",
    system: "You are helpful.",
    messages: [{ role: "user", content: "Hello there, how are you today?" }],
  });
  assert.ok("respond" in out);
  assert.equal(out.respond.status, 200);
  const body = out.respond.body as { input_tokens: number };
  assert.ok(
    body.input_tokens > 8 && body.input_tokens < 40,
    String(body.input_tokens),
  );
});

Deno.test("estimateInputTokens() grows with text, images and tools", () => {
  const base = {
    model: "m",
    messages: [{ role: "user" as const, content: "hello" }],
  };
  const small = estimateInputTokens(base);
  const long = estimateInputTokens({
    ...base,
    messages: [{ role: "user", content: "hello ".repeat(100) }],
  });
  const image = estimateInputTokens({
    ...base,
    messages: [{
      role: "user",
      content: [{ type: "image", source: { type: "url", url: "https://x" } }],
    }],
  });
  const tools = estimateInputTokens({
    ...base,
    tools: [{ name: "f", input_schema: { type: "object" } }],
  });
  assert.ok(long > small + 90);
  assert.ok(image >= 1600);
  assert.ok(tools > small);
});

Deno.test("anthropic2openai counts Claude Code's current surface: system messages, thinking config, server blocks", async () => {
  const run = createRun(anthropic2openai);
  const withSystem = await run.request("/messages/count_tokens", {
    model: "m",
    thinking: { type: "adaptive", display: "omitted" },
    output_config: { effort: "medium" },
    context_management: { edits: [] },
    messages: [
      { role: "user", content: "Hello" },
      {
        role: "system",
        content: [{ type: "text", text: "Environment: ".repeat(50) }],
      },
      {
        role: "assistant",
        content: [{
          type: "server_tool_use",
          id: "s",
          name: "web_search",
          input: {},
        }, {
          type: "text",
          text: "ok",
        }],
      },
      { role: "user", content: "more" },
    ],
  });
  const without = await run.request("/messages/count_tokens", {
    model: "m",
    messages: [{ role: "user", content: "Hello" }, {
      role: "assistant",
      content: "ok",
    }, {
      role: "user",
      content: "more",
    }],
  });
  assert.ok("respond" in withSystem && "respond" in without);
  const count = (o: { respond: { body: unknown } }) =>
    (o.respond.body as { input_tokens: number }).input_tokens;
  assert.ok(
    count(withSystem) > count(without) + 50,
    `${count(withSystem)} vs ${count(without)}`,
  );
});
