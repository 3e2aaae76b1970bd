import assert from "node:assert/strict";
import { readBody } from "../../../../gateway/stages/read_body.ts";
import { GatewayError } from "../../../../gateway/errors.ts";
import { fakeContext, jsonRequest } from "../../../_helpers/fake_context.ts";
import { makeSnapshot } from "../../../_helpers/gateway_server.ts";

Deno.test("readBody() keeps the client's bytes, the parsed body, its model and stream flag", async () => {
  const body = { model: "gpt-x", stream: true, messages: [] };
  const { ctx, seen } = fakeContext({
    request: jsonRequest("/v1/chat/completions", body),
  });
  await readBody(ctx);
  assert.equal(new TextDecoder().decode(ctx.body.bytes), JSON.stringify(body));
  assert.deepStrictEqual(ctx.body.json, body);
  assert.equal(ctx.body.model, "gpt-x");
  assert.equal(ctx.body.stream, true);
  assert.equal(ctx.draft.model_requested, "gpt-x");
  assert.equal(ctx.draft.streamed, true);
  assert.deepStrictEqual(seen.bodies, [{
    kind: "received",
    text: JSON.stringify(body),
  }]);
});

interface RefusalCase {
  name: string;
  body: string;
  kind: string;
  message: RegExp;
  maxBodyBytes?: number;
}

const REFUSALS: RefusalCase[] = [
  {
    name: "a body without a model",
    body: '{"messages":[]}',
    kind: "invalid_request",
    message: /no "model" string/,
  },
  {
    name: "an empty model",
    body: '{"model":""}',
    kind: "invalid_request",
    message: /no "model" string/,
  },
  {
    name: "a model name over 256 characters",
    body: JSON.stringify({ model: "m".repeat(257) }),
    kind: "invalid_request",
    message: /longer than 256 characters/,
  },
  {
    name: "a body that is not a JSON object",
    body: "[1,2]",
    kind: "invalid_request",
    message: /expected a JSON object/,
  },
  {
    name: "a body over max_body_bytes",
    body: JSON.stringify({ model: "m", pad: "x".repeat(100) }),
    kind: "payload_too_large",
    message: /larger than 64 bytes/,
    maxBodyBytes: 64,
  },
];

for (const c of REFUSALS) {
  Deno.test(`readBody() refuses ${c.name}`, async () => {
    const { ctx } = fakeContext({
      snapshot: makeSnapshot({
        settings: { maxBodyBytes: c.maxBodyBytes ?? 1024 },
      }),
      request: new Request("http://gateway.test/v1/chat/completions", {
        method: "POST",
        body: c.body,
      }),
    });
    await assert.rejects(
      readBody(ctx),
      (err) =>
        err instanceof GatewayError && err.kind === c.kind &&
        c.message.test(err.message),
    );
    assert.throws(() => ctx.body, TypeError);
  });
}
