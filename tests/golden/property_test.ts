/**
 * Property test: hundreds of random requests (seeded, so deterministic) in each direction.
 * Every translation is valid for the target API per `protocol_validators.ts`, or a
 * `PluginError` naming a parameter; any other exception fails.
 */
import assert from "node:assert/strict";
import { anthropic2openai } from "../../plugins/anthropic2openai/mod.ts";
import { PluginError } from "../../plugins/errors.ts";
import { openai2anthropic } from "../../plugins/openai2anthropic/mod.ts";
import type { AnyPlugin } from "../../plugins/types.ts";
import { createRun, forwarded } from "../_helpers/converter_contract.ts";
import {
  validateAnthropicRequest,
  validateOpenAiRequest,
} from "../_helpers/protocol_validators.ts";

const RUNS = 300;

/** mulberry32: a small seeded PRNG. */
function createRandom(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    next,
    int: (lo: number, hi: number) => lo + Math.floor(next() * (hi - lo + 1)),
    chance: (p: number) => next() < p,
    pick: <T>(xs: readonly T[]): T => xs[Math.floor(next() * xs.length)],
  };
}
type Random = ReturnType<typeof createRandom>;

const WORDS = [
  "",
  " ",
  "hi",
  "héllo 👋",
  "x".repeat(50),
  "line\nbreak",
  "{json}",
];
const IMAGE_URLS = [
  "data:image/png;base64,AAAA",
  "https://x.test/i.jpg",
  "ftp://nope",
];

function openAiRequest(r: Random): Record<string, unknown> {
  const messages: Record<string, unknown>[] = [];
  if (r.chance(0.5)) {
    messages.push({
      role: r.pick(["system", "developer"]),
      content: r.pick(WORDS),
    });
  }
  let id = 0;
  const turns = r.int(0, 6);
  for (let t = 0; t < turns; t++) {
    const kind = r.int(0, 3);
    if (kind <= 1) {
      messages.push({
        role: "user",
        content: r.chance(0.6) ? r.pick(WORDS) : [
          { type: "text", text: r.pick(WORDS) },
          ...(r.chance(0.5)
            ? [{ type: "image_url", image_url: { url: r.pick(IMAGE_URLS) } }]
            : []),
          ...(r.chance(0.05)
            ? [{
              type: "input_audio",
              input_audio: { data: "x", format: "wav" },
            }]
            : []),
        ],
      });
    } else if (kind === 2) {
      messages.push({
        role: "assistant",
        content: r.chance(0.7) ? r.pick(WORDS) : null,
      });
    } else {
      const calls = Array.from({ length: r.int(1, 3) }, () => ({
        id: `call:${id++}`,
        type: "function",
        function: {
          name: "f",
          arguments: r.chance(0.05) ? "{bad" : r.pick(["{}", '{"a":1}', ""]),
        },
      }));
      messages.push({
        role: "assistant",
        content: r.chance(0.3) ? "calling" : null,
        tool_calls: calls,
      });
      for (const c of calls) {
        if (r.chance(0.95)) {
          messages.push({
            role: "tool",
            tool_call_id: r.chance(0.97) ? c.id : "other",
            content: r.chance(0.5)
              ? r.pick(WORDS)
              : [{ type: "text", text: r.pick(WORDS) }],
          });
        }
      }
    }
  }
  const req: Record<string, unknown> = { model: "m", messages };
  if (r.chance(0.5)) req.max_tokens = r.int(1, 40000);
  if (r.chance(0.2)) req.max_completion_tokens = r.int(1, 40000);
  if (r.chance(0.3)) {
    req.stop = r.chance(0.5) ? r.pick(WORDS) : [r.pick(WORDS), r.pick(WORDS)];
  }
  if (r.chance(0.3)) req.temperature = r.next() * 2;
  if (r.chance(0.2)) req.top_p = r.next();
  if (r.chance(0.3)) {
    req.tools = [{
      type: "function",
      function: { name: "f", parameters: { type: "object" } },
    }];
  }
  if (r.chance(0.3)) {
    req.tool_choice = r.pick(["auto", "none", "required", {
      type: "function",
      function: { name: "f" },
    }]);
  }
  if (r.chance(0.2)) req.parallel_tool_calls = r.chance(0.5);
  if (r.chance(0.3)) {
    req.reasoning_effort = r.pick([
      "none",
      "minimal",
      "low",
      "medium",
      "high",
      "xhigh",
    ]);
  }
  if (r.chance(0.15)) {
    req.response_format = r.pick([
      { type: "json_object" },
      {
        type: "json_schema",
        json_schema: { name: "out", schema: { type: "object" } },
      },
      {
        type: "json_schema",
        json_schema: { name: "out", schema: { type: "array" } },
      },
    ]);
  }
  if (r.chance(0.05)) req.n = 2;
  if (r.chance(0.05)) req.logprobs = true;
  if (r.chance(0.1)) req.seed = 1;
  if (r.chance(0.3)) req.stream = true;
  return req;
}

