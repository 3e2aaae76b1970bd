import assert from "node:assert/strict";
import { respond } from "../../../../gateway/stages/respond.ts";
import type { UpstreamResponse } from "../../../../gateway/upstream_client.ts";
import { downstream, jsonRequest } from "../../../_helpers/fake_context.ts";
import { sent } from "../../../_helpers/staged_context.ts";
import {
  loggedEntries,
  makeSnapshot,
} from "../../../_helpers/gateway_server.ts";

const ENCODER = new TextEncoder();

/** An event stream sending `chunks` (then failing with `fail`), pulled one chunk at a time. */
function eventStream(chunks: string[], fail?: Error): UpstreamResponse {
  let i = 0;
  return {
    status: 200,
    headers: [["content-type", "text/event-stream"]],
    body: new ReadableStream({
      pull(controller) {
        if (i < chunks.length) controller.enqueue(ENCODER.encode(chunks[i++]));
        else if (fail) controller.error(fail);
        else controller.close();
      },
    }),
    freshChunks: true,
  };
}

/** A streaming chat request sent to `downstreamFormat`, answered with `answer`. */
function streaming(
  answer: UpstreamResponse,
  downstreamFormat: "openai" | "anthropic" = "openai",
) {
  return sent({
    snapshot: makeSnapshot({
      downstreams: [
        downstream("d", {
          apiFormats: [downstreamFormat],
          outputModelIds: ["m"],
        }),
      ],
    }),
    request: jsonRequest("/v1/chat/completions", {
      model: "m",
      stream: true,
      messages: [{ role: "user", content: "hi" }],
    }),
    answer: () => Promise.resolve(answer),
  });
}

Deno.test("respondStream() ends a passthrough stream cut after its first byte with the client format's error event", async () => {
  const { ctx, requestLog } = await streaming(
    eventStream(['data: {"choices":[]}\n\ndata: {"cho'], new Error("reset")),
  );
  await respond(ctx);
  assert.equal(ctx.response!.status, 200);
  const text = await ctx.response!.text();
  assert.ok(text.startsWith('data: {"choices":[]}\n\ndata: {"cho\n\n'));
  assert.match(text, /"error"/);
  assert.ok(text.endsWith("data: [DONE]\n\n"));
  const [entry] = await loggedEntries(requestLog);
  assert.equal(entry.level, "error");
  assert.equal(entry.status, 200);
});

Deno.test("respondStream() translates an Anthropic stream for an OpenAI client, event by event", async () => {
  const events = [
    'event: message_start\ndata: {"type":"message_start","message":{"id":"msg_1","model":"m","usage":{"input_tokens":3}}}\n\n',
    'event: content_block_start\ndata: {"type":"content_block_start","index":0,"content_block":{"type":"text","text":""}}\n\n',
    'event: content_block_delta\ndata: {"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"hello"}}\n\n',
    'event: content_block_stop\ndata: {"type":"content_block_stop","index":0}\n\n',
    'event: message_delta\ndata: {"type":"message_delta","delta":{"stop_reason":"end_turn"},"usage":{"output_tokens":2}}\n\n',
    'event: message_stop\ndata: {"type":"message_stop"}\n\n',
  ];
  const { ctx, seen } = await streaming(eventStream(events), "anthropic");
  await respond(ctx);
  assert.equal(
    ctx.response!.headers.get("content-type"),
    "text/event-stream; charset=utf-8",
  );
  const text = await ctx.response!.text();
  assert.match(text, /"content":"hello"/);
  assert.ok(text.endsWith("data: [DONE]\n\n"));
  // The observer sees what the upstream sent and what the client got, each whole.
  const of = (kind: string) =>
    seen.bodies.filter((b) => b.kind === kind).map((b) => b.text).join("");
  assert.equal(of("upstream"), events.join(""));
  assert.equal(of("returned"), text);
});

Deno.test("respondStream() records a stream the client cancels as closed by the client", async () => {
  const { ctx, requestLog } = await streaming(
    eventStream(['data: {"choices":[]}\n\n', 'data: {"choices":[]}\n\n']),
  );
  await respond(ctx);
  const reader = ctx.response!.body!.getReader();
  await reader.read();
  await reader.cancel();
  const [entry] = await loggedEntries(requestLog);
  assert.equal(entry.error, "Client closed request");
  assert.equal(ctx.attempt.abort.signal.aborted, true);
});
