import assert from "node:assert/strict";
import { resolve } from "../../../../gateway/stages/resolve.ts";
import { readBody } from "../../../../gateway/stages/read_body.ts";
import { GatewayError } from "../../../../gateway/errors.ts";
import {
  downstream,
  fakeContext,
  jsonRequest,
} from "../../../_helpers/fake_context.ts";
import { makeSnapshot } from "../../../_helpers/gateway_server.ts";

const SNAPSHOT = makeSnapshot({
  downstreams: [
    downstream("oai", { outputModelIds: ["gpt-x"] }),
    downstream("ant", { apiFormats: ["anthropic"] }),
  ],
  aliases: [{
    id: "fast",
    inputModelId: "fast",
    downstreamId: "ant",
    outputModelId: "claude-x",
    isActive: true,
    isRegex: false,
    groupOrder: 0,
    failover: false,
  }],
});

async function resolved(model: string) {
  const fake = fakeContext({
    snapshot: SNAPSHOT,
    request: jsonRequest("/v1/chat/completions", { model }),
  });
  await readBody(fake.ctx);
  resolve(fake.ctx);
  return fake.ctx;
}

Deno.test("resolve() routes a model an alias renames to the alias's downstream", async () => {
  const ctx = await resolved("fast");
  assert.equal(ctx.target.downstream.id, "ant");
  assert.equal(ctx.target.model, "claude-x");
  assert.equal(ctx.draft.alias, "fast");
  assert.equal(ctx.draft.downstream, "ant");
  assert.equal(ctx.draft.model_forwarded, "claude-x");
});

Deno.test("resolve() routes a model a downstream lists to it, unrenamed", async () => {
  const ctx = await resolved("gpt-x");
  assert.equal(ctx.target.downstream.id, "oai");
  assert.equal(ctx.target.model, "gpt-x");
  assert.equal(ctx.draft.alias, null);
});

Deno.test("resolve() refuses a model nothing serves with model_not_found", async () => {
  await assert.rejects(
    resolved("nobody-serves-this"),
    (err) =>
      err instanceof GatewayError && err.kind === "model_not_found" &&
      err.message.includes('"nobody-serves-this"'),
  );
});
