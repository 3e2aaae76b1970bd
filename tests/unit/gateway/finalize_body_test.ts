import assert from "node:assert/strict";
import { finalizeBody } from "../../../gateway/finalize_body.ts";
import type {
  ApiFormat,
  DownstreamInfo,
  JsonObject,
} from "../../../plugins/mod.ts";
import { createRecordingLog } from "../../_helpers/converter_run.ts";

const BILLING =
  "x-anthropic-billing-header: cc_version=2.1.332; cc_entrypoint=cli;";

interface Case {
  name: string;
  format: ApiFormat;
  downstream?: Partial<DownstreamInfo>;
  input: JsonObject;
  /** Absent: the very same object comes back. */
  want?: JsonObject;
}

const USER = { role: "user", content: "hi" };

const CASES: Case[] = [
  {
    name: "passes an uncapped Chat Completions body through as the same object",
    format: "openai",
    input: { model: "m", max_tokens: 50000, messages: [USER] },
  },
  {
    name:
      "caps max_tokens and max_completion_tokens of a Chat Completions body",
    format: "openai",
    downstream: { maxOutputTokens: 8192 },
    input: {
      model: "m",
      max_tokens: 50000,
      max_completion_tokens: 9000,
      messages: [USER],
    },
    want: {
      model: "m",
      max_tokens: 8192,
      max_completion_tokens: 8192,
      messages: [USER],
    },
  },
  {
    name: "leaves a max field under the cap alone",
    format: "openai",
    downstream: { maxOutputTokens: 8192 },
    input: { model: "m", max_completion_tokens: 100, messages: [USER] },
  },
  {
    name:
      "drops the reasoning items Tresor made for Anthropic from a Responses body",
    format: "responses",
    input: {
      model: "m",
      input: [
        {
          type: "reasoning",
          summary: [],
          encrypted_content: "tresor.anthropic.thinking:s",
        },
        { type: "reasoning", summary: [], encrypted_content: "gAAAA" },
        USER,
      ],
    },
    want: {
      model: "m",
      input: [
        { type: "reasoning", summary: [], encrypted_content: "gAAAA" },
        USER,
      ],
    },
  },
  {
    name:
      "passes a Responses body with OpenAI's own items through as the same object",
    format: "responses",
    input: {
      model: "m",
      input: [
        { type: "reasoning", summary: [], encrypted_content: "gAAAA" },
        USER,
      ],
    },
  },
  {
    name: "caps a Responses body's max_output_tokens",
    format: "responses",
    downstream: { maxOutputTokens: 1000 },
    input: { model: "m", input: "hi", max_output_tokens: 128000 },
    want: { model: "m", input: "hi", max_output_tokens: 1000 },
  },
  {
    name:
      "caps an Anthropic body's max_tokens and shrinks the thinking budget below it",
    format: "anthropic",
    downstream: { maxOutputTokens: 16000 },
    input: {
      model: "c",
      max_tokens: 32000,
      thinking: { type: "enabled", budget_tokens: 31999 },
      messages: [USER],
    },
    want: {
      model: "c",
      max_tokens: 16000,
      thinking: { type: "enabled", budget_tokens: 15999 },
      messages: [USER],
    },
  },
  {
    name: "turns thinking off when the cap leaves no budget",
    format: "anthropic",
    downstream: { maxOutputTokens: 1000 },
    input: {
      model: "c",
      max_tokens: 4096,
      thinking: { type: "enabled", budget_tokens: 2048 },
      messages: [USER],
    },
    want: { model: "c", max_tokens: 1000, messages: [USER] },
  },
  {
    name: "drops thinking Anthropic did not sign from an Anthropic body",
    format: "anthropic",
    input: {
      model: "c",
      max_tokens: 10,
      messages: [USER, {
        role: "assistant",
        content: [{ type: "thinking", thinking: "x", signature: "" }, {
          type: "text",
          text: "y",
        }],
      }, USER],
    },
    want: {
      model: "c",
      max_tokens: 10,
      messages: [USER, {
        role: "assistant",
        content: [{ type: "text", text: "y" }],
      }, USER],
    },
  },
  {
    name: "strips the billing line when the downstream asks",
    format: "anthropic",
    downstream: { stripBillingHeader: true },
    input: {
      model: "c",
      max_tokens: 10,
      system: `${BILLING}\nBe brief.`,
      messages: [USER],
    },
    want: { model: "c", max_tokens: 10, system: "Be brief.", messages: [USER] },
  },
  {
    name: "keeps the billing line for Anthropic by default",
    format: "anthropic",
    input: { model: "c", max_tokens: 10, system: BILLING, messages: [USER] },
  },
];

for (const c of CASES) {
  Deno.test(`finalizeBody() ${c.name}`, () => {
    const out = finalizeBody(
      c.input,
      c.format,
      { id: "d", apiFormats: [c.format], ...c.downstream },
      createRecordingLog(),
    );
    if (c.want === undefined) assert.equal(out, c.input);
    else assert.deepStrictEqual(out, c.want);
  });
}