function anthropicRequest(r: Random): Record<string, unknown> {
  const messages: Record<string, unknown>[] = [];
  let pending: string[] = [];
  let id = 0;
  const turns = r.int(1, 6);
  for (let t = 0; t < turns; t++) {
    const user = t % 2 === 0;
    if (user) {
      const content: Record<string, unknown>[] = pending.filter(() =>
        r.chance(0.97)
      ).map((tid) => ({
        type: "tool_result",
        tool_use_id: r.chance(0.98) ? tid : "toolu_other",
        ...(r.chance(0.8)
          ? {
            content: r.chance(0.5) ? r.pick(WORDS) : [
              { type: "text", text: r.pick(WORDS) },
              ...(r.chance(0.3)
                ? [{
                  type: "image",
                  source: {
                    type: "base64",
                    media_type: "image/png",
                    data: "AA",
                  },
                }]
                : []),
            ],
          }
          : {}),
        ...(r.chance(0.2) ? { is_error: true } : {}),
      }));
      pending = [];
      if (content.length === 0 || r.chance(0.5)) {
        content.push({
          type: "text",
          text: r.pick(WORDS),
          cache_control: { type: "ephemeral" },
        });
      }
      if (r.chance(0.2)) {
        content.push({
          type: "image",
          source: { type: "url", url: "https://x.test/a.png" },
        });
      }
      messages.push({
        role: "user",
        content: r.chance(0.3) && pending.length === 0
          ? r.pick(WORDS)
          : content,
      });
    } else {
      const content: Record<string, unknown>[] = [];
      if (r.chance(0.3)) {
        content.push({
          type: "thinking",
          thinking: "hm",
          signature: r.chance(0.5) ? "sig" : "",
        });
      }
      if (r.chance(0.6)) content.push({ type: "text", text: r.pick(WORDS) });
      for (let k = r.int(0, 2); k > 0; k--) {
        const tid = `toolu_${id++}`;
        pending.push(tid);
        content.push({ type: "tool_use", id: tid, name: "f", input: { a: k } });
      }
      messages.push({ role: "assistant", content });
    }
  }
  const req: Record<string, unknown> = { model: "m", messages };
  if (r.chance(0.97)) req.max_tokens = r.int(1, 64000);
  if (r.chance(0.5)) {
    req.system = r.chance(0.5) ? r.pick(WORDS) : [{
      type: "text",
      text: r.pick(WORDS),
      cache_control: { type: "ephemeral" },
    }];
  }
  if (r.chance(0.3)) {
    req.stop_sequences = Array.from(
      { length: r.int(1, 6) },
      () => r.pick(WORDS),
    );
  }
  if (r.chance(0.3)) req.temperature = r.next();
  if (r.chance(0.2)) req.top_k = r.int(1, 100);
  if (r.chance(0.4)) {
    req.tools = [{ name: "f", input_schema: { type: "object" } }];
  }
  if (r.chance(0.05)) {
    req.tools = [{ type: "web_search_20250305", name: "web_search" }];
  }
  if (r.chance(0.3)) {
    req.tool_choice = r.pick([{ type: "auto" }, {
      type: "any",
      disable_parallel_tool_use: true,
    }, {
      type: "tool",
      name: "f",
    }, { type: "none" }]);
  }
  if (r.chance(0.3)) {
    req.thinking = r.chance(0.8)
      ? { type: "enabled", budget_tokens: r.int(1024, 40000) }
      : { type: "disabled" };
  }
  if (r.chance(0.3)) req.stream = true;
  if (r.chance(0.2)) req.metadata = { user_id: "u" };
  return req;
}

interface Direction {
  plugin: AnyPlugin;
  path: string;
  generate(r: Random): Record<string, unknown>;
  validate(body: unknown): string[];
}

const DIRECTIONS: Direction[] = [
  {
    plugin: openai2anthropic,
    path: "/chat/completions",
    generate: openAiRequest,
    validate: validateAnthropicRequest,
  },
  {
    plugin: anthropic2openai,
    path: "/messages",
    generate: anthropicRequest,
    validate: validateOpenAiRequest,
  },
];

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
