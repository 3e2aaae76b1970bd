/**
 * `ChunkReader`: every chunk read equals `parseChunk` of it, whether it fitted the learnt
 * template or not; chunks that fit are read without parsing the JSON.
 */
import assert from "node:assert/strict";
import { ChunkReader } from "../../../../../plugins/protocol/openai/chunk_reader.ts";
import { parseChunk } from "../../../../../plugins/protocol/openai/parse_response.ts";

/** A chunk as OpenAI writes it (fingerprint, logprobs, `usage: null` with include_usage). */
function openAiChunk(delta: unknown, finish: string | null = null): string {
  return JSON.stringify({
    id: "chatcmpl-1",
    object: "chat.completion.chunk",
    created: 1700000000,
    model: "gpt-4o",
    system_fingerprint: "fp_1",
    choices: [{ index: 0, delta, logprobs: null, finish_reason: finish }],
    usage: null,
  });
}

/** A chunk as Python servers write it (`json.dumps` separators: a space after `:` and `,`). */
function spacedChunk(delta: unknown): string {
  return openAiChunk(delta).replaceAll(":", ": ").replaceAll(",", ", ");
}

const BENCH_CHUNK = (text: string) =>
  `{"id":"c","object":"chat.completion.chunk","created":1,"model":"m","choices":[{"index":0,"delta":{"content":${text}},"finish_reason":null}]}`;

/** Counts `JSON.parse` calls while `fn` runs. */
function countParses(fn: () => void): number {
  const original = JSON.parse;
  let calls = 0;
  JSON.parse = (...args: Parameters<typeof JSON.parse>) => {
    calls++;
    return original(...args);
  };
  try {
    fn();
  } finally {
    JSON.parse = original;
  }
  return calls;
}

/** Reads `chunks` in order with one reader; each must equal `parseChunk`. */
function assertSameAsParse(chunks: readonly string[]): void {
  const reader = new ChunkReader();
  for (const [i, data] of chunks.entries()) {
    assert.deepStrictEqual(
      reader.read(data),
      parseChunk(data),
      `chunk ${i}: ${data}`,
    );
  }
}

const CASES: { name: string; chunks: string[] }[] = [
  {
    name: "OpenAI's stream: role chunk, text, finish, usage, [DONE]",
    chunks: [
      openAiChunk({ role: "assistant", content: "", refusal: null }),
      openAiChunk({ content: "Hello" }),
      openAiChunk({ content: " world" }),
      openAiChunk({ content: "" }),
      openAiChunk({}, "stop"),
      JSON.stringify({
        id: "chatcmpl-1",
        object: "chat.completion.chunk",
        created: 1700000000,
        model: "gpt-4o",
        choices: [],
        usage: { prompt_tokens: 3, completion_tokens: 2, total_tokens: 5 },
      }),
      "[DONE]",
    ],
  },
  {
    name: "escapes, unicode and control characters",
    chunks: [
      openAiChunk({ content: "a" }),
      openAiChunk({ content: 'say "hi"' }),
      openAiChunk({ content: "back\\slash\\" }),
      openAiChunk({ content: "line\nbreak\ttab\r" }),
      openAiChunk({ content: "héllo 😀 中文" }),
      openAiChunk({ content: "\u0000\u001f" }),
      openAiChunk({ content: "lone \ud800 surrogate" }),
      openAiChunk({ content: "\u2028\u2029" }),
      BENCH_CHUNK('"a"'),
      BENCH_CHUNK('"\\u00e9\\ud83d\\ude00"'),
      BENCH_CHUNK('"\\/"'),
      BENCH_CHUNK('"bad \\x escape"'),
      BENCH_CHUNK('"bad \\u12 escape"'),
      BENCH_CHUNK('"raw \n line"'),
      BENCH_CHUNK('"raw \u0001 control"'),
      BENCH_CHUNK('"tab\tinside"'),
      BENCH_CHUNK('"ends in a backslash\\"'),
      BENCH_CHUNK('"escaped backslash then quote\\\\"'),
      BENCH_CHUNK('"x"'),
    ],
  },
  {
    name:
      "text that smuggles structure between the template's prefix and suffix",
    chunks: [
      BENCH_CHUNK('"a"'),
      BENCH_CHUNK(
        '"a"},"finish_reason":"stop"},{"index":0,"delta":{"content":"b"',
      ),
      BENCH_CHUNK('"a\\"},\\"finish_reason\\":\\"stop\\"}"'),
      BENCH_CHUNK("null"),
      BENCH_CHUNK("1"),
      BENCH_CHUNK('"b"'),
    ],
  },
  {
    name: "a key named content inside another string, and duplicate keys",
    chunks: [
      `{"id":"x\\"content\\":\\"y","choices":[{"index":0,"delta":{"content":"a"}}]}`,
      `{"id":"x\\"content\\":\\"y","choices":[{"index":0,"delta":{"content":"b"}}]}`,
      `{"id":"x\\"content\\":\\"z","choices":[{"index":0,"delta":{"content":"b"}}]}`,
      `{"choices":[{"index":0,"delta":{"content":"a","content":"b"}}]}`,
      `{"choices":[{"index":0,"delta":{"content":"c","content":"d"}}]}`,
      `{"choices":[{"index":0,"delta":{"content":"c","content":"e"}}]}`,
      `{"choices":[{"index":0,"delta":{"content":"a"},"logprobs":{"content":"q"}}]}`,
      `{"choices":[{"index":0,"delta":{"content":"a"},"logprobs":{"content":"r"}}]}`,
    ],
  },
  {
    name: "spaced JSON from Python servers",
    chunks: [
      spacedChunk({ content: "one" }),
      spacedChunk({ content: "two, three: four" }),
      spacedChunk({ content: 'q"uote' }),
    ],
  },
  {
    name:
      "reasoning (DeepSeek's reasoning_content, vLLM's reasoning) then text",
    chunks: [
      openAiChunk({ role: "assistant", content: null, reasoning_content: "" }),
      openAiChunk({ content: null, reasoning_content: "Let me" }),
      openAiChunk({ content: null, reasoning_content: " think" }),
      openAiChunk({ reasoning: "vllm" }),
      openAiChunk({ reasoning: "style" }),
      openAiChunk({ reasoning: "both", reasoning_content: "wins" }),
      openAiChunk({ reasoning: "both", reasoning_content: "again" }),
      openAiChunk({ content: "Answer", reasoning_content: null }),
      openAiChunk({ content: "Answer 2", reasoning_content: null }),
    ],
  },
  {
    name: "tool calls between text chunks",
    chunks: [
      openAiChunk({ content: "Calling" }),
      openAiChunk({
        tool_calls: [{
          index: 0,
          id: "call_1",
          type: "function",
          function: { name: "f", arguments: "" },
        }],
      }),
      openAiChunk({
        tool_calls: [{ index: 0, function: { arguments: '{"a":' } }],
      }),
      openAiChunk({ content: "more", tool_calls: [{ index: 1, id: "c2" }] }),
      openAiChunk({
        content: "more again",
        tool_calls: [{ index: 1, id: "c2" }],
      }),
      openAiChunk({ content: "text" }),
      openAiChunk({}, "tool_calls"),
    ],
  },
  {
    name: "two choices, choice index 1, errors and non-JSON",
    chunks: [
      JSON.stringify({ choices: [{ index: 1, delta: { content: "a" } }] }),
      JSON.stringify({ choices: [{ index: 1, delta: { content: "b" } }] }),
      JSON.stringify({
        choices: [{ index: 0, delta: { content: "a" } }, {
          index: 1,
          delta: { content: "b" },
        }],
      }),
      JSON.stringify({
        error: { message: "overloaded", type: "server_error" },
      }),
      "not json",
      "",
      BENCH_CHUNK('"a"'),
      BENCH_CHUNK('"b"') + " ",
      " " + BENCH_CHUNK('"b"'),
      BENCH_CHUNK('"probe"').replace('"probe"', '"tresor-template-probe"'),
      BENCH_CHUNK('"c"'),
    ],
  },
  {
    name: "usage on every chunk (never a template)",
    chunks: [
      openAiChunk({ content: "a" }).replace(
        '"usage":null',
        '"usage":{"prompt_tokens":1,"completion_tokens":1}',
      ),
      openAiChunk({ content: "b" }).replace(
        '"usage":null',
        '"usage":{"prompt_tokens":1,"completion_tokens":2}',
      ),
    ],
  },
];

