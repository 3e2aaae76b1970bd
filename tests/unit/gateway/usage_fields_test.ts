import assert from "node:assert/strict";
import {
  collectUsage,
  type RawUsage,
  readUsage,
  toUsage,
  type Usage,
} from "../../../gateway/usage_fields.ts";
import type { ApiFormat } from "../../../plugins/mod.ts";

interface Case {
  name: string;
  format: ApiFormat;
  /** Usage objects in the order the upstream sent them. */
  usage: unknown[];
  want: Usage;
}

const CASES: Case[] = [
  {
    name: "Anthropic: input, output, cache reads and writes split by TTL",
    format: "anthropic",
    usage: [{
      input_tokens: 10,
      output_tokens: 20,
      cache_read_input_tokens: 300,
      cache_creation_input_tokens: 70,
      cache_creation: {
        ephemeral_5m_input_tokens: 50,
        ephemeral_1h_input_tokens: 20,
      },
    }],
    want: {
      input_tokens: 10,
      output_tokens: 20,
      cache_read_tokens: 300,
      cache_write_tokens: 70,
      cache_write_1h_tokens: 20,
    },
  },
  {
    name:
      "Anthropic: cache writes without a TTL split count as 5-minute writes",
    format: "anthropic",
    usage: [{
      input_tokens: 1,
      output_tokens: 2,
      cache_creation_input_tokens: 9,
    }],
    want: { input_tokens: 1, output_tokens: 2, cache_write_tokens: 9 },
  },
  {
    name: "Anthropic: the TTL split alone gives the total",
    format: "anthropic",
    usage: [{
      input_tokens: 1,
      output_tokens: 2,
      cache_creation: { ephemeral_1h_input_tokens: 4 },
    }],
    want: {
      input_tokens: 1,
      output_tokens: 2,
      cache_write_tokens: 4,
      cache_write_1h_tokens: 4,
    },
  },
  {
    name:
      "Anthropic stream: message_start then message_delta, the later output wins",
    format: "anthropic",
    usage: [
      { input_tokens: 25, output_tokens: 1, cache_read_input_tokens: 5 },
      { output_tokens: 88 },
    ],
    want: { input_tokens: 25, output_tokens: 88, cache_read_tokens: 5 },
  },
  {
    name: "Anthropic stream: a later zero does not erase an earlier count",
    format: "anthropic",
    usage: [{ input_tokens: 25, output_tokens: 1 }, {
      input_tokens: 0,
      output_tokens: 40,
    }],
    want: { input_tokens: 25, output_tokens: 40 },
  },
  {
    name:
      "Chat Completions: cached tokens leave the input, reasoning stays in the output",
    format: "openai",
    usage: [{
      prompt_tokens: 120,
      completion_tokens: 30,
      total_tokens: 150,
      prompt_tokens_details: { cached_tokens: 20, audio_tokens: 0 },
      completion_tokens_details: { reasoning_tokens: 12 },
    }],
    want: {
      input_tokens: 100,
      output_tokens: 30,
      cache_read_tokens: 20,
      reasoning_tokens: 12,
    },
  },
  {
    name: "Chat Completions: DeepSeek's cache hits",
    format: "openai",
    usage: [{
      prompt_tokens: 64,
      completion_tokens: 8,
      prompt_cache_hit_tokens: 60,
      prompt_cache_miss_tokens: 4,
    }],
    want: { input_tokens: 4, output_tokens: 8, cache_read_tokens: 60 },
  },
  {
    name: "Chat Completions: OpenRouter's cache writes leave the input too",
    format: "openai",
    usage: [{
      prompt_tokens: 1000,
      completion_tokens: 5,
      prompt_tokens_details: { cached_tokens: 300, cache_write_tokens: 600 },
    }],
    want: {
      input_tokens: 100,
      output_tokens: 5,
      cache_read_tokens: 300,
      cache_write_tokens: 600,
    },
  },
  {
    name: "Chat Completions: embeddings report input only",
    format: "openai",
    usage: [{ prompt_tokens: 8, total_tokens: 8 }],
    want: { input_tokens: 8 },
  },
  {
    name: "Responses: cached input and reasoning details",
    format: "responses",
    usage: [{
      input_tokens: 500,
      input_tokens_details: { cached_tokens: 200 },
      output_tokens: 60,
      output_tokens_details: { reasoning_tokens: 40 },
      total_tokens: 560,
    }],
    want: {
      input_tokens: 300,
      output_tokens: 60,
      cache_read_tokens: 200,
      reasoning_tokens: 40,
    },
  },
  {
    name: "any format: nothing reported stays absent, junk is ignored",
    format: "openai",
    usage: [null, { prompt_tokens: "12", completion_tokens: -1 }, "usage"],
    want: {},
  },
];

for (const c of CASES) {
  Deno.test(`toUsage() ${c.name}`, () => {
    const raw: RawUsage = {};
    for (const usage of c.usage) collectUsage(usage, raw);
    assert.deepStrictEqual(toUsage(raw, c.format), c.want);
  });
}

Deno.test("readUsage() finds usage at the top, in message or in response", () => {
  assert.deepStrictEqual(
    readUsage({ usage: { prompt_tokens: 3, completion_tokens: 4 } }, "openai"),
    { input_tokens: 3, output_tokens: 4 },
  );
  assert.deepStrictEqual(
    readUsage(
      { message: { usage: { input_tokens: 5, output_tokens: 1 } } },
      "anthropic",
    ),
    { input_tokens: 5, output_tokens: 1 },
  );
  assert.deepStrictEqual(
    readUsage(
      { response: { usage: { input_tokens: 9, output_tokens: 2 } } },
      "responses",
    ),
    { input_tokens: 9, output_tokens: 2 },
  );
  assert.deepStrictEqual(readUsage([1, 2], "openai"), {});
});
