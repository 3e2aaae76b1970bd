import assert from "node:assert/strict";
import { listedPrices } from "../../../../routes/api/downstream_prices.ts";

Deno.test("listedPrices() reads OpenRouter's per-token prices as USD per 1 M tokens", () => {
  const prices = listedPrices([
    {
      id: "anthropic/claude-sonnet-4",
      pricing: {
        prompt: "0.000003",
        completion: "0.000015",
        request: "0",
        image: "0.0048",
        input_cache_read: "0.0000003",
        input_cache_write: "0.00000375",
      },
    },
    {
      id: "openai/gpt-4o-mini",
      pricing: { prompt: "0.00000015", completion: "0.0000006" },
    },
    {
      id: "meta-llama/llama-3.3-70b:free",
      pricing: { prompt: "0", completion: "0" },
    },
  ]);
  assert.deepStrictEqual(Object.fromEntries(prices), {
    "anthropic/claude-sonnet-4": {
      input: 3,
      output: 15,
      cacheRead: 0.3,
      cacheWrite: 3.75,
    },
    "openai/gpt-4o-mini": { input: 0.15, output: 0.6 },
    "meta-llama/llama-3.3-70b:free": { input: 0, output: 0 },
  });
});

Deno.test("listedPrices() skips models without a usable price (varies, missing, junk)", () => {
  const prices = listedPrices([
    { id: "openrouter/auto", pricing: { prompt: "-1", completion: "-1" } },
    { id: "no-pricing" },
    { id: "half", pricing: { prompt: "0.000001" } },
    { id: "words", pricing: { prompt: "cheap", completion: "0.1" } },
    { id: "empty", pricing: { prompt: "", completion: "" } },
    { pricing: { prompt: "0.1", completion: "0.1" } },
    "not a model",
    null,
    { id: "numbers", pricing: { prompt: 0.000002, completion: 0.000004 } },
  ]);
  assert.deepStrictEqual([...prices.keys()], ["numbers"]);
  assert.deepStrictEqual(prices.get("numbers"), { input: 2, output: 4 });
});
