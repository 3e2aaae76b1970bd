import assert from "node:assert/strict";
import { respond } from "../../../../gateway/stages/respond.ts";
import type { UpstreamResponse } from "../../../../gateway/upstream_client.ts";
import {
  downstream,
  jsonAnswer,
  jsonRequest,
} from "../../../_helpers/fake_context.ts";
import { sent } from "../../../_helpers/staged_context.ts";
import {
  loggedEntries,
  makeSnapshot,
} from "../../../_helpers/gateway_server.ts";

const ENCODER = new TextEncoder();

/** A context sent to an upstream that answers `answer`, for an OpenAI chat request. */
function answered(answer: UpstreamResponse, body: object = {}) {
  return sent({
    snapshot: makeSnapshot({
      downstreams: [
        downstream("oai", { outputModelIds: ["gpt-x"] }),
        downstream("ant", {
          apiFormats: ["anthropic"],
          outputModelIds: ["claude-x"],
        }),
      ],
    }),
    request: jsonRequest("/v1/chat/completions", {
      model: "gpt-x",
      messages: [{ role: "user", content: "hi" }],
      ...body,
    }),
    answer: () => Promise.resolve(answer),
  });
}

/** A stream body sending `chunks`, then failing with `fail` if given. */
function streamOf(chunks: string[], fail?: Error): ReadableStream<Uint8Array> {
  return new ReadableStream({
    start(controller) {
      for (const chunk of chunks) controller.enqueue(ENCODER.encode(chunk));
      if (fail) controller.error(fail);
      else controller.close();
    },
  });
}

Deno.test("respond() sends a small JSON answer as its bytes, cleaned, and records it with its usage", async () => {
  const body = { id: "c1", usage: { prompt_tokens: 3, completion_tokens: 4 } };
  const answer = jsonAnswer(body);
  const { ctx, requestLog, seen } = await answered({
    ...answer,
    headers: [...answer.headers, ["connection", "keep-alive"], ["x-up", "1"]],
  });
  await respond(ctx);
  const response = ctx.response!;
  assert.equal(response.status, 200);
  assert.equal(response.headers.get("x-up"), "1");
  assert.equal(response.headers.get("connection"), null);
  assert.equal(response.headers.get("x-tresor-request-id"), ctx.draft.id);
  assert.deepStrictEqual(await response.json(), body);
  const [entry] = requestLog.list();
  assert.equal(entry.status, 200);
  assert.equal(entry.input_tokens, 3);
  assert.equal(entry.output_tokens, 4);
  assert.equal(entry.streamed, false);
  assert.deepStrictEqual(seen.recorded.map((r) => r.entry), [entry]);
  assert.deepStrictEqual(
    seen.bodies.filter((b) => b.kind === "upstream").map((b) => b.text),
    [JSON.stringify(body)],
  );
});

Deno.test("respond() turns an upstream HTML error page into the client format's JSON error, keeping status and retry-after", async () => {
  const { ctx, requestLog } = await answered({
    status: 503,
    headers: [["content-type", "text/html"], ["retry-after", "7"]],
    body: streamOf(["<html>down for maintenance</html>"]),
    freshChunks: true,
  });
  await respond(ctx);
  const response = ctx.response!;
  assert.equal(response.status, 503);
  assert.equal(response.headers.get("retry-after"), "7");
  const error = (await response.json()).error;
  assert.match(error.message, /down for maintenance/);
  assert.equal(requestLog.list()[0].error, "Upstream returned status 503");
});

Deno.test("respond() streams an event stream and records it only when the body has ended", async () => {
  const events = [
    'data: {"choices":[{"delta":{"content":"a"}}]}\n\n',
    'data: {"choices":[],"usage":{"prompt_tokens":1,"completion_tokens":2}}\n\n',
    "data: [DONE]\n\n",
  ];
  const { ctx, requestLog, seen } = await answered({
    status: 200,
    headers: [["content-type", "text/event-stream"]],
    body: streamOf(events),
    freshChunks: true,
  }, { stream: true });
  await respond(ctx);
  assert.equal(requestLog.list().length, 0);
  assert.equal(await ctx.response!.text(), events.join(""));
  // The entry is added on the turn after the body ended (usage is read off the client's path).
  const [entry] = await loggedEntries(requestLog);
  assert.equal(entry.streamed, true);
  assert.equal(entry.output_tokens, 2);
  const returned = seen.bodies.filter((b) => b.kind === "returned");
  assert.equal(returned.map((b) => b.text).join(""), events.join(""));
});

Deno.test("respond() answers 502 in the client's format when the body breaks before its first byte", async () => {
  const { ctx, requestLog } = await answered({
    status: 200,
    headers: [["content-type", "text/event-stream"]],
    body: streamOf([], new Error("connection reset")),
    freshChunks: true,
  }, { stream: true });
  await respond(ctx);
  assert.equal(ctx.response!.status, 502);
  assert.equal((await ctx.response!.json()).error.type, "api_error");
  assert.match(requestLog.list()[0].error ?? "", /broke off/);
});

Deno.test("respond() translates a whole answer through the converter for a downstream of another format", async () => {
  const { ctx } = await answered(
    jsonAnswer({
      id: "msg_1",
      type: "message",
      role: "assistant",
      model: "claude-x",
      content: [{ type: "text", text: "hello" }],
      stop_reason: "end_turn",
      usage: { input_tokens: 5, output_tokens: 6 },
    }),
    { model: "claude-x" },
  );
  await respond(ctx);
  const body = await ctx.response!.json();
  assert.equal(body.object, "chat.completion");
  assert.equal(body.choices[0].message.content, "hello");
  assert.equal(body.usage.completion_tokens, 6);
});
