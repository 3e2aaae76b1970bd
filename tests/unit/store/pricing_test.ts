import assert from "node:assert/strict";
import {
  BUILTIN_PRICES,
  BUILTIN_PRICES_TAKEN,
  createPriceLookup,
  findPrice,
  priceCandidates,
} from "../../../store/pricing.ts";
import type { Downstream } from "../../../store/types.ts";

const CANDIDATES: [string, string[]][] = [
  ["gpt-4o", ["gpt-4o"]],
  ["claude-sonnet-4-20250514", ["claude-sonnet-4-20250514", "claude-sonnet-4"]],
  ["gpt-4o-mini-2024-07-18", ["gpt-4o-mini-2024-07-18", "gpt-4o-mini"]],
  ["openai/gpt-4o", ["openai/gpt-4o", "gpt-4o"]],
  ["claude-sonnet-4@20250514", ["claude-sonnet-4@20250514", "claude-sonnet-4"]],
  ["mistral-large-latest", ["mistral-large-latest", "mistral-large"]],
  ["gemini-3-pro-preview", ["gemini-3-pro-preview", "gemini-3-pro"]],
  [
    "gemini-2.5-flash-preview-05-20",
    ["gemini-2.5-flash-preview-05-20", "gemini-2.5-flash"],
  ],
  ["grok-4-fast-non-reasoning", ["grok-4-fast-non-reasoning", "grok-4-fast"]],
  ["  GPT-4O  ", ["gpt-4o"]],
  ["mistral-large-2411", ["mistral-large-2411"]],
];

for (const [model, want] of CANDIDATES) {
  Deno.test(`priceCandidates() tries "${model}" as ${want.join(", ")}`, () => {
    assert.deepStrictEqual(priceCandidates(model), want);
  });
}

const PRICED: [string, number][] = [
  ["claude-sonnet-4-20250514", 3],
  ["claude-opus-4-1-20250805", 15],
  ["claude-3-5-haiku-20241022", 0.8],
  ["gpt-4o-2024-08-06", 2.5],
  ["o3-mini-2025-01-31", 1.1],
  ["anthropic/claude-haiku-4-5", 1],
  ["meta-llama/llama-4-scout-17b-16e-instruct", 0.11],
  ["deepseek-chat", 0.28],
  ["gemini-2.5-pro", 1.25],
  ["grok-4-1-fast-reasoning", 0.2],
  ["mistral-large-2411", 2],
  ["mistral-small-latest", 0.1],
];

for (const [model, input] of PRICED) {
  Deno.test(`findPrice() prices "${model}" from the built-in table`, () => {
    assert.equal(findPrice(undefined, model)?.input, input);
  });
}

Deno.test("findPrice() leaves unknown models unpriced", () => {
  for (const model of ["my-local-model", "gpt-4", "claude", "", "openai/"]) {
    assert.equal(findPrice(undefined, model), undefined, model);
  }
});

Deno.test("findPrice() prefers the downstream's own prices, by exact or stripped name", () => {
  const own = {
    prices: {
      "claude-sonnet-4": { input: 1, output: 2 },
      "Exact-Case": { input: 7, output: 8 },
    },
  };
  assert.equal(findPrice(own, "claude-sonnet-4-20250514")?.input, 1);
  assert.equal(findPrice(own, "Exact-Case")?.input, 7);
  assert.equal(findPrice(own, "gpt-4o")?.input, 2.5, "else the built-in table");
});

Deno.test("the built-in table is dated and every price is a valid, non-negative number", () => {
  assert.match(BUILTIN_PRICES_TAKEN, /^\d{4}-\d{2}-\d{2}$/);
  const models = Object.entries(BUILTIN_PRICES);
  assert.ok(models.length >= 50);
  for (const [model, price] of models) {
    assert.equal(model, model.toLowerCase(), model);
    for (const value of Object.values(price)) {
      assert.ok(Number.isFinite(value) && value >= 0, model);
    }
    if (price.cacheRead !== undefined) {
      assert.ok(price.cacheRead <= price.input, model);
    }
  }
  for (
    const family of [
      "gpt-",
      "claude-",
      "gemini-",
      "deepseek-",
      "mistral-",
      "llama-",
      "grok-",
    ]
  ) {
    assert.ok(models.some(([m]) => m.startsWith(family)), family);
  }
});

function downstream(prices?: Downstream["prices"]): Downstream {
  return {
    id: "d",
    name: "d",
    apiFormats: [],
    baseUrl: "http://x",
    apiKey: "",
    outputModelIds: [],
    ...(prices && { prices }),
  };
}

Deno.test("createPriceLookup() remembers per downstream object, so a new snapshot's prices apply at once", () => {
  const lookup = createPriceLookup();
  const before = downstream({ m: { input: 1, output: 1 } });
  assert.equal(lookup(before, "m")?.input, 1);
  assert.equal(lookup(before, "m")?.input, 1);
  assert.equal(lookup(before, "unknown"), undefined);
  const after = downstream({ m: { input: 9, output: 9 } });
  assert.equal(lookup(after, "m")?.input, 9);
  assert.equal(lookup(downstream(), "m"), undefined);
});
