import assert from "node:assert/strict";
import { anthropic2openai } from "../../../plugins/anthropic2openai/mod.ts";
import { estimateInputTokens } from "../../../plugins/anthropic2openai/count_tokens.ts";
import { toAnthropicError } from "../../../plugins/anthropic2openai/errors.ts";
import { parseMessagesRequest } from "../../../plugins/protocol/anthropic/parse_request.ts";
import { parseChatCompletion } from "../../../plugins/protocol/openai/parse_response.ts";
import {
  createAnthropicStreamState,
  flushAnthropicStream,
  toAnthropicEvents,
} from "../../../plugins/anthropic2openai/stream_to_anthropic.ts";
import { toAnthropicMessage } from "../../../plugins/anthropic2openai/to_anthropic_response.ts";
import { toOpenAiRequest } from "../../../plugins/anthropic2openai/to_openai_request.ts";
import { PluginError } from "../../../plugins/errors.ts";
import { TRANSLATED_SIGNATURE } from "../../../plugins/protocol/anthropic/thinking_marker.ts";
import type * as openai from "../../../plugins/protocol/openai/types.ts";
import {
  createRecordingLog,
  createRun,
  forwarded,
  runConverterContract,
} from "../../_helpers/converter_contract.ts";

runConverterContract(anthropic2openai);

interface RequestCase {
  name: string;
  input: Record<string, unknown>;
  opts?: { maxOutputTokens?: number };
  want: openai.ChatCompletionRequest;
}

const USER = { role: "user", content: "hi" };
const BASE: openai.ChatCompletionRequest = {
  model: "m",
  messages: [{ role: "user", content: "hi" }],
  max_tokens: 100,
};

