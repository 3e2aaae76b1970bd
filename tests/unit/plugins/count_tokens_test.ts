/**
 * The bounded token count behind the local `count_tokens` answer: pieces short enough that BPE
 * stays cheap, the event loop free between slices, and an estimate past the budget.
 */
import assert from "node:assert/strict";
import {
  countTokensBounded,
  loadTokenCounter,
} from "../../../plugins/anthropic2openai/count_tokens.ts";
import { anthropic2openai } from "../../../plugins/anthropic2openai/mod.ts";
import { createRun } from "../../_helpers/converter_run.ts";

/** A counter that records every piece it is handed (one token per 4 characters). */
function recordingCounter(): {
  count: (text: string) => number;
  pieces: string[];
} {
  const pieces: string[] = [];
  return {
    pieces,
    count: (text) => {
      pieces.push(text);
      return Math.ceil(text.length / 4);
    },
  };
}

const PIECE_CASES: { name: string; text: string }[] = [
  { name: "a million characters without a break", text: "A".repeat(1_000_000) },
  { name: "a million spaces", text: " ".repeat(1_000_000) },
  {
    name: "long words between short ones",
    text: ("word ".repeat(100) + "x".repeat(5000) + " ").repeat(50),
  },
];

for (const c of PIECE_CASES) {
  Deno.test(`countTokensBounded() hands the tokenizer short pieces of ${c.name}`, async () => {
    const { count, pieces } = recordingCounter();
    const result = await countTokensBounded(c.text, count, {
      budgetMs: Infinity,
    });
    assert.equal(result.exact, true);
    assert.equal(
      pieces.join(""),
      c.text,
      "the pieces are the whole text, in order",
    );
    for (const piece of pieces) {
      assert.ok(piece.length <= 4096, `a piece of ${piece.length} characters`);
      assert.ok(!/\S{257}|\s{257}/.test(piece), "a run of over 256 characters");
    }
  });
}

Deno.test("countTokensBounded() counts prose exactly as one tokenizer call does", async () => {
  const count = await loadTokenCounter();
  const prose =
    "The quick brown fox jumps over the lazy dog, again and again.\n".repeat(
      2000,
    );
  const result = await countTokensBounded(prose, count);
  assert.deepStrictEqual(result, { tokens: count(prose), exact: true });
});

Deno.test("countTokensBounded() estimates the rest from samples once the budget is spent", async () => {
  const { count, pieces } = recordingCounter();
  const text = "word ".repeat(200_000);
  const result = await countTokensBounded(text, count, {
    sliceMs: 0,
    budgetMs: 0,
  });
  assert.equal(result.exact, false);
  // One piece counted, then 32 sampled windows of at most 256 characters.
  assert.equal(pieces.length, 33);
  assert.ok(pieces.slice(1).every((p) => p.length <= 256));
  const whole = Math.ceil(text.length / 4);
  assert.ok(
    Math.abs(result.tokens - whole) / whole < 0.05,
    String(result.tokens),
  );
});

Deno.test("countTokensBounded() stops counting when the client goes away", async () => {
  const { count, pieces } = recordingCounter();
  const signal = AbortSignal.abort();
  const result = await countTokensBounded("word ".repeat(200_000), count, {
    signal,
  });
  assert.equal(result.exact, false);
  assert.equal(pieces.length, 1);
});

Deno.test("countTokensBounded() lets timers run between its slices", async () => {
  const order: string[] = [];
  setTimeout(() => order.push("timer"), 0);
  const { count } = recordingCounter();
  const counting = countTokensBounded("word ".repeat(10_000), count, {
    sliceMs: 0,
  }).then(() => order.push("counted"));
  await counting;
  assert.deepStrictEqual(order, ["timer", "counted"]);
});

Deno.test("anthropic2openai says in a header whether count_tokens used the tokenizer throughout", async () => {
  const run = createRun(anthropic2openai);
  const out = await run.request("/messages/count_tokens", {
    model: "m",
    messages: [{ role: "user", content: "Hello there" }],
  });
  assert.ok("respond" in out);
  assert.equal(out.respond.headers.get("x-tresor-token-count"), "tokenizer");
});
