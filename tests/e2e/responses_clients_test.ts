/**
 * [e2e] The official OpenAI SDK's Responses API through the running gateway against an
 * Anthropic mock (`responses2anthropic`) and a chat-only OpenAI mock (`responses2chat`): text,
 * images, function calls streamed over many deltas, function call outputs on the next turn (via
 * `previous_response_id` and via full input), max-token truncation, usage, stored responses,
 * and a Codex-CLI-shaped request.
 */
import assert from "node:assert/strict";
import OpenAI from "openai";
import { parseSseText } from "../_helpers/golden.ts";
import {
  jsonReply,
  setupResponses as setup,
  streamReply,
  TARGETS,
  upstreamCalls,
  upstreamResults,
} from "../_helpers/responses_rig.ts";

const IMAGE = "data:image/png;base64,iVBORw0KGgo=";

for (const target of TARGETS) {
  Deno.test(`[e2e] responses.create against a ${target} downstream: text, image, instructions, usage, retrieve`, async () => {
    await using s = setup(target);
    s.mock.handler = () => jsonReply(target, "A red dot — süß.", "stop");
    const res = await s.client.responses.create({
      model: "model-x",
      instructions: "Be terse.",
      input: [{
        role: "user",
        content: [
          { type: "input_text", text: "What is this?" },
          { type: "input_image", image_url: IMAGE, detail: "auto" },
        ],
      }],
      max_output_tokens: 200,
    });
    assert.equal(res.status, "completed");
    assert.equal(res.output_text, "A red dot — süß.");
    assert.match(res.id, /^resp_/);
    assert.match(res.output[0].id ?? "", /^msg_/);
    assert.equal(res.usage?.input_tokens, 24);
    assert.equal(res.usage?.output_tokens, 9);
    assert.equal(res.usage?.total_tokens, 33);
    assert.equal(res.usage?.input_tokens_details?.cached_tokens, 4);
    if (target === "chat") {
      assert.equal(res.usage?.output_tokens_details?.reasoning_tokens, 2);
    }

    const sent = s.mock.requests[0];
    if (target === "anthropic") {
      assert.equal(sent.path, "/v1/messages");
      assert.equal(sent.body?.system, "Be terse.");
      assert.equal(sent.body?.max_tokens, 200);
      assert.deepStrictEqual(sent.body?.messages, [{
        role: "user",
        content: [
          { type: "text", text: "What is this?" },
          {
            type: "image",
            source: {
              type: "base64",
              media_type: "image/png",
              data: "iVBORw0KGgo=",
            },
          },
        ],
      }]);
    } else {
      assert.equal(sent.path, "/v1/chat/completions");
      assert.deepStrictEqual(sent.body?.messages, [
        { role: "system", content: "Be terse." },
        {
          role: "user",
          content: [
            { type: "text", text: "What is this?" },
            { type: "image_url", image_url: { url: IMAGE, detail: "auto" } },
          ],
        },
      ]);
    }

    const again = await s.client.responses.retrieve(res.id);
    assert.equal(again.id, res.id);
    assert.equal(again.output_text, "A red dot — süß.");
  });

  Deno.test(`[e2e] responses.stream().finalResponse() against a ${target} downstream: streamed text`, async () => {
    await using s = setup(target);
    s.mock.handler = () =>
      streamReply(target, [{ text: ["Hel", "lo ", "wörld 🌍"] }], "stop");
    const deltas: string[] = [];
    const stream = s.client.responses.stream({
      model: "model-x",
      input: "Say hello",
    });
    stream.on("response.output_text.delta", (e) => deltas.push(e.delta));
    const res = await stream.finalResponse();
    assert.equal(res.status, "completed");
    assert.equal(res.output_text, "Hello wörld 🌍");
    assert.deepStrictEqual(deltas, ["Hel", "lo ", "wörld 🌍"]);
    assert.ok(res.usage && res.usage.output_tokens === 9);
    assert.equal(s.mock.requests[0].body?.stream, true);
  });

  Deno.test(`[e2e] function calls against a ${target} downstream: arguments over many deltas, outputs via previous_response_id and via full input`, async () => {
    await using s = setup(target);
    const tools = [{
      type: "function" as const,
      name: "get_weather",
      description: "Weather for a city",
      parameters: {
        type: "object",
        properties: { city: { type: "string" } },
        required: ["city"],
      },
      strict: false,
    }];
    s.mock.handler = () =>
      streamReply(target, [
        { text: ["Checking."] },
        {
          tool: "get_weather",
          id: "toolu_1",
          json: ['{"ci', 'ty":', ' "Pa', "ris", '"}'],
        },
      ], "tools");
    const first = await s.client.responses.stream({
      model: "model-x",
      input: "Weather in Paris?",
      tools,
    }).finalResponse();
    const call = first.output.find((o) => o.type === "function_call");
    assert.ok(call && call.type === "function_call");
    assert.equal(call.name, "get_weather");
    assert.equal(call.call_id, "toolu_1");
    assert.deepStrictEqual(JSON.parse(call.arguments), { city: "Paris" });
    assert.match(call.id ?? "", /^fc_/);

    s.mock.handler = () => jsonReply(target, "Sunny in Paris.", "stop");
    const second = await s.client.responses.create({
      model: "model-x",
      previous_response_id: first.id,
      input: [{
        type: "function_call_output",
        call_id: call.call_id,
        output: "sunny, 24°C",
      }],
      tools,
    });
    assert.equal(second.output_text, "Sunny in Paris.");
    const viaPrevious = s.mock.requests[1];
    assert.deepStrictEqual(upstreamCalls(target, viaPrevious), [[
      "toolu_1",
      "get_weather",
      { city: "Paris" },
    ]]);
    assert.deepStrictEqual(upstreamResults(target, viaPrevious), [[
      "toolu_1",
      "sunny, 24°C",
    ]]);

    // The same turn with the whole conversation in `input` (store: false, as Codex sends it).
    await s.client.responses.create({
      model: "model-x",
      store: false,
      input: [
        { role: "user", content: "Weather in Paris?" },
        ...first.output.flatMap((
          item,
        ): OpenAI.Responses.ResponseInputItem[] =>
          item.type === "message" || item.type === "function_call" ? [item] : []
        ),
        {
          type: "function_call_output",
          call_id: call.call_id,
          output: "sunny, 24°C",
        },
      ],
      tools,
    });
    const viaInput = s.mock.requests[2];
    assert.deepStrictEqual(viaInput.body?.messages, viaPrevious.body?.messages);
  });

  Deno.test(`[e2e] max-token truncation against a ${target} downstream: incomplete with reason`, async () => {
    await using s = setup(target);
    s.mock.handler = () => jsonReply(target, "Once upon a", "length");
    const res = await s.client.responses.create({
      model: "model-x",
      input: "Tell a story",
      max_output_tokens: 3,
    });
    assert.equal(res.status, "incomplete");
    assert.deepStrictEqual(res.incomplete_details, {
      reason: "max_output_tokens",
    });
    assert.equal(res.output_text, "Once upon a");

    s.mock.handler = () =>
      streamReply(target, [{ text: ["Once", " upon"] }], "length");
    const streamed = await s.client.responses.stream({
      model: "model-x",
      input: "Tell a story",
      max_output_tokens: 3,
    }).finalResponse();
    assert.equal(streamed.status, "incomplete");
    assert.deepStrictEqual(streamed.incomplete_details, {
      reason: "max_output_tokens",
    });
    assert.equal(streamed.output_text, "Once upon");
  });

  Deno.test(`[e2e] an unknown previous_response_id against a ${target} downstream is a 404 in OpenAI's shape`, async () => {
    await using s = setup(target);
    await assert.rejects(
      () =>
        s.client.responses.create({
          model: "model-x",
          previous_response_id: "resp_missing",
          input: "hi",
        }),
      (err: unknown) =>
        err instanceof OpenAI.NotFoundError &&
        err.code === "previous_response_not_found" &&
        err.param === "previous_response_id",
    );
    await assert.rejects(
      () => s.client.responses.retrieve("resp_missing"),
      (err: unknown) => err instanceof OpenAI.NotFoundError,
    );
    assert.equal(s.mock.requests.length, 0);
  });

  Deno.test(`[e2e] a Codex-CLI-shaped request against a ${target} downstream streams a complete response`, async () => {
    await using s = setup(target);
    const body = JSON.parse(
      await Deno.readTextFile(
        new URL(
          `../golden/fixtures/responses2${target}/codex/request.json`,
          import.meta.url,
        ),
      ),
    );
    s.mock.handler = () =>
      streamReply(target, [
        { text: ["I'll list the files."] },
        { tool: "shell", id: "call_ls", json: ['{"command":', '["ls"]}'] },
      ], "tools");
    const res = await fetch(`${s.url}/v1/responses`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ ...body, model: "model-x" }),
    });
    assert.equal(res.status, 200);
    const events = parseSseText(await res.text()).map((e) =>
      JSON.parse(e.data)
    );
    assert.deepStrictEqual(
      events.map((e) => e.sequence_number),
      events.map((_, i) => i),
    );
    assert.equal(events[0].type, "response.created");
    const last = events.at(-1);
    assert.equal(last.type, "response.completed");
    assert.equal(last.response.store, false);
    const call = last.response.output.find((
      o: { type: string },
    ) => o.type === "function_call");
    assert.deepStrictEqual(JSON.parse(call.arguments), { command: ["ls"] });
    const sent = s.mock.requests[0].body ?? {};
    assert.equal(sent.stream, true);
    assert.equal((sent.tools as unknown[]).length, body.tools.length);
    // store: false → not retrievable.
    await assert.rejects(
      () => s.client.responses.retrieve(last.response.id),
      (err: unknown) => err instanceof OpenAI.NotFoundError,
    );
  });
}
