import assert from "node:assert/strict";
import { plan } from "../../../../gateway/stages/plan.ts";
import { readBody } from "../../../../gateway/stages/read_body.ts";
import { resolve } from "../../../../gateway/stages/resolve.ts";
import { GatewayError } from "../../../../gateway/errors.ts";
import {
  downstream,
  fakeContext,
  jsonRequest,
} from "../../../_helpers/fake_context.ts";
import { makeSnapshot } from "../../../_helpers/gateway_server.ts";

async function planned(apiFormats: ("openai" | "anthropic" | "responses")[]) {
  const fake = fakeContext({
    snapshot: makeSnapshot({
      downstreams: [downstream("d", { apiFormats, outputModelIds: ["m"] })],
    }),
    request: jsonRequest("/v1/chat/completions", { model: "m" }),
  });
  await readBody(fake.ctx);
  resolve(fake.ctx);
  plan(fake.ctx);
  return fake.ctx;
}

Deno.test("plan() starts an attempt with no steps for a downstream of the client's format", async () => {
  const ctx = await planned(["openai"]);
  assert.equal(ctx.attempt.downstream.id, "d");
  assert.equal(ctx.attempt.model, "m");
  assert.equal(ctx.attempt.pipeline.steps.length, 0);
  assert.equal(ctx.draft.format_out, "openai");
  assert.deepStrictEqual(ctx.draft.plugins, []);
});

Deno.test("plan() adds the converter a downstream of another format needs", async () => {
  const ctx = await planned(["anthropic"]);
  assert.deepStrictEqual(ctx.draft.plugins, ["openai2anthropic"]);
  assert.equal(ctx.draft.format_out, "anthropic");
  assert.equal(ctx.attempt.pipeline.hasStreamTransform, true);
  assert.equal(ctx.attempt.planned.plan.formatOut, "anthropic");
});

Deno.test("plan() binds fresh plugin state per attempt", async () => {
  const ctx = await planned(["anthropic"]);
  const first = ctx.attempt;
  plan(ctx);
  assert.notEqual(ctx.attempt, first);
  assert.notEqual(ctx.attempt.pipeline.contexts[0], first.pipeline.contexts[0]);
  // Same snapshot, model and downstream: the plan itself comes from the cache.
  assert.equal(ctx.attempt.planned, first.planned);
});

Deno.test("plan() fails with not_implemented when no converter reaches the downstream", async () => {
  const fake = fakeContext({
    snapshot: makeSnapshot({
      downstreams: [
        downstream("d", { apiFormats: ["responses"], outputModelIds: ["m"] }),
      ],
    }),
    request: jsonRequest("/v1/messages/count_tokens", { model: "m" }),
  });
  await readBody(fake.ctx);
  resolve(fake.ctx);
  assert.throws(
    () => plan(fake.ctx),
    (err) => err instanceof GatewayError && err.kind === "not_implemented",
  );
});
