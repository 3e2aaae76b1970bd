import assert from "node:assert/strict";
import { authenticate } from "../../../../gateway/stages/authenticate.ts";
import { GatewayError } from "../../../../gateway/errors.ts";
import { fakeContext, jsonRequest } from "../../../_helpers/fake_context.ts";
import { makeSnapshot } from "../../../_helpers/gateway_server.ts";

const LOCKED = makeSnapshot({
  settings: {
    proxyApiKeys: ["sk-proxy", { name: "laptop-agent", key: "sk-named-456" }],
  },
});

Deno.test("authenticate() lets any request through an open gateway, with no key name", async () => {
  const { ctx } = fakeContext({ request: jsonRequest("/v1/messages", {}) });
  await authenticate(ctx);
  assert.equal(ctx.response, undefined);
  assert.equal(ctx.draft.key_name, null);
  await ctx.req.body?.cancel();
});

Deno.test("authenticate() records the accepted key's name on the draft, never the key", async () => {
  const cases: [Record<string, string>, string][] = [
    [{ authorization: "Bearer sk-named-456" }, "laptop-agent"],
    [{ "x-api-key": "sk-proxy" }, "***"],
  ];
  for (const [headers, name] of cases) {
    const { ctx } = fakeContext({
      snapshot: LOCKED,
      request: jsonRequest("/v1/messages", {}, headers),
    });
    await authenticate(ctx);
    assert.equal(ctx.draft.key_name, name);
    await ctx.req.body?.cancel();
  }
});

Deno.test("authenticate() accepts a proxy key as Bearer or x-api-key", async () => {
  const accepted: Record<string, string>[] = [
    { authorization: "Bearer sk-proxy" },
    { "x-api-key": "sk-proxy" },
  ];
  for (const headers of accepted) {
    const { ctx } = fakeContext({
      snapshot: LOCKED,
      request: jsonRequest("/v1/messages", {}, headers),
    });
    await authenticate(ctx);
    await ctx.req.body?.cancel();
  }
});

Deno.test("authenticate() refuses a missing or wrong key and discards the body unread", async () => {
  for (
    const [headers, message] of [
      [{}, /Missing API key/],
      [{ authorization: "Bearer nope" }, /Invalid API key/],
    ] as const
  ) {
    const { ctx } = fakeContext({
      snapshot: LOCKED,
      request: jsonRequest("/v1/messages", { model: "m" }, headers),
    });
    await assert.rejects(
      async () => await authenticate(ctx),
      (err: unknown) =>
        err instanceof GatewayError && err.kind === "authentication" &&
        message.test(err.message),
    );
    assert.equal(ctx.req.bodyUsed, true);
  }
});
