import assert from "node:assert/strict";
import { prepare } from "../../../../gateway/stages/prepare.ts";
import { plan } from "../../../../gateway/stages/plan.ts";
import { readBody } from "../../../../gateway/stages/read_body.ts";
import { resolve } from "../../../../gateway/stages/resolve.ts";
import type { RequestContext } from "../../../../gateway/request_context.ts";
import {
  downstream,
  fakeContext,
  jsonRequest,
} from "../../../_helpers/fake_context.ts";
import { makeSnapshot } from "../../../_helpers/gateway_server.ts";

const DECODER = new TextDecoder();
const OAI = downstream("oai", { outputModelIds: ["gpt-x"] });
const ANT = downstream("ant", {
  apiFormats: ["anthropic"],
  baseUrl: "http://ant.test",
  outputModelIds: ["claude-x"],
});

/** A context through read body, resolve and plan, for `body` sent to `path`. */
async function planned(
  body: Record<string, unknown>,
  options: { path?: string; headers?: Record<string, string> } = {},
) {
  const fake = fakeContext({
    snapshot: makeSnapshot({ downstreams: [OAI, ANT] }),
    request: jsonRequest(
      options.path ?? "/v1/chat/completions?x=1",
      body,
      options.headers,
    ),
  });
  await readBody(fake.ctx);
  resolve(fake.ctx);
  plan(fake.ctx);
  return fake;
}

function fieldsOf(ctx: RequestContext): Record<string, string> {
  return Object.fromEntries(ctx.attempt.request.headers);
}

Deno.test("prepare() forwards an unchanged body as the client's own bytes, with the downstream's key", async () => {
  const { ctx, seen } = await planned({ model: "gpt-x", messages: [] }, {
    headers: { authorization: "Bearer client", "x-team": "r" },
  });
  await prepare(ctx);
  const request = ctx.attempt.request;
  assert.equal(request.url, "http://oai.test/v1/chat/completions?x=1");
  assert.equal(request.method, "POST");
  assert.equal(request.body, ctx.body.bytes);
  assert.deepStrictEqual(fieldsOf(ctx), {
    "content-type": "application/json",
    "x-team": "r",
    authorization: "Bearer key-oai",
  });
  assert.deepStrictEqual(seen.bodies.map((b) => b.kind), [
    "received",
    "forwarded",
  ]);
});

Deno.test("prepare() translates for a downstream of another format and re-serialises the body", async () => {
  const { ctx } = await planned({
    model: "claude-x",
    messages: [{ role: "user", content: "hi" }],
  });
  await prepare(ctx);
  const request = ctx.attempt.request;
  assert.equal(request.url, "http://ant.test/v1/messages");
  const sent = JSON.parse(DECODER.decode(request.body!));
  assert.equal(sent.model, "claude-x");
  assert.deepStrictEqual(sent.messages, [{ role: "user", content: "hi" }]);
  assert.equal(fieldsOf(ctx)["x-api-key"], "key-ant");
  assert.equal(fieldsOf(ctx)["anthropic-version"], "2023-06-01");
  assert.equal(fieldsOf(ctx)["content-type"], "application/json");
});

Deno.test("prepare() answers for a plugin that responds by itself, and records the request", async () => {
  // count_tokens to an OpenAI-format downstream is answered locally by the converter.
  const { ctx, requestLog, upstream } = await planned(
    { model: "gpt-x", messages: [{ role: "user", content: "hello" }] },
    { path: "/v1/messages/count_tokens" },
  );
  await prepare(ctx);
  assert.ok(ctx.response);
  assert.equal(ctx.response.status, 200);
  assert.ok(typeof (await ctx.response.json()).input_tokens === "number");
  assert.equal(requestLog.list().length, 1);
  assert.equal(upstream.sent.length, 0);
});

Deno.test("prepare() prepares the same request again for another downstream (the failover seam)", async () => {
  const messages = [{ role: "user", content: "hi" }];
  const { ctx } = await planned({ model: "gpt-x", messages });
  await prepare(ctx);
  const first = ctx.attempt.request;
  const bytes = ctx.body.bytes;
  // Failover: another member of the group, planned and prepared from the same context.
  ctx.target = { downstream: ANT, model: "claude-x" };
  plan(ctx);
  await prepare(ctx);
  const second = ctx.attempt.request;
  assert.equal(first.url, "http://oai.test/v1/chat/completions?x=1");
  assert.equal(second.url, "http://ant.test/v1/messages");
  assert.equal(JSON.parse(DECODER.decode(second.body!)).model, "claude-x");
  assert.equal(fieldsOf(ctx)["x-api-key"], "key-ant");
  // The client's body and the first attempt's request are untouched.
  assert.equal(ctx.body.bytes, bytes);
  assert.equal(first.body, bytes);
  assert.deepStrictEqual(ctx.body.json, { model: "gpt-x", messages });
});