const REQUEST_CASES: RequestCase[] = [
  {
    name: "turns system blocks into one system message without cache_control",
    input: {
      model: "m",
      max_tokens: 100,
      system: [
        { type: "text", text: "one", cache_control: { type: "ephemeral" } },
        { type: "text", text: "two" },
      ],
      messages: [USER],
    },
    want: {
      ...BASE,
      messages: [{ role: "system", content: "one\n\ntwo" }, {
        role: "user",
        content: "hi",
      }],
    },
  },
  {
    name: "maps text and base64/url images to content parts",
    input: {
      model: "m",
      max_tokens: 100,
      messages: [{
        role: "user",
        content: [
          { type: "text", text: "look", cache_control: { type: "ephemeral" } },
          {
            type: "image",
            source: { type: "base64", media_type: "image/png", data: "AAAA" },
          },
          {
            type: "image",
            source: { type: "url", url: "https://x.test/a.png" },
          },
        ],
      }],
    },
    want: {
      ...BASE,
      messages: [{
        role: "user",
        content: [
          { type: "text", text: "look" },
          {
            type: "image_url",
            image_url: { url: "data:image/png;base64,AAAA" },
          },
          { type: "image_url", image_url: { url: "https://x.test/a.png" } },
        ],
      }],
    },
  },
  {
    name:
      "places tool results first, flattens text, keeps is_error, moves images after",
    input: {
      model: "m",
      max_tokens: 100,
      messages: [
        USER,
        {
          role: "assistant",
          content: [
            { type: "thinking", thinking: "hmm", signature: "sig" },
            { type: "text", text: "ok" },
            { type: "tool_use", id: "t1", name: "a", input: { x: 1 } },
            { type: "tool_use", id: "t2", name: "b", input: {} },
          ],
        },
        {
          role: "user",
          content: [
            { type: "text", text: "and?" },
            {
              type: "tool_result",
              tool_use_id: "t1",
              content: [
                { type: "text", text: "l1" },
                {
                  type: "image",
                  source: {
                    type: "base64",
                    media_type: "image/jpeg",
                    data: "BB",
                  },
                },
                { type: "text", text: "l2" },
              ],
            },
            {
              type: "tool_result",
              tool_use_id: "t2",
              content: "boom",
              is_error: true,
            },
          ],
        },
      ],
    },
    want: {
      ...BASE,
      messages: [
        { role: "user", content: "hi" },
        {
          role: "assistant",
          content: "ok",
          tool_calls: [
            {
              id: "t1",
              type: "function",
              function: { name: "a", arguments: '{"x":1}' },
            },
            {
              id: "t2",
              type: "function",
              function: { name: "b", arguments: "{}" },
            },
          ],
        },
        { role: "tool", tool_call_id: "t1", content: "l1\nl2" },
        { role: "tool", tool_call_id: "t2", content: "Error: boom" },
        {
          role: "user",
          content: [
            {
              type: "image_url",
              image_url: { url: "data:image/jpeg;base64,BB" },
            },
            { type: "text", text: "and?" },
          ],
        },
      ],
    },
  },
  {
    name: "drops assistant thinking-only turns",
    input: {
      model: "m",
      max_tokens: 100,
      messages: [USER, {
        role: "assistant",
        content: [{ type: "thinking", thinking: "x", signature: "" }],
      }, USER],
    },
    want: {
      ...BASE,
      messages: [{ role: "user", content: "hi" }, {
        role: "user",
        content: "hi",
      }],
    },
  },
  {
    name: "clamps max_tokens to max_output_tokens",
    input: { model: "m", max_tokens: 32000, messages: [USER] },
    opts: { maxOutputTokens: 8192 },
    want: { ...BASE, max_tokens: 8192 },
  },
  {
    name:
      "maps stop_sequences, temperature, top_p, drops top_k, maps metadata.user_id",
    input: {
      model: "m",
      max_tokens: 100,
      messages: [USER],
      stop_sequences: ["a", "b"],
      temperature: 0.3,
      top_p: 0.9,
      top_k: 5,
      metadata: { user_id: "u" },
    },
    want: {
      ...BASE,
      stop: ["a", "b"],
      temperature: 0.3,
      top_p: 0.9,
      user: "u",
    },
  },
  {
    name: "maps tools, tool_choice any and disable_parallel_tool_use",
    input: {
      model: "m",
      max_tokens: 100,
      messages: [USER],
      tools: [{
        name: "f",
        description: "d",
        input_schema: { type: "object" },
        cache_control: { type: "ephemeral" },
      }],
      tool_choice: { type: "any", disable_parallel_tool_use: true },
    },
    want: {
      ...BASE,
      tools: [{
        type: "function",
        function: {
          name: "f",
          parameters: { type: "object" },
          description: "d",
        },
      }],
      tool_choice: "required",
      parallel_tool_calls: false,
    },
  },
  ...([
    [{ type: "auto" }, "auto"],
    [{ type: "none" }, "none"],
    [{ type: "tool", name: "f" }, {
      type: "function",
      function: { name: "f" },
    }],
  ] as const).map(([choice, want]): RequestCase => ({
    name: `maps tool_choice ${JSON.stringify(choice)}`,
    input: {
      model: "m",
      max_tokens: 100,
      messages: [USER],
      tools: [{ name: "f", input_schema: {} }],
      tool_choice: choice,
    },
    want: {
      ...BASE,
      tools: [{ type: "function", function: { name: "f", parameters: {} } }],
      tool_choice: want,
    },
  })),
  ...([
    [1024, "low"],
    [8000, "medium"],
    [31999, "high"],
  ] as const).map(([budget, want]): RequestCase => ({
    name: `maps a thinking budget of ${budget} to reasoning_effort ${want}`,
    input: {
      model: "m",
      max_tokens: 100,
      messages: [USER],
      thinking: { type: "enabled", budget_tokens: budget },
    },
    want: { ...BASE, reasoning_effort: want },
  })),
  {
    name: "asks for streamed usage when streaming",
    input: { model: "m", max_tokens: 100, messages: [USER], stream: true },
    want: { ...BASE, stream: true, stream_options: { include_usage: true } },
  },
];

