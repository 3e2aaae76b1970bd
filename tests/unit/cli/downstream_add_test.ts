import assert from "node:assert/strict";
import { toAddBody } from "../../../cli/downstream_add.ts";
import { CliError } from "../../../cli/errors.ts";

Deno.test("toAddBody() starts from a preset: its id, name, URL, formats and models", () => {
  assert.deepStrictEqual(toAddBody({ preset: "groq", key: "gsk_1" }), {
    id: "groq",
    base_url: "https://api.groq.com/openai/v1",
    name: "Groq",
    api_formats: ["openai"],
    api_key: "gsk_1",
    output_model_ids: [
      "openai/gpt-oss-120b",
      "llama-3.3-70b-versatile",
      "qwen/qwen3-32b",
    ],
  });
});

Deno.test("toAddBody() lets given options win over the preset's", () => {
  const body = toAddBody({
    preset: "ollama",
    idOption: "gpu-box",
    name: "GPU box",
    baseUrl: "http://10.0.0.7:11434/v1",
    model: ["qwen3-coder"],
  });
  assert.deepStrictEqual(body, {
    id: "gpu-box",
    base_url: "http://10.0.0.7:11434/v1",
    name: "GPU box",
    api_formats: ["openai", "anthropic"],
    output_model_ids: ["qwen3-coder"],
  });
});

Deno.test("toAddBody() without a preset takes the options as they are", () => {
  assert.deepStrictEqual(
    toAddBody({ id: "x", baseUrl: "https://x.invalid/v1", maxOutputTokens: 9 }),
    { id: "x", base_url: "https://x.invalid/v1", max_output_tokens: 9 },
  );
});

Deno.test("toAddBody() refuses what it cannot build, saying why", () => {
  const cases: [Parameters<typeof toAddBody>[0], RegExp][] = [
    [{ preset: "nope" }, /^unknown preset "nope": one of openai, anthropic, /],
    [{ baseUrl: "https://x.invalid" }, /^missing the downstream id/],
    [{ id: "x" }, /^missing --base-url/],
    [
      { id: "a", idOption: "b", preset: "xai" },
      /^two ids given: "a" and --id "b"/,
    ],
  ];
  for (const [options, message] of cases) {
    assert.throws(
      () => toAddBody(options),
      (err: unknown) => err instanceof CliError && message.test(err.message),
    );
  }
});
