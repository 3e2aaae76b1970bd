import assert from "node:assert/strict";
import { record } from "../../../../gateway/stages/record.ts";
import { jsonAnswer, jsonRequest } from "../../../_helpers/fake_context.ts";
import { sent } from "../../../_helpers/staged_context.ts";

Deno.test("record() releases the attempt, adds one log entry and tells the observer, once", async () => {
  const { ctx, requestLog, seen, upstream } = await sent({
    request: jsonRequest("/v1/chat/completions", { model: "gpt-x" }),
    answer: () => Promise.resolve(jsonAnswer({})),
  });
  assert.equal(upstream.leased(), 1);
  const ttfb = ctx.timings.start + 5;
  record(ctx, { status: 200, ttfb, usage: { input_tokens: 9 } });
  record(ctx, {
    status: 500,
    ttfb: null,
    failure: { error: "a second end", errorKind: "internal" },
  });
  assert.equal(upstream.leased(), 0);
  const entries = requestLog.list();
  assert.equal(entries.length, 1);
  assert.equal(entries[0].status, 200);
  assert.equal(entries[0].ttfb_ms, 5);
  assert.equal(entries[0].model_requested, "gpt-x");
  assert.equal(entries[0].downstream, "oai");
  assert.deepStrictEqual(seen.recorded, [{
    entry: entries[0],
    usage: { input_tokens: 9 },
    timings: ctx.timings,
  }]);
  assert.equal(typeof ctx.timings.upstreamHead, "number");
});

Deno.test("record() prices the usage at the forwarded model's price, counts it in the metrics", async () => {
  const asked: string[] = [];
  const { ctx, requestLog } = await sent({
    request: jsonRequest("/v1/chat/completions", { model: "gpt-x" }),
    answer: () => Promise.resolve(jsonAnswer({})),
    prices: (downstream, model) => {
      asked.push(`${downstream.id}/${model}`);
      return { input: 2, output: 10 };
    },
  });
  record(ctx, {
    status: 200,
    ttfb: ctx.timings.start + 1,
    usage: { input_tokens: 1000, output_tokens: 100 },
  });
  const [entry] = requestLog.list();
  assert.deepStrictEqual(asked, ["oai/gpt-x"]);
  assert.equal(entry.cost_usd, 0.003);
  assert.equal(
    [...ctx.services.metrics.requests.values.values()][0].value,
    1,
  );
});

Deno.test("record() leaves an unpriced request without a cost (never 0)", async () => {
  const { ctx, requestLog } = await sent({
    request: jsonRequest("/v1/chat/completions", { model: "gpt-x" }),
    answer: () => Promise.resolve(jsonAnswer({})),
    prices: () => undefined,
  });
  record(ctx, { status: 200, ttfb: null, usage: { output_tokens: 5 } });
  assert.equal(requestLog.list()[0].cost_usd, undefined);
  assert.equal("cost_usd" in requestLog.list()[0], false);
});

Deno.test("record() completes an estimated usage with the request's input, from its text", async () => {
  const { ctx, requestLog, seen } = await sent({
    request: jsonRequest("/v1/chat/completions", {
      model: "gpt-x",
      messages: [{ role: "user", content: "x".repeat(400) }],
    }),
    answer: () => Promise.resolve(jsonAnswer({})),
  });
  record(ctx, {
    status: 200,
    ttfb: null,
    usage: { output_tokens: 7, estimated: true },
  });
  const [entry] = requestLog.list();
  assert.equal(entry.input_tokens, 100);
  assert.equal(entry.output_tokens, 7);
  assert.equal(entry.usage_estimated, true);
  assert.deepStrictEqual(seen.recorded[0].usage, {
    input_tokens: 100,
    output_tokens: 7,
    estimated: true,
  });
});
