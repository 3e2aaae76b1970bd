import assert from "node:assert/strict";
import { send } from "../../../../gateway/stages/send.ts";
import { record } from "../../../../gateway/stages/record.ts";
import type { Alias } from "../../../../store/types.ts";
import { downstream, jsonAnswer } from "../../../_helpers/fake_context.ts";
import { prepared } from "../../../_helpers/staged_context.ts";
import { makeSnapshot } from "../../../_helpers/gateway_server.ts";

function member(id: string, downstreamId: string, active = false): Alias {
  return {
    id,
    inputModelId: "smart",
    downstreamId,
    outputModelId: `${downstreamId}-m`,
    isActive: active,
    isRegex: false,
    groupOrder: 0,
    failover: !active,
  };
}

const SNAPSHOT = makeSnapshot({
  downstreams: [
    downstream("a"),
    downstream("b", { apiFormats: ["anthropic"], baseUrl: "http://b.test" }),
  ],
  aliases: [member("smart-a", "a", true), member("smart-b", "b")],
});

function smartRequest(signal?: AbortSignal): Request {
  return new Request("http://gateway.test/v1/chat/completions", {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({
      model: "smart",
      max_tokens: 9,
      messages: [{ role: "user", content: "hi" }],
    }),
    signal,
  });
}

Deno.test("send() prepares the client's original body anew for the next member, in its format", async () => {
  const { ctx, upstream } = await prepared({
    snapshot: SNAPSHOT,
    request: smartRequest(),
    answer: (request) =>
      request.url.startsWith("http://a.test")
        ? Promise.resolve(jsonAnswer({ error: { message: "down" } }, 503))
        : Promise.resolve(jsonAnswer({ ok: true })),
  });
  const first = ctx.attempt;
  await send(ctx);
  assert.notEqual(ctx.attempt, first);
  const [a, b] = upstream.sent.map((s) => s.request);
  assert.equal(a.url, "http://a.test/v1/chat/completions");
  assert.equal(b.url, "http://b.test/v1/messages");
  const sentToB = JSON.parse(new TextDecoder().decode(b.body!));
  assert.equal(sentToB.model, "b-m");
  assert.deepStrictEqual(sentToB.messages, [{ role: "user", content: "hi" }]);
  assert.equal(ctx.draft.downstream, "b");
  assert.equal(ctx.draft.format_out, "anthropic");
  // The failed attempt's lease went back; the answering one holds its own until the end.
  assert.equal(upstream.leased(), 1);
  record(ctx, { status: 200, ttfb: null });
  assert.equal(upstream.leased(), 0);
});

Deno.test("send() stops failing over once the client has left: 499, no other member tried", async () => {
  const client = new AbortController();
  const { ctx, upstream, requestLog } = await prepared({
    snapshot: SNAPSHOT,
    request: smartRequest(client.signal),
    answer: () => {
      client.abort(new Error("client left"));
      return Promise.reject(new TypeError("connection refused"));
    },
  });
  await send(ctx);
  assert.equal(ctx.response?.status, 499);
  assert.equal(upstream.sent.length, 1);
  assert.equal(requestLog.list()[0].status, 499);
});
