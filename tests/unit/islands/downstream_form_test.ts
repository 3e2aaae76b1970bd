/**
 * The downstream form's preset and test parts: a preset fills the draft, and the test body a
 * draft becomes (issue 16).
 */
import assert from "node:assert/strict";
import { findPreset } from "../../../store/mod.ts";
import {
  newDownstreamDraft,
  toDownstreamDraft,
  toTestBody,
  withPreset,
} from "../../../islands/_DownstreamForm.tsx";

Deno.test("withPreset() fills a new draft from a preset, its id kept free of saved ones", () => {
  const draft = withPreset(
    { ...newDownstreamDraft(), api_key: "typed" },
    findPreset("lmstudio"),
    new Set(["lmstudio"]),
  );
  assert.equal(draft.presetId, "lmstudio");
  assert.equal(draft.id, "lmstudio-2");
  assert.equal(draft.name, "LM Studio");
  assert.equal(draft.base_url, "http://localhost:1234/v1");
  assert.deepStrictEqual(draft.api_formats, ["openai", "anthropic"]);
  assert.equal(draft.keyHint, "not needed (a local server)");
  // What the user typed and the preset does not set stays.
  assert.equal(draft.api_key, "typed");
  const none = withPreset(draft, undefined, new Set());
  assert.deepStrictEqual([none.presetId, none.keyHint, none.base_url], [
    "",
    "",
    "http://localhost:1234/v1",
  ]);
});

Deno.test("toTestBody() is the create body of a new draft, models included", () => {
  const draft = withPreset(newDownstreamDraft(), findPreset("groq"), new Set());
  assert.deepStrictEqual(
    toTestBody({ ...draft, api_key: "gsk_1" }, new Set(), []),
    {
      id: "groq",
      name: "Groq",
      output_model_ids: [
        "openai/gpt-oss-120b",
        "llama-3.3-70b-versatile",
        "qwen/qwen3-32b",
      ],
      base_url: "https://api.groq.com/openai/v1",
      api_formats: ["openai"],
      api_key: "gsk_1",
    },
  );
});

Deno.test("toTestBody() of an edited downstream carries its id and saved models, no nulls, no blank key", () => {
  const draft = toDownstreamDraft({
    id: "deep",
    name: "Deep",
    api_formats: ["openai"],
    base_url: "https://api.deepseek.com",
    api_key: "***",
    output_model_ids: ["deepseek-chat"],
  });
  const body = toTestBody(draft, new Set(["deep"]), ["deepseek-chat"]);
  assert.equal(body.id, "deep");
  assert.deepStrictEqual(body.output_model_ids, ["deepseek-chat"]);
  assert.equal("api_key" in body, false);
  assert.ok(Object.values(body).every((v) => v !== null));
});