for (const c of REQUEST_CASES) {
  Deno.test(`toOpenAiRequest() ${c.name}`, () => {
    assert.deepStrictEqual(
      toOpenAiRequest(parseMessagesRequest(c.input), c.opts),
      c.want,
    );
  });
}

const REJECT_CASES: {
  name: string;
  input: Record<string, unknown>;
  param: string;
}[] = [
  {
    name: "a missing max_tokens",
    input: { model: "m", messages: [USER] },
    param: "max_tokens",
  },
  {
    name: "an orphan tool_result",
    input: {
      model: "m",
      max_tokens: 1,
      messages: [{
        role: "user",
        content: [{ type: "tool_result", tool_use_id: "x", content: "r" }],
      }],
    },
    param: "messages[0].content[0].tool_use_id",
  },
  {
    name: "an unanswered tool_use",
    input: {
      model: "m",
      max_tokens: 1,
      messages: [USER, {
        role: "assistant",
        content: [{ type: "tool_use", id: "t", name: "f", input: {} }],
      }, USER],
    },
    param: "messages[1].content[0]",
  },
  {
    name: "an unknown block type",
    input: {
      model: "m",
      max_tokens: 1,
      messages: [{ role: "user", content: [{ type: "hologram" }] }],
    },
    param: "messages[0].content[0].type",
  },
];

for (const c of REJECT_CASES) {
  Deno.test(`toOpenAiRequest() rejects ${c.name} naming ${c.param}`, () => {
    assert.throws(
      () => toOpenAiRequest(parseMessagesRequest(c.input)),
      (err: unknown) => err instanceof PluginError && err.param === c.param,
    );
  });
}

Deno.test("anthropic2openai drops anthropic headers and ?beta=true, and rewrites the path", async () => {
  const run = createRun(anthropic2openai);
  const req = forwarded(
    await run.request(
      "/messages",
      { model: "m", max_tokens: 5, messages: [USER] },
      "?beta=true",
      {
        "anthropic-beta": "x",
        "anthropic-version": "2023-06-01",
        "x-keep": "1",
      },
    ),
  );
  assert.equal(req.path, "/chat/completions");
  assert.equal(req.query, "");
  assert.equal(req.headers.get("anthropic-beta"), null);
  assert.equal(req.headers.get("anthropic-version"), null);
  assert.equal(req.headers.get("x-keep"), "1");
});

Deno.test("anthropic2openai answers count_tokens locally with an estimate", async () => {
  const run = createRun(anthropic2openai);
  const out = await run.request("/messages/count_tokens", {
    model: "m",
    system: "You are helpful.",
    messages: [{ role: "user", content: "Hello there, how are you today?" }],
  });
  assert.ok("respond" in out);
  assert.equal(out.respond.status, 200);
  const body = out.respond.body as { input_tokens: number };
  assert.ok(
    body.input_tokens > 8 && body.input_tokens < 40,
    String(body.input_tokens),
  );
});

Deno.test("estimateInputTokens() grows with text, images and tools", () => {
  const base = {
    model: "m",
    messages: [{ role: "user" as const, content: "hello" }],
  };
  const small = estimateInputTokens(base);
  const long = estimateInputTokens({
    ...base,
    messages: [{ role: "user", content: "hello ".repeat(100) }],
  });
  const image = estimateInputTokens({
    ...base,
    messages: [{
      role: "user",
      content: [{ type: "image", source: { type: "url", url: "https://x" } }],
    }],
  });
  const tools = estimateInputTokens({
    ...base,
    tools: [{ name: "f", input_schema: { type: "object" } }],
  });
  assert.ok(long > small + 90);
  assert.ok(image >= 1600);
  assert.ok(tools > small);
});

const COMPLETION = {
  id: "chatcmpl-1",
  object: "chat.completion",
  created: 1,
  model: "gpt",
  choices: [{
    index: 0,
    message: { role: "assistant", content: "hi" },
    finish_reason: "stop",
  }],
};

