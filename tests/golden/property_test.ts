/**
 * Property test: hundreds of random requests (seeded, so deterministic) in every direction, one
 * per converter. Every translation is valid for the target API per `protocol_validators.ts`,
 * or a `PluginError` naming a parameter; any other exception fails.
 */
import assert from "node:assert/strict";
import { PLUGINS } from "../../plugins/mod.ts";
import { PluginError } from "../../plugins/errors.ts";
import type { AnyPlugin } from "../../plugins/types.ts";
import { createRun, forwarded } from "../_helpers/converter_run.ts";
import {
  validateAnthropicRequest,
  validateOpenAiRequest,
} from "../_helpers/protocol_validators.ts";
import {
  anthropicRequest,
  createRandom,
  openAiRequest,
  type Random,
} from "../_helpers/random_requests.ts";
import { responsesRequest } from "../_helpers/random_responses_requests.ts";

const RUNS = 300;

interface Direction {
  plugin: AnyPlugin;
  path: string;
  generate(r: Random): Record<string, unknown>;
  validate(body: unknown): string[];
}

const DIRECTIONS: Direction[] = [
  {
    plugin: PLUGINS.openai2anthropic,
    path: "/chat/completions",
    generate: openAiRequest,
    validate: validateAnthropicRequest,
  },
  {
    plugin: PLUGINS.anthropic2openai,
    path: "/messages",
    generate: anthropicRequest,
    validate: validateOpenAiRequest,
  },
  {
    plugin: PLUGINS.responses2chat,
    path: "/responses",
    // Chat Completions takes a call's arguments as the model wrote them, JSON or not.
    generate: (r) => responsesRequest(r, { badArguments: false }),
    validate: validateOpenAiRequest,
  },
  {
    plugin: PLUGINS.responses2anthropic,
    path: "/responses",
    generate: (r) => responsesRequest(r, { badArguments: true }),
    validate: validateAnthropicRequest,
  },
];

/** Every converter has a direction here. */
Deno.test("[property] every registered converter is exercised", () => {
  const converters = Object.values(PLUGINS).filter((p) => p.converts).map((p) =>
    p.id
  );
  assert.deepStrictEqual(
    DIRECTIONS.map((d) => d.plugin.id).sort(),
    converters.sort(),
  );
});

for (const d of DIRECTIONS) {
  Deno.test(`[property] ${d.plugin.id} translates ${RUNS} random requests validly or rejects naming a parameter`, async () => {
    const r = createRandom(0x7e5042);
    let translated = 0;
    let rejected = 0;
    for (let i = 0; i < RUNS; i++) {
      const input = d.generate(r);
      const cap = r.chance(0.3) ? { maxOutputTokens: r.int(1024, 16000) } : {};
      const run = createRun(d.plugin, cap);
      try {
        const req = forwarded(await run.request(d.path, input, "?beta=true"));
        const problems = d.validate(req.body);
        assert.deepStrictEqual(
          problems,
          [],
          `case ${i}: ${JSON.stringify(input)}\n→ ${JSON.stringify(req.body)}`,
        );
        const max = req.body.max_tokens;
        if (cap.maxOutputTokens !== undefined && typeof max === "number") {
          assert.ok(
            max <= cap.maxOutputTokens,
            `case ${i}: max_tokens ${max} above the cap`,
          );
        }
        translated++;
      } catch (err) {
        if (!(err instanceof PluginError)) throw err;
        assert.ok(
          err.param,
          `case ${i}: PluginError without param: ${err.message}`,
        );
        assert.equal(err.kind, "invalid_request");
        rejected++;
      }
    }
    // Both outcomes must occur, or the generator is not exercising the converter.
    assert.ok(translated > RUNS / 3, `translated only ${translated}`);
    assert.ok(rejected > 0, "nothing was rejected");
  });
}

Deno.test("[property] the validators reject what the providers reject", () => {
  const anthropicBad = [
    { model: "m", messages: [{ role: "user", content: "a" }] },
    {
      model: "m",
      max_tokens: 5,
      messages: [{ role: "user", content: "a" }, {
        role: "user",
        content: "b",
      }],
    },
    {
      model: "m",
      max_tokens: 5,
      messages: [{
        role: "user",
        content: [{ type: "text", text: "x" }, {
          type: "tool_result",
          tool_use_id: "t",
        }],
      }],
    },
    {
      model: "m",
      max_tokens: 5,
      messages: [
        { role: "user", content: "a" },
        {
          role: "assistant",
          content: [{ type: "tool_use", id: "t", name: "f", input: {} }],
        },
        { role: "user", content: "no result" },
      ],
    },
    {
      model: "m",
      max_tokens: 2000,
      thinking: { type: "enabled", budget_tokens: 2000 },
      messages: [{ role: "user", content: "a" }],
    },
  ];
  for (const body of anthropicBad) {
    assert.notDeepStrictEqual(
      validateAnthropicRequest(body),
      [],
      JSON.stringify(body),
    );
  }
  const openaiBad = [
    { model: "m", messages: [] },
    {
      model: "m",
      messages: [{ role: "tool", tool_call_id: "x", content: "r" }],
    },
    {
      model: "m",
      messages: [{
        role: "assistant",
        content: null,
        tool_calls: [{
          id: "c",
          type: "function",
          function: { name: "f", arguments: "{}" },
        }],
      }, { role: "user", content: "x" }],
    },
    {
      model: "m",
      messages: [{ role: "user", content: "x" }],
      stop: ["a", "b", "c", "d", "e"],
    },
  ];
  for (const body of openaiBad) {
    assert.notDeepStrictEqual(
      validateOpenAiRequest(body),
      [],
      JSON.stringify(body),
    );
  }
});
