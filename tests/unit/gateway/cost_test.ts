import assert from "node:assert/strict";
import { costOf } from "../../../gateway/cost.ts";
import type { Usage } from "../../../gateway/usage_fields.ts";
import type { ModelPrice } from "../../../store/types.ts";

const SONNET: ModelPrice = {
  input: 3,
  output: 15,
  cacheRead: 0.3,
  cacheWrite: 3.75,
  cacheWrite1h: 6,
};

interface Case {
  name: string;
  usage: Usage | undefined;
  price: ModelPrice | undefined;
  want: number | undefined;
}

const CASES: Case[] = [
  {
    name: "charges each kind of token at its own price",
    usage: {
      input_tokens: 100,
      output_tokens: 400,
      cache_read_tokens: 2000,
      cache_write_tokens: 500,
      cache_write_1h_tokens: 200,
    },
    price: SONNET,
    want: 0.009225,
  },
  {
    name: "does not charge reasoning apart (it is part of the output)",
    usage: { input_tokens: 1000, output_tokens: 300, reasoning_tokens: 50 },
    price: { input: 2.5, output: 10 },
    want: 0.0055,
  },
  {
    name: "charges cache reads at the input price when the table has none",
    usage: { input_tokens: 0, output_tokens: 0, cache_read_tokens: 1_000_000 },
    price: { input: 0.59, output: 0.79 },
    want: 0.59,
  },
  {
    name:
      "charges 1-hour writes at the cache-write price when the table has no 1-hour price",
    usage: {
      input_tokens: 0,
      cache_write_tokens: 1_000_000,
      cache_write_1h_tokens: 1_000_000,
    },
    price: { input: 1, output: 2, cacheWrite: 1.25 },
    want: 1.25,
  },
  {
    name: "rounds float noise away",
    usage: { input_tokens: 1, output_tokens: 2 },
    price: { input: 0.1, output: 0.1 },
    want: 0.0000003,
  },
  {
    name: "is unknown without a price (unpriced, never 0)",
    usage: { input_tokens: 10, output_tokens: 10 },
    price: undefined,
    want: undefined,
  },
  {
    name: "is unknown without usage",
    usage: undefined,
    price: SONNET,
    want: undefined,
  },
  {
    name: "is unknown when the usage holds no input or output count",
    usage: { reasoning_tokens: 5 },
    price: SONNET,
    want: undefined,
  },
  {
    name: "is 0 for a priced request that used nothing",
    usage: { input_tokens: 0, output_tokens: 0 },
    price: SONNET,
    want: 0,
  },
];

for (const c of CASES) {
  Deno.test(`costOf() ${c.name}`, () => {
    assert.equal(costOf(c.usage, c.price), c.want);
  });
}