Deno.test("toAnthropicMessage() maps reasoning, text, tool calls and usage", () => {
  const got = toAnthropicMessage(parseChatCompletion({
    ...COMPLETION,
    choices: [{
      index: 0,
      message: {
        role: "assistant",
        content: "answer",
        reasoning_content: "think",
        tool_calls: [{
          id: "c1",
          type: "function",
          function: { name: "f", arguments: '{"a":[1]}' },
        }],
      },
      finish_reason: "tool_calls",
    }],
    usage: {
      prompt_tokens: 20,
      completion_tokens: 3,
      total_tokens: 23,
      prompt_tokens_details: { cached_tokens: 8 },
    },
  }));
  assert.deepStrictEqual(got, {
    id: "msg_chatcmpl-1",
    type: "message",
    role: "assistant",
    model: "gpt",
    content: [
      { type: "thinking", thinking: "think", signature: TRANSLATED_SIGNATURE },
      { type: "text", text: "answer" },
      { type: "tool_use", id: "c1", name: "f", input: { a: [1] } },
    ],
    stop_reason: "tool_use",
    stop_sequence: null,
    usage: { input_tokens: 12, output_tokens: 3, cache_read_input_tokens: 8 },
  });
});

for (
  const [reason, want] of [
    ["stop", "end_turn"],
    ["length", "max_tokens"],
    ["tool_calls", "tool_use"],
    ["content_filter", "refusal"],
  ] as const
) {
  Deno.test(`toAnthropicMessage() maps finish_reason ${reason} to ${want}`, () => {
    const got = toAnthropicMessage(parseChatCompletion({
      ...COMPLETION,
      choices: [{
        index: 0,
        message: { role: "assistant", content: "x" },
        finish_reason: reason,
      }],
    }));
    assert.equal(got.stop_reason, want);
    assert.equal(got.usage, undefined);
  });
}

for (
  const [status, want] of [
    [400, "invalid_request_error"],
    [401, "authentication_error"],
    [403, "permission_error"],
    [404, "not_found_error"],
    [429, "rate_limit_error"],
    [500, "api_error"],
    [503, "overloaded_error"],
    [529, "overloaded_error"],
  ] as const
) {
  Deno.test(`toAnthropicError() maps status ${status} to ${want}`, () => {
    assert.deepStrictEqual(
      toAnthropicError(
        { error: { message: "m", type: "t", code: null } },
        status,
      ),
      {
        type: "error",
        error: { type: want, message: "m" },
      },
    );
  });
}

function chunk(
  delta: Record<string, unknown>,
  finish: string | null = null,
  extra: object = {},
) {
  return {
    data: JSON.stringify({
      id: "c",
      object: "chat.completion.chunk",
      created: 1,
      model: "gpt",
      choices: [{ index: 0, delta, finish_reason: finish }],
      ...extra,
    }),
  };
}

function usageChunk(prompt: number, completion: number) {
  return {
    data: JSON.stringify({
      id: "c",
      object: "chat.completion.chunk",
      created: 1,
      model: "gpt",
      choices: [],
      usage: {
        prompt_tokens: prompt,
        completion_tokens: completion,
        total_tokens: prompt + completion,
      },
    }),
  };
}

