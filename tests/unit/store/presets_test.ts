import assert from "node:assert/strict";
import { findPreset, PRESETS } from "../../../store/mod.ts";
import { downstreamSchema } from "../../../store/schemas.ts";

/** The providers issue 16 names, by preset id. */
const REQUIRED = [
  "openai",
  "anthropic",
  "openrouter",
  "deepseek",
  "groq",
  "mistral",
  "together",
  "fireworks",
  "xai",
  "gemini",
  "moonshot",
  "ollama",
  "lmstudio",
  "vllm",
  "llamacpp",
];

Deno.test("PRESETS covers every provider issue 16 names, each id once", () => {
  const ids = PRESETS.map((p) => p.id);
  assert.deepStrictEqual(new Set(ids).size, ids.length);
  for (const id of REQUIRED) assert.ok(ids.includes(id), id);
});

Deno.test("PRESETS are valid downstreams as the API would accept them", () => {
  for (const p of PRESETS) {
    const parsed = downstreamSchema.safeParse({
      id: p.id,
      name: p.name,
      base_url: p.base_url,
      api_formats: p.api_formats,
      output_model_ids: p.models,
    });
    assert.ok(parsed.success, `${p.id}: ${parsed.error?.message}`);
    assert.ok(p.api_formats.length > 0, p.id);
    assert.match(p.docs_url, /^https:\/\//, p.id);
    assert.notEqual(p.key_hint, "", p.id);
  }
});

Deno.test("PRESETS follow the URL convention: an openai base has its version, no trailing slash", () => {
  for (const p of PRESETS) {
    assert.ok(!p.base_url.endsWith("/"), p.id);
    if (p.api_formats.includes("openai")) {
      // OpenAI-style bases end in a version segment (…/v1, …/v1beta/openai), except DeepSeek's,
      // which serves both /chat/completions and /v1/chat/completions at its root.
      assert.match(
        p.base_url,
        /\/v1(beta\/openai)?$|api\.deepseek\.com$/,
        p.id,
      );
    }
    if (
      p.api_formats.includes("anthropic") && !p.api_formats.includes("openai")
    ) {
      // The gateway appends /v1/messages: an Anthropic-only base has no version of its own.
      assert.doesNotMatch(p.base_url, /\/v1$/, p.id);
    }
  }
});

Deno.test("PRESETS list responses only where the provider keeps Responses state", () => {
  assert.deepStrictEqual(
    PRESETS.filter((p) => p.api_formats.includes("responses")).map((p) => p.id),
    ["openai", "xai"],
  );
});

Deno.test("findPreset() matches an id or a name in any case, and nothing else", () => {
  assert.equal(findPreset("OpenRouter")?.id, "openrouter");
  assert.equal(findPreset(" ollama ")?.id, "ollama");
  assert.equal(findPreset("llama.cpp server")?.id, "llamacpp");
  assert.equal(findPreset("open"), undefined);
});
