import assert from "node:assert/strict";
import {
  acceptsReasoningEffort,
  matchesModelPattern,
  toDownstreamInfo,
} from "../../../gateway/downstream_info.ts";
import type { Downstream } from "../../../store/types.ts";

const PATTERNS: [pattern: string, model: string, matches: boolean][] = [
  ["gpt-5*", "gpt-5", true],
  ["gpt-5*", "gpt-5.1-codex", true],
  ["gpt-5*", "gpt-4o", false],
  ["deepseek-reasoner", "deepseek-reasoner", true],
  ["deepseek-reasoner", "deepseek-reasoner-2", false],
  ["*-thinking", "qwen3-thinking", true],
  ["*-thinking", "thinking", false],
  ["a*b*c", "axxbyyc", true],
  ["a*b*c", "acb", false],
  ["ab*ba", "aba", false],
  ["O3*", "o3-mini", true],
  ["*", "anything", true],
];

for (const [pattern, model, matches] of PATTERNS) {
  Deno.test(`matchesModelPattern() ${pattern} ${matches ? "matches" : "does not match"} ${model}`, () => {
    assert.equal(matchesModelPattern(pattern, model), matches);
  });
}

Deno.test("acceptsReasoningEffort() defaults to reasoning models by name, router prefixes included", () => {
  for (
    const model of [
      "o3",
      "o4-mini",
      "gpt-5-mini",
      "openai/gpt-5",
      "deepseek-reasoner",
      "gemini-2.5-pro",
    ]
  ) assert.equal(acceptsReasoningEffort(model), true, model);
  for (
    const model of [
      "gpt-4o",
      "deepseek-chat",
      "llama3.1:8b",
      "claude-sonnet-4-5",
      "mock-model",
    ]
  ) assert.equal(acceptsReasoningEffort(model), false, model);
});

Deno.test("acceptsReasoningEffort() follows a downstream's own list; an empty list accepts none", () => {
  assert.equal(acceptsReasoningEffort("qwen3-32b", ["qwen3*"]), true);
  assert.equal(acceptsReasoningEffort("gpt-5", ["qwen3*"]), false);
  assert.equal(acceptsReasoningEffort("gpt-5", []), false);
});

const BASE: Downstream = {
  id: "d",
  name: "D",
  apiFormats: ["openai"],
  baseUrl: "http://127.0.0.1:9/v1",
  apiKey: "",
  outputModelIds: [],
};

Deno.test("toDownstreamInfo() resolves capabilities and defaults for the forwarded model", () => {
  assert.deepStrictEqual(toDownstreamInfo(BASE, "gpt-5"), {
    id: "d",
    apiFormats: ["openai"],
    reasoningEffort: true,
    hostedTools: "drop",
    stripBillingHeader: true,
  });
  assert.deepStrictEqual(
    toDownstreamInfo({
      ...BASE,
      apiFormats: ["anthropic"],
      maxOutputTokens: 8192,
      defaultMaxTokens: 1024,
      hostedTools: "refuse",
    }, "claude-sonnet-4-5"),
    {
      id: "d",
      apiFormats: ["anthropic"],
      maxOutputTokens: 8192,
      defaultMaxTokens: 1024,
      reasoningEffort: false,
      hostedTools: "refuse",
      stripBillingHeader: false,
    },
  );
  assert.equal(
    toDownstreamInfo({ ...BASE, stripBillingHeader: false }, "m")
      .stripBillingHeader,
    false,
  );
  assert.equal(
    toDownstreamInfo({ ...BASE, reasoningEffortModels: ["m"] }, "m")
      .reasoningEffort,
    true,
  );
});