Deno.test("toAnthropicEvents() streams parallel tool calls as separate blocks with all arguments", () => {
  const state = createAnthropicStreamState({
    model: "m",
    inputTokensEstimate: 42,
  });
  const input = [
    chunk({ role: "assistant", content: "" }),
    chunk({ content: "Let me" }),
    chunk({
      tool_calls: [{
        index: 0,
        id: "a",
        type: "function",
        function: { name: "f", arguments: "" },
      }],
    }),
    chunk({ tool_calls: [{ index: 0, function: { arguments: '{"x"' } }] }),
    chunk({ tool_calls: [{ index: 0, function: { arguments: ":1}" } }] }),
    chunk({
      tool_calls: [{
        index: 1,
        id: "b",
        type: "function",
        function: { name: "g", arguments: "{}" },
      }],
    }),
    chunk({}, "tool_calls"),
    usageChunk(50, 9),
    { data: "[DONE]" },
  ];
  const out = input.flatMap((e) => toAnthropicEvents(e, state));
  const types = out.map((e) => e.event);
  assert.deepStrictEqual(types, [
    "message_start",
    "content_block_start",
    "content_block_delta",
    "content_block_stop",
    "content_block_start",
    "content_block_delta",
    "content_block_delta",
    "content_block_stop",
    "content_block_start",
    "content_block_delta",
    "content_block_stop",
    "message_delta",
    "message_stop",
  ]);
  const data = out.map((e) => JSON.parse(e.data));
  assert.equal(data[0].message.usage.input_tokens, 42);
  assert.deepStrictEqual(data[4].content_block, {
    type: "tool_use",
    id: "a",
    name: "f",
    input: {},
  });
  assert.equal(data[4].index, 1);
  assert.equal(
    data[5].delta.partial_json + data[6].delta.partial_json,
    '{"x":1}',
  );
  assert.equal(data[8].index, 2);
  assert.equal(data[9].delta.partial_json, "{}");
  assert.deepStrictEqual(data[11], {
    type: "message_delta",
    delta: { stop_reason: "tool_use", stop_sequence: null },
    usage: { output_tokens: 9, input_tokens: 50 },
  });
  assert.deepStrictEqual(flushAnthropicStream(state), []);
});

Deno.test("toAnthropicEvents() uses reported prompt tokens in message_start when the first chunk has usage", () => {
  const state = createAnthropicStreamState({
    model: "m",
    inputTokensEstimate: 1,
  });
  const out = toAnthropicEvents(
    chunk({ content: "x" }, null, {
      usage: { prompt_tokens: 77, completion_tokens: 0, total_tokens: 77 },
    }),
    state,
  );
  assert.equal(JSON.parse(out[0].data).message.usage.input_tokens, 77);
});

Deno.test("toAnthropicEvents() treats a new id at a reused index as a new tool call", () => {
  const state = createAnthropicStreamState({ model: "m" });
  const out = [
    chunk({
      tool_calls: [{
        index: 0,
        id: "a",
        function: { name: "f", arguments: "{}" },
      }],
    }),
    chunk({
      tool_calls: [{
        index: 0,
        id: "b",
        function: { name: "g", arguments: "{}" },
      }],
    }),
    chunk({}, "tool_calls", {
      usage: { prompt_tokens: 1, completion_tokens: 1, total_tokens: 2 },
    }),
  ].flatMap((e) => toAnthropicEvents(e, state));
  const starts = out.filter((e) => e.event === "content_block_start").map((e) =>
    JSON.parse(e.data)
  );
  assert.deepStrictEqual(starts.map((s) => [s.index, s.content_block.id]), [[
    0,
    "a",
  ], [1, "b"]]);
  assert.equal(out.at(-1)?.event, "message_stop");
});

Deno.test("toAnthropicEvents() maps reasoning to a thinking block before text", () => {
  const state = createAnthropicStreamState({ model: "m" });
  const out = [
    chunk({ reasoning_content: "hm" }),
    chunk({ content: "ok" }),
    chunk({}, "stop"),
  ]
    .flatMap((e) => toAnthropicEvents(e, state));
  const starts = out.filter((e) => e.event === "content_block_start").map((e) =>
    JSON.parse(e.data).content_block.type
  );
  assert.deepStrictEqual(starts, ["thinking", "text"]);
  // Waiting for the usage chunk: message_delta only comes with [DONE] or the flush.
  assert.notEqual(out.at(-1)?.event, "message_stop");
  const end = flushAnthropicStream(state);
  assert.deepStrictEqual(end.map((e) => e.event), [
    "message_delta",
    "message_stop",
  ]);
  assert.equal(JSON.parse(end[0].data).delta.stop_reason, "end_turn");
});