for (const { name, chunks } of CASES) {
  Deno.test(`ChunkReader reads like parseChunk: ${name}`, () => {
    assertSameAsParse(chunks);
  });
}

Deno.test("ChunkReader reads like parseChunk over random texts", () => {
  // A fixed-seed generator: the same texts every run.
  let seed = 42;
  const random = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
  const alphabet = [
    '"',
    "\\",
    "\n",
    "\u0001",
    "a",
    " ",
    "é",
    "😀",
    "\ud800",
    "u",
    "/",
    "}",
  ];
  const chunks: string[] = [];
  for (let i = 0; i < 500; i++) {
    let text = "";
    const length = Math.floor(random() * 8);
    for (let k = 0; k < length; k++) {
      text += alphabet[Math.floor(random() * alphabet.length)];
    }
    // Half as JSON would write them, half raw between the quotes (often invalid JSON).
    chunks.push(
      random() < 0.5
        ? BENCH_CHUNK(JSON.stringify(text))
        : BENCH_CHUNK(`"${text}"`),
    );
  }
  assertSameAsParse(chunks);
});

Deno.test("ChunkReader reads a text chunk that fits the template without JSON.parse", () => {
  const reader = new ChunkReader();
  reader.read(openAiChunk({ role: "assistant", content: "" }));
  reader.read(openAiChunk({ content: "first" }));
  assert.equal(
    countParses(() => reader.read(openAiChunk({ content: "plain" }))),
    0,
  );
  // An escape is decoded by parsing the string alone.
  assert.equal(
    countParses(() => reader.read(openAiChunk({ content: 'q"' }))),
    1,
  );
  // Another shape is parsed whole.
  assert.ok(countParses(() => reader.read(openAiChunk({}, "stop"))) >= 1);
});

Deno.test("ChunkReader stops learning templates after a bounded number", () => {
  const reader = new ChunkReader();
  // Every chunk has another id: each one is a template that never fits the next.
  for (let i = 0; i < 20; i++) {
    reader.read(BENCH_CHUNK('"t"').replace('"id":"c"', `"id":"c${i}"`));
  }
  // Past the bound a chunk costs one parse (no probe parse to prove a template).
  assert.equal(
    countParses(() =>
      reader.read(BENCH_CHUNK('"t"').replace('"id":"c"', '"id":"new"'))
    ),
    1,
  );
});

Deno.test("ChunkReader learns no template from the role chunk's empty text", () => {
  const reader = new ChunkReader();
  // One parse for the chunk, none to prove a template its text chunks would never fit.
  assert.equal(
    countParses(() =>
      reader.read(openAiChunk({ role: "assistant", content: "" }))
    ),
    1,
  );
});
