import assert from "node:assert/strict";
import { send } from "../../../../gateway/stages/send.ts";
import { record } from "../../../../gateway/stages/record.ts";
import { GatewayError } from "../../../../gateway/errors.ts";
import { jsonAnswer, jsonRequest } from "../../../_helpers/fake_context.ts";
import { prepared } from "../../../_helpers/staged_context.ts";
import { makeSnapshot } from "../../../_helpers/gateway_server.ts";
import { downstream } from "../../../_helpers/fake_context.ts";

const BODY = { model: "gpt-x", messages: [] };

Deno.test("send() sends the prepared request with the attempt's signal and holds the lease until the record stage", async () => {
  const client = new AbortController();
  const { ctx, upstream } = await prepared({
    request: new Request("http://gateway.test/v1/chat/completions", {
      method: "POST",
      body: JSON.stringify(BODY),
      signal: client.signal,
    }),
    answer: () => Promise.resolve(jsonAnswer({ ok: true })),
  });
  await send(ctx);
  assert.equal(upstream.sent.length, 1);
  assert.equal(upstream.sent[0].request, ctx.attempt.request);
  assert.equal(upstream.sent[0].signal, ctx.attempt.abort.signal);
  assert.equal(ctx.attempt.upstream.status, 200);
  assert.equal(typeof ctx.timings.upstreamHead, "number");
  assert.equal(upstream.leased(), 1);
  // The client leaving aborts the upstream call while the request is in flight.
  client.abort(new Error("client left"));
  assert.equal(ctx.attempt.abort.signal.aborted, true);
  record(ctx, { status: 499, ttfb: null });
  assert.equal(upstream.leased(), 0);
});

Deno.test("send() turns a failure to connect into upstream_unreachable (502) naming the downstream", async () => {
  const { ctx, logLines } = await prepared({
    request: jsonRequest("/v1/chat/completions", BODY),
    answer: () => Promise.reject(new TypeError("connection refused")),
  });
  await assert.rejects(
    send(ctx),
    (err) =>
      err instanceof GatewayError && err.kind === "upstream_unreachable" &&
      err.message === 'Cannot reach downstream "oai"',
  );
  assert.ok(logLines.some((l) => l.includes("Cannot reach downstream")));
});

Deno.test("send() aborts an upstream silent past upstream_connect_timeout_ms: upstream_timeout (504)", async () => {
  const { ctx } = await prepared({
    snapshot: makeSnapshot({
      settings: { upstreamConnectTimeoutMs: 5 },
      downstreams: [downstream("oai", { outputModelIds: ["gpt-x"] })],
    }),
    request: jsonRequest("/v1/chat/completions", BODY),
    // Never answers; fails only when the gateway aborts the call.
    answer: (_request, signal) =>
      new Promise((_, reject) =>
        signal?.addEventListener("abort", () => reject(signal.reason))
      ),
  });
  await assert.rejects(
    send(ctx),
    (err) => err instanceof GatewayError && err.kind === "upstream_timeout",
  );
  record(ctx, { status: 504, ttfb: null });
  ctx.services.deadlines.close();
});

Deno.test("send() answers 499 when the client left before the upstream answered", async () => {
  const client = new AbortController();
  const { ctx, requestLog } = await prepared({
    request: new Request("http://gateway.test/v1/chat/completions", {
      method: "POST",
      body: JSON.stringify(BODY),
      signal: client.signal,
    }),
    answer: (_request, signal) =>
      signal?.aborted
        ? Promise.reject(signal.reason)
        : Promise.reject(new Error("the client's abort must reach the call")),
  });
  client.abort();
  await send(ctx);
  assert.equal(ctx.response?.status, 499);
  assert.equal(requestLog.list()[0].error, "Client closed request");
});