Deno.test("toAnthropicEvents() turns an upstream error chunk into a terminal error event", () => {
  const state = createAnthropicStreamState({ model: "m" });
  toAnthropicEvents(chunk({ content: "x" }), state);
  const out = toAnthropicEvents({
    data: JSON.stringify({ error: { message: "bad", type: "server_error" } }),
  }, state);
  assert.deepStrictEqual(out, [{
    event: "error",
    data: JSON.stringify({
      type: "error",
      error: { type: "api_error", message: "bad" },
    }),
  }]);
  assert.deepStrictEqual(flushAnthropicStream(state), []);
});

const EFFORTS: [
  name: string,
  thinking: Record<string, unknown> | undefined,
  effort: string | undefined,
  want: string | undefined,
][] = [
  ["no thinking", undefined, undefined, undefined],
  ["disabled thinking", { type: "disabled" }, undefined, undefined],
  [
    "adaptive thinking",
    { type: "adaptive", display: "omitted" },
    undefined,
    "medium",
  ],
  [
    "a small budget",
    { type: "enabled", budget_tokens: 2048 },
    undefined,
    "low",
  ],
  [
    "a large budget",
    { type: "enabled", budget_tokens: 20000 },
    undefined,
    "high",
  ],
  [
    "output_config.effort low over a budget",
    { type: "enabled", budget_tokens: 20000 },
    "low",
    "low",
  ],
  ["output_config.effort max", { type: "adaptive" }, "max", "high"],
  ["output_config.effort without thinking", undefined, "medium", "medium"],
];

for (const [name, thinking, effort, want] of EFFORTS) {
  Deno.test(`toOpenAiRequest() maps ${name} to reasoning_effort ${want ?? "none"}`, () => {
    const out = toOpenAiRequest(parseMessagesRequest({
      model: "m",
      max_tokens: 30000,
      messages: [USER],
      ...(thinking && { thinking }),
      ...(effort && { output_config: { effort } }),
    }));
    assert.equal(out.reasoning_effort, want);
  });
}

Deno.test("toOpenAiRequest() drops reasoning_effort for a model that does not take it", () => {
  const log = createRecordingLog();
  const out = toOpenAiRequest(
    parseMessagesRequest({
      model: "m",
      max_tokens: 10,
      messages: [USER],
      thinking: { type: "adaptive" },
    }),
    { reasoningEffort: false, log },
  );
  assert.equal("reasoning_effort" in out, false);
  assert.ok(
    log.lines.some((l) =>
      l.level === "debug" && /reasoning_effort/.test(l.message)
    ),
  );
});

Deno.test("toOpenAiRequest() maps output_config.format and the beta's output_format to a strict json_schema", () => {
  const schema = { type: "object", properties: { a: { type: "string" } } };
  for (
    const extra of [{
      output_config: { format: { type: "json_schema", schema } },
    }, {
      output_format: { type: "json_schema", schema },
    }]
  ) {
    const out = toOpenAiRequest(
      parseMessagesRequest({
        model: "m",
        max_tokens: 10,
        messages: [USER],
        ...extra,
      }),
    );
    assert.deepStrictEqual(out.response_format, {
      type: "json_schema",
      json_schema: { name: "output", schema, strict: true },
    });
  }
});

Deno.test("toOpenAiRequest() refuses server tools when the downstream's hosted_tools is refuse, naming the tool", () => {
  const input = parseMessagesRequest({
    model: "m",
    max_tokens: 10,
    messages: [USER],
    tools: [{ name: "f", input_schema: { type: "object" } }, {
      type: "code_execution_20250825",
      name: "code_execution",
    }],
  });
  assert.throws(
    () => toOpenAiRequest(input, { hostedTools: "refuse" }),
    (err: unknown) =>
      err instanceof PluginError && err.param === "tools[1].type",
  );
  const dropped = toOpenAiRequest(input);
  assert.deepStrictEqual(dropped.tools?.map((t) => t.function.name), ["f"]);
});

