/** What `openai2anthropic` rejects (a 400 naming the parameter), drops and logs. */
import assert from "node:assert/strict";
import { PluginError } from "../../../../plugins/errors.ts";
import { openai2anthropic } from "../../../../plugins/openai2anthropic/mod.ts";
import { parseChatCompletionRequest } from "../../../../plugins/protocol/openai/parse_request.ts";
import { toAnthropicRequest } from "../../../../plugins/openai2anthropic/to_anthropic_request.ts";
import {
  createRecordingLog,
  createRun,
  forwarded,
} from "../../../_helpers/converter_run.ts";

const USER = { role: "user", content: "hi" };

interface RejectCase {
  name: string;
  input: Record<string, unknown>;
  param: string;
}

const REJECT_CASES: RejectCase[] = [
  { name: "n > 1", input: { model: "m", messages: [USER], n: 2 }, param: "n" },
  {
    name: "logprobs",
    input: { model: "m", messages: [USER], logprobs: true },
    param: "logprobs",
  },
  {
    name: "top_logprobs",
    input: { model: "m", messages: [USER], top_logprobs: 2 },
    param: "top_logprobs",
  },
  {
    name: "audio output",
    input: { model: "m", messages: [USER], audio: { voice: "x" } },
    param: "audio",
  },
  {
    name: "audio modality",
    input: { model: "m", messages: [USER], modalities: ["text", "audio"] },
    param: "modalities",
  },
  {
    name: "audio input",
    input: {
      model: "m",
      messages: [{
        role: "user",
        content: [{
          type: "input_audio",
          input_audio: { data: "x", format: "wav" },
        }],
      }],
    },
    param: "messages[0].content[0]",
  },
  {
    name: "invalid tool arguments",
    input: {
      model: "m",
      messages: [USER, {
        role: "assistant",
        tool_calls: [{
          id: "c",
          type: "function",
          function: { name: "f", arguments: "{oops" },
        }],
      }, { role: "tool", tool_call_id: "c", content: "r" }],
    },
    param: "messages[1].tool_calls[0].function.arguments",
  },
  {
    name: "a tool message answering no call",
    input: {
      model: "m",
      messages: [USER, { role: "tool", tool_call_id: "zz", content: "r" }],
    },
    param: "messages[1].tool_call_id",
  },
  {
    name: "a tool call left unanswered",
    input: {
      model: "m",
      messages: [USER, {
        role: "assistant",
        tool_calls: [{
          id: "c",
          type: "function",
          function: { name: "f", arguments: "{}" },
        }],
      }, USER],
    },
    param: "messages[1].tool_calls",
  },
  {
    name: "an ftp image URL",
    input: {
      model: "m",
      messages: [{
        role: "user",
        content: [{ type: "image_url", image_url: { url: "ftp://x" } }],
      }],
    },
    param: "messages[0].content[0].image_url.url",
  },
  {
    name: "only system messages",
    input: { model: "m", messages: [{ role: "system", content: "s" }] },
    param: "messages",
  },
  {
    name: "a bad role",
    input: { model: "m", messages: [{ role: "robot", content: "s" }] },
    param: "messages[0].role",
  },
  { name: "a missing model", input: { messages: [USER] }, param: "model" },
];

for (const c of REJECT_CASES) {
  Deno.test(`toAnthropicRequest() rejects ${c.name} naming ${c.param}`, () => {
    assert.throws(
      () => toAnthropicRequest(parseChatCompletionRequest(c.input)),
      (err: unknown) =>
        err instanceof PluginError && err.param === c.param &&
        err.kind === "invalid_request",
    );
  });
}

Deno.test("toAnthropicRequest() logs the temperature clamp at info", () => {
  const log = createRecordingLog();
  toAnthropicRequest(
    parseChatCompletionRequest({
      model: "m",
      messages: [USER],
      temperature: 2,
    }),
    { warnings: log },
  );
  assert.ok(
    log.lines.some((l) =>
      l.level === "info" && l.message.includes("temperature")
    ),
  );
});

Deno.test("openai2anthropic drops ignorable fields with a debug log and rewrites the path", async () => {
  const run = createRun(openai2anthropic);
  const req = forwarded(
    await run.request("/chat/completions", {
      model: "m",
      messages: [USER],
      seed: 1,
      presence_penalty: 1,
    }, "?x=1"),
  );
  assert.equal(req.path, "/messages");
  assert.equal(req.query, "");
  assert.equal(req.body.seed, undefined);
  assert.deepStrictEqual(
    run.log.lines.find((l) => l.level === "debug")?.fields,
    { dropped: ["seed", "presence_penalty"] },
  );
});
