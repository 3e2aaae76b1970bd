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