Deno.test("toOpenAiRequest() refuses a forced tool_choice naming a dropped server tool", () => {
  assert.throws(
    () =>
      toOpenAiRequest(parseMessagesRequest({
        model: "m",
        max_tokens: 10,
        messages: [USER],
        tools: [{ name: "f", input_schema: { type: "object" } }, {
          type: "web_search_20250305",
          name: "web_search",
        }],
        tool_choice: { type: "tool", name: "web_search" },
      })),
    (err: unknown) =>
      err instanceof PluginError && err.param === "tool_choice.name",
  );
});

Deno.test("anthropic2openai refuses mcp_servers for a hosted_tools: refuse downstream and drops them otherwise", async () => {
  const body = {
    model: "m",
    max_tokens: 10,
    messages: [USER],
    mcp_servers: [{ type: "url", url: "https://mcp.example.com", name: "x" }],
    context_management: { edits: [] },
  };
  const refusing = createRun(anthropic2openai, {
    downstream: { hostedTools: "refuse" },
  });
  await assert.rejects(
    async () => await refusing.request("/messages", body),
    (err: unknown) =>
      err instanceof PluginError && /mcp_servers/.test(err.message),
  );
  const run = createRun(anthropic2openai);
  const req = forwarded(await run.request("/messages", body));
  assert.equal("mcp_servers" in req.body, false);
  assert.ok(
    run.log.lines.some((l) =>
      l.level === "debug" && JSON.stringify(l.fields).includes("mcp_servers") &&
      JSON.stringify(l.fields).includes("context_management")
    ),
  );
});

Deno.test("toOpenAiRequest() puts a system message that arrives between a tool call and its result after the tool message", () => {
  const out = toOpenAiRequest(parseMessagesRequest({
    model: "m",
    max_tokens: 10,
    messages: [
      USER,
      {
        role: "assistant",
        content: [{ type: "tool_use", id: "t1", name: "f", input: {} }],
      },
      { role: "system", content: "reminder" },
      {
        role: "user",
        content: [{ type: "tool_result", tool_use_id: "t1", content: "ok" }],
      },
    ],
  }));
  assert.deepStrictEqual(out.messages.map((m) => m.role), [
    "user",
    "assistant",
    "tool",
    "system",
  ]);
});

Deno.test("anthropic2openai counts Claude Code's current surface: system messages, thinking config, server blocks", async () => {
  const run = createRun(anthropic2openai);
  const withSystem = await run.request("/messages/count_tokens", {
    model: "m",
    thinking: { type: "adaptive", display: "omitted" },
    output_config: { effort: "medium" },
    context_management: { edits: [] },
    messages: [
      { role: "user", content: "Hello" },
      {
        role: "system",
        content: [{ type: "text", text: "Environment: ".repeat(50) }],
      },
      {
        role: "assistant",
        content: [{
          type: "server_tool_use",
          id: "s",
          name: "web_search",
          input: {},
        }, {
          type: "text",
          text: "ok",
        }],
      },
      { role: "user", content: "more" },
    ],
  });
  const without = await run.request("/messages/count_tokens", {
    model: "m",
    messages: [{ role: "user", content: "Hello" }, {
      role: "assistant",
      content: "ok",
    }, {
      role: "user",
      content: "more",
    }],
  });
  assert.ok("respond" in withSystem && "respond" in without);
  const count = (o: { respond: { body: unknown } }) =>
    (o.respond.body as { input_tokens: number }).input_tokens;
  assert.ok(
    count(withSystem) > count(without) + 50,
    `${count(withSystem)} vs ${count(without)}`,
  );
});

Deno.test("toAnthropicMessage() maps content_filter to refusal and length to max_tokens", () => {
  const base = {
    id: "c",
    object: "chat.completion" as const,
    created: 0,
    model: "m",
  };
  for (
    const [finish, want] of [["content_filter", "refusal"], [
      "length",
      "max_tokens",
    ]] as const
  ) {
    const got = toAnthropicMessage({
      ...base,
      choices: [{
        index: 0,
        message: { role: "assistant", content: "x" },
        finish_reason: finish,
      }],
    });
    assert.equal(got.stop_reason, want);
  }
});
