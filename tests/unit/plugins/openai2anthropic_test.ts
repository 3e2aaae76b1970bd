import assert from "node:assert/strict";
import { PluginError } from "../../../plugins/errors.ts";
import { openai2anthropic } from "../../../plugins/openai2anthropic/mod.ts";
import { parseChatCompletionRequest } from "../../../plugins/protocol/openai/parse_request.ts";
import {
  createOpenAiStreamState,
  flushOpenAiStream,
  toOpenAiChunks,
} from "../../../plugins/openai2anthropic/stream_to_openai.ts";
import { toAnthropicRequest } from "../../../plugins/openai2anthropic/to_anthropic_request.ts";
import { toChatCompletion } from "../../../plugins/openai2anthropic/to_openai_response.ts";
import { toOpenAiError } from "../../../plugins/convert_shared/to_openai_error.ts";
import type * as anthropic from "../../../plugins/protocol/anthropic/types.ts";
import {
  createRecordingLog,
  createRun,
  forwarded,
  runConverterContract,
} from "../../_helpers/converter_contract.ts";

runConverterContract(openai2anthropic);

interface RequestCase {
  name: string;
  input: Record<string, unknown>;
  opts?: { defaultMaxTokens?: number; maxOutputTokens?: number };
  want: anthropic.MessagesRequest;
}

const USER = { role: "user", content: "hi" };
const BASE: anthropic.MessagesRequest = {
  model: "m",
  max_tokens: 4096,
  messages: [{ role: "user", content: "hi" }],
};

const REQUEST_CASES: RequestCase[] = [
  {
    name: "moves system messages to the top-level system field",
    input: {
      model: "m",
      messages: [{ role: "system", content: "be brief" }, USER],
    },
    want: {
      ...BASE,
      system: "be brief",
      messages: [{ role: "user", content: "hi" }],
    },
  },
  {
    name: "keeps system and developer messages in order as blocks",
    input: {
      model: "m",
      messages: [
        { role: "system", content: "one" },
        { role: "developer", content: [{ type: "text", text: "two" }] },
        USER,
      ],
    },
    want: {
      ...BASE,
      system: [{ type: "text", text: "one" }, { type: "text", text: "two" }],
      messages: [{ role: "user", content: "hi" }],
    },
  },
  {
    name: "maps data URI images to base64 and http URLs to url sources",
    input: {
      model: "m",
      messages: [{
        role: "user",
        content: [
          { type: "text", text: "look" },
          {
            type: "image_url",
            image_url: { url: "data:image/png;base64,AAAA" },
          },
          { type: "image_url", image_url: { url: "https://x.test/a.jpg" } },
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
            type: "image",
            source: { type: "base64", media_type: "image/png", data: "AAAA" },
          },
          {
            type: "image",
            source: { type: "url", url: "https://x.test/a.jpg" },
          },
        ],
      }],
    },
  },
  {
    name:
      "turns tool calls into tool_use and merges tool results with following user text",
    input: {
      model: "m",
      messages: [
        USER,
        {
          role: "assistant",
          content: "checking",
          tool_calls: [
            {
              id: "call_1",
              type: "function",
              function: { name: "a", arguments: '{"x":1}' },
            },
            {
              id: "call.2",
              type: "function",
              function: { name: "b", arguments: "" },
            },
          ],
        },
        { role: "tool", tool_call_id: "call_1", content: "one" },
        {
          role: "tool",
          tool_call_id: "call.2",
          content: [{ type: "text", text: "two" }],
        },
        { role: "user", content: "thanks" },
      ],
    },
    want: {
      ...BASE,
      messages: [
        { role: "user", content: "hi" },
        {
          role: "assistant",
          content: [
            { type: "text", text: "checking" },
            { type: "tool_use", id: "call_1", name: "a", input: { x: 1 } },
            { type: "tool_use", id: "call_2", name: "b", input: {} },
          ],
        },
        {
          role: "user",
          content: [
            { type: "tool_result", tool_use_id: "call_1", content: "one" },
            {
              type: "tool_result",
              tool_use_id: "call_2",
              content: [{ type: "text", text: "two" }],
            },
            { type: "text", text: "thanks" },
          ],
        },
      ],
    },
  },
  {
    name: "merges consecutive user messages so roles alternate",
    input: { model: "m", messages: [USER, { role: "user", content: "again" }] },
    want: {
      ...BASE,
      messages: [{
        role: "user",
        content: [{ type: "text", text: "hi" }, {
          type: "text",
          text: "again",
        }],
      }],
    },
  },
  {
    name: "uses max_completion_tokens over max_tokens",
    input: {
      model: "m",
      messages: [USER],
      max_tokens: 10,
      max_completion_tokens: 20,
    },
    want: { ...BASE, max_tokens: 20 },
  },
  {
    name: "defaults max_tokens to the downstream setting",
    input: { model: "m", messages: [USER] },
    opts: { defaultMaxTokens: 1234 },
    want: { ...BASE, max_tokens: 1234 },
  },
  {
    name: "clamps max_tokens to the downstream's max_output_tokens",
    input: { model: "m", messages: [USER], max_tokens: 32000 },
    opts: { maxOutputTokens: 8192 },
    want: { ...BASE, max_tokens: 8192 },
  },
  {
    name: "maps a stop string to stop_sequences",
    input: { model: "m", messages: [USER], stop: "END" },
    want: { ...BASE, stop_sequences: ["END"] },
  },
  {
    name: "maps a stop list and drops whitespace-only sequences",
    input: { model: "m", messages: [USER], stop: ["a", "\n", "b"] },
    want: { ...BASE, stop_sequences: ["a", "b"] },
  },
  {
    name: "clamps temperature to 0-1 and keeps top_p",
    input: { model: "m", messages: [USER], temperature: 1.7, top_p: 0.5 },
    want: { ...BASE, temperature: 1, top_p: 0.5 },
  },
  {
    name: "maps user to metadata.user_id and stream to stream",
    input: { model: "m", messages: [USER], user: "u1", stream: true },
    want: { ...BASE, metadata: { user_id: "u1" }, stream: true },
  },
  {
    name: "maps tools and tool_choice required to any",
    input: {
      model: "m",
      messages: [USER],
      tools: [{
        type: "function",
        function: {
          name: "f",
          description: "d",
          parameters: { type: "object", properties: {} },
        },
      }, { type: "function", function: { name: "g" } }],
      tool_choice: "required",
    },
    want: {
      ...BASE,
      tools: [
        {
          name: "f",
          description: "d",
          input_schema: { type: "object", properties: {} },
        },
        { name: "g", input_schema: { type: "object", properties: {} } },
      ],
      tool_choice: { type: "any" },
    },
  },
  ...([
    ["auto", { type: "auto" }],
    ["none", { type: "none" }],
    [{ type: "function", function: { name: "f" } }, {
      type: "tool",
      name: "f",
    }],
  ] as const).map(([choice, want]): RequestCase => ({
    name: `maps tool_choice ${JSON.stringify(choice)}`,
    input: {
      model: "m",
      messages: [USER],
      tools: [{ type: "function", function: { name: "f" } }],
      tool_choice: choice,
    },
    want: {
      ...BASE,
      tools: [{ name: "f", input_schema: { type: "object", properties: {} } }],
      tool_choice: want,
    },
  })),
  {
    name: "maps parallel_tool_calls false to disable_parallel_tool_use",
    input: {
      model: "m",
      messages: [USER],
      tools: [{ type: "function", function: { name: "f" } }],
      parallel_tool_calls: false,
    },
    want: {
      ...BASE,
      tools: [{ name: "f", input_schema: { type: "object", properties: {} } }],
      tool_choice: { type: "auto", disable_parallel_tool_use: true },
    },
  },
  {
    name:
      "maps reasoning_effort to a thinking budget and raises max_tokens above it",
    input: {
      model: "m",
      messages: [USER],
      reasoning_effort: "medium",
      max_tokens: 1000,
      temperature: 0.2,
    },
    want: {
      ...BASE,
      max_tokens: 9192,
      thinking: { type: "enabled", budget_tokens: 8192 },
    },
  },
  {
    name: "shrinks the thinking budget under a max_output_tokens cap",
    input: { model: "m", messages: [USER], reasoning_effort: "high" },
    opts: { maxOutputTokens: 10000 },
    want: {
      ...BASE,
      max_tokens: 10000,
      thinking: { type: "enabled", budget_tokens: 9999 },
    },
  },
  {
    name: "maps response_format json_schema to a forced tool",
    input: {
      model: "m",
      messages: [USER],
      response_format: {
        type: "json_schema",
        json_schema: {
          name: "answer",
          schema: { type: "object", properties: { a: { type: "string" } } },
        },
      },
    },
    want: {
      ...BASE,
      tools: [{
        name: "answer",
        input_schema: { type: "object", properties: { a: { type: "string" } } },
      }],
      tool_choice: { type: "tool", name: "answer" },
    },
  },
];

for (const c of REQUEST_CASES) {
  Deno.test(`toAnthropicRequest() ${c.name}`, () => {
    const got = toAnthropicRequest(parseChatCompletionRequest(c.input), c.opts);
    assert.deepStrictEqual(got, c.want);
  });
}

interface RejectCase {
  name: string;
  input: Record<string, unknown>;
  param: string;
}

const REJECT_CASES: RejectCase[] = [
  { name: "n > 1", input: { model: "m", messages: [USER], n: 2 }, param: "n" },
  {
    name: "logprobs",
    input: { model: "m", messages: [USER], logprobs: true },
    param: "logprobs",
  },
  {
    name: "top_logprobs",
    input: { model: "m", messages: [USER], top_logprobs: 2 },
    param: "top_logprobs",
  },
  {
    name: "audio output",
    input: { model: "m", messages: [USER], audio: { voice: "x" } },
    param: "audio",
  },
  {
    name: "audio modality",
    input: { model: "m", messages: [USER], modalities: ["text", "audio"] },
    param: "modalities",
  },
  {
    name: "audio input",
    input: {
      model: "m",
      messages: [{
        role: "user",
        content: [{
          type: "input_audio",
          input_audio: { data: "x", format: "wav" },
        }],
      }],
    },
    param: "messages[0].content[0]",
  },
  {
    name: "invalid tool arguments",
    input: {
      model: "m",
      messages: [USER, {
        role: "assistant",
        tool_calls: [{
          id: "c",
          type: "function",
          function: { name: "f", arguments: "{oops" },
        }],
      }, { role: "tool", tool_call_id: "c", content: "r" }],
    },
    param: "messages[1].tool_calls[0].function.arguments",
  },
  {
    name: "a tool message answering no call",
    input: {
      model: "m",
      messages: [USER, { role: "tool", tool_call_id: "zz", content: "r" }],
    },
    param: "messages[1].tool_call_id",
  },
  {
    name: "a tool call left unanswered",
    input: {
      model: "m",
      messages: [USER, {
        role: "assistant",
        tool_calls: [{
          id: "c",
          type: "function",
          function: { name: "f", arguments: "{}" },
        }],
      }, USER],
    },
    param: "messages[1].tool_calls",
  },
  {
    name: "an ftp image URL",
    input: {
      model: "m",
      messages: [{
        role: "user",
        content: [{ type: "image_url", image_url: { url: "ftp://x" } }],
      }],
    },
    param: "messages[0].content[0].image_url.url",
  },
  {
    name: "only system messages",
    input: { model: "m", messages: [{ role: "system", content: "s" }] },
    param: "messages",
  },
  {
    name: "a bad role",
    input: { model: "m", messages: [{ role: "robot", content: "s" }] },
    param: "messages[0].role",
  },
  { name: "a missing model", input: { messages: [USER] }, param: "model" },
];

for (const c of REJECT_CASES) {
  Deno.test(`toAnthropicRequest() rejects ${c.name} naming ${c.param}`, () => {
    assert.throws(
      () => toAnthropicRequest(parseChatCompletionRequest(c.input)),
      (err: unknown) =>
        err instanceof PluginError && err.param === c.param &&
        err.kind === "invalid_request",
    );
  });
}

Deno.test("toAnthropicRequest() logs the temperature clamp at info", () => {
  const log = createRecordingLog();
  toAnthropicRequest(
    parseChatCompletionRequest({
      model: "m",
      messages: [USER],
      temperature: 2,
    }),
    { log },
  );
  assert.ok(
    log.lines.some((l) =>
      l.level === "info" && l.message.includes("temperature")
    ),
  );
});

Deno.test("openai2anthropic drops ignorable fields with a debug log and rewrites the path", async () => {
  const run = createRun(openai2anthropic);
  const req = forwarded(
    await run.request("/chat/completions", {
      model: "m",
      messages: [USER],
      seed: 1,
      presence_penalty: 1,
    }, "?x=1"),
  );
  assert.equal(req.path, "/messages");
  assert.equal(req.query, "");
  assert.equal(req.body.seed, undefined);
  assert.deepStrictEqual(
    run.log.lines.find((l) => l.level === "debug")?.fields,
    { dropped: ["seed", "presence_penalty"] },
  );
});

const MSG: anthropic.MessagesResponse = {
  id: "msg_1",
  type: "message",
  role: "assistant",
  model: "claude",
  content: [],
  stop_reason: "end_turn",
  stop_sequence: null,
};

Deno.test("toChatCompletion() maps text, thinking, tool_use and usage with cache tokens", () => {
  const got = toChatCompletion({
    ...MSG,
    content: [
      { type: "thinking", thinking: "hmm", signature: "sig" },
      { type: "text", text: "a" },
      { type: "text", text: "b" },
      { type: "tool_use", id: "t1", name: "f", input: { x: 1 } },
    ],
    stop_reason: "tool_use",
    usage: {
      input_tokens: 10,
      output_tokens: 4,
      cache_read_input_tokens: 5,
      cache_creation_input_tokens: 2,
    },
  }, { created: 7 });
  assert.deepStrictEqual(got, {
    id: "msg_1",
    object: "chat.completion",
    created: 7,
    model: "claude",
    choices: [{
      index: 0,
      message: {
        role: "assistant",
        content: "ab",
        reasoning_content: "hmm",
        tool_calls: [{
          id: "t1",
          type: "function",
          function: { name: "f", arguments: '{"x":1}' },
        }],
      },
      finish_reason: "tool_calls",
      logprobs: null,
    }],
    usage: {
      prompt_tokens: 17,
      completion_tokens: 4,
      total_tokens: 21,
      prompt_tokens_details: { cached_tokens: 5 },
    },
  });
});

for (
  const [reason, want] of [
    ["end_turn", "stop"],
    ["stop_sequence", "stop"],
    ["max_tokens", "length"],
    ["tool_use", "tool_calls"],
    ["refusal", "content_filter"],
    ["pause_turn", "stop"],
    ["model_context_window_exceeded", "length"],
  ] as const
) {
  Deno.test(`toChatCompletion() maps stop_reason ${reason} to ${want}`, () => {
    const got = toChatCompletion({ ...MSG, stop_reason: reason }, {
      created: 0,
    });
    assert.equal(got.choices[0].finish_reason, want);
    assert.equal(got.usage, undefined);
  });
}

Deno.test("toChatCompletion() returns the schema tool's input as content", () => {
  const got = toChatCompletion({
    ...MSG,
    content: [{ type: "tool_use", id: "t", name: "answer", input: { a: "x" } }],
    stop_reason: "tool_use",
  }, { created: 0, jsonToolName: "answer" });
  assert.equal(got.choices[0].message.content, '{"a":"x"}');
  assert.equal(got.choices[0].message.tool_calls, undefined);
  assert.equal(got.choices[0].finish_reason, "stop");
});

for (
  const [type, want] of [
    ["overloaded_error", "server_error"],
    ["rate_limit_error", "rate_limit_error"],
    ["invalid_request_error", "invalid_request_error"],
    ["authentication_error", "authentication_error"],
  ] as const
) {
  Deno.test(`toOpenAiError() maps ${type} to ${want} and keeps the type in code`, () => {
    assert.deepStrictEqual(
      toOpenAiError({ type: "error", error: { type, message: "m" } }, 529),
      {
        error: { message: "m", type: want, code: type },
      },
    );
  });
}

function events(list: object[]): { event: string; data: string }[] {
  return list.map((e) => ({
    event: (e as { type: string }).type,
    data: JSON.stringify(e),
  }));
}

Deno.test("toOpenAiChunks() streams parallel tool calls with their own indexes and never loses arguments", () => {
  const state = createOpenAiStreamState({
    created: 1,
    model: "m",
    includeUsage: true,
  });
  const input = events([
    {
      type: "message_start",
      message: {
        ...MSG,
        stop_reason: null,
        usage: { input_tokens: 9, output_tokens: 1 },
      },
    },
    {
      type: "content_block_start",
      index: 0,
      content_block: { type: "tool_use", id: "a", name: "f", input: {} },
    },
    {
      type: "content_block_delta",
      index: 0,
      delta: { type: "input_json_delta", partial_json: '{"x"' },
    },
    {
      type: "content_block_delta",
      index: 0,
      delta: { type: "input_json_delta", partial_json: ":1}" },
    },
    { type: "content_block_stop", index: 0 },
    {
      type: "content_block_start",
      index: 1,
      content_block: { type: "tool_use", id: "b", name: "g", input: {} },
    },
    {
      type: "content_block_delta",
      index: 1,
      delta: { type: "input_json_delta", partial_json: "{}" },
    },
    { type: "content_block_stop", index: 1 },
    {
      type: "message_delta",
      delta: { stop_reason: "tool_use", stop_sequence: null },
      usage: { output_tokens: 7 },
    },
    { type: "message_stop" },
  ]);
  const out = input.flatMap((e) => toOpenAiChunks(e, state));
  assert.equal(out.at(-1)?.data, "[DONE]");
  const chunks = out.slice(0, -1).map((e) => JSON.parse(e.data));
  const args = new Map<number, string>();
  for (const c of chunks) {
    for (const t of c.choices[0]?.delta.tool_calls ?? []) {
      args.set(
        t.index,
        (args.get(t.index) ?? "") + (t.function?.arguments ?? ""),
      );
    }
  }
  assert.deepStrictEqual([...args], [[0, '{"x":1}'], [1, "{}"]]);
  assert.equal(chunks.at(-2).choices[0].finish_reason, "tool_calls");
  assert.deepStrictEqual(chunks.at(-1), {
    id: "msg_1",
    object: "chat.completion.chunk",
    created: 1,
    model: "claude",
    choices: [],
    usage: { prompt_tokens: 9, completion_tokens: 7, total_tokens: 16 },
  });
  assert.deepStrictEqual(flushOpenAiStream(state), []);
});

Deno.test("toOpenAiChunks() turns an error event into an error chunk and [DONE], then ignores the rest", () => {
  const state = createOpenAiStreamState({ created: 1, model: "m" });
  const out = toOpenAiChunks(
    {
      event: "error",
      data: JSON.stringify({
        type: "error",
        error: { type: "overloaded_error", message: "busy" },
      }),
    },
    state,
  );
  assert.deepStrictEqual(out.map((e) => e.data), [
    JSON.stringify({
      error: {
        message: "busy",
        type: "server_error",
        code: "overloaded_error",
      },
    }),
    "[DONE]",
  ]);
  assert.deepStrictEqual(
    toOpenAiChunks({ event: "ping", data: '{"type":"message_stop"}' }, state),
    [],
  );
  assert.deepStrictEqual(flushOpenAiStream(state), []);
});

Deno.test("toOpenAiChunks() ignores ping and unknown events", () => {
  const state = createOpenAiStreamState({ created: 1, model: "m" });
  assert.deepStrictEqual(
    toOpenAiChunks({ event: "ping", data: '{"type":"ping"}' }, state),
    [],
  );
  assert.deepStrictEqual(
    toOpenAiChunks({ event: "x", data: '{"type":"future_event"}' }, state),
    [],
  );
  assert.deepStrictEqual(toOpenAiChunks({ data: "not json" }, state), []);
});

Deno.test("toOpenAiChunks() gives every text delta the same chunk, in Anthropic's exact form or not", () => {
  const texts = [
    "plain",
    'quote " and backslash \\ and }} braces',
    "line\nbreak\ttab",
    "héllo 世界 🎉",
    "",
  ];
  // Anthropic's wire form, and forms it does not take (escaped unicode, spaces, other key
  // order, an extra field, a multi-digit index): all must read the same.
  const forms = (text: string): string[] => [
    JSON.stringify({
      type: "content_block_delta",
      index: 0,
      delta: { type: "text_delta", text },
    }),
    `{"type":"content_block_delta","index":12,"delta":{"type":"text_delta","text":${
      JSON.stringify(text).replace(/[^\x20-\x7e]/g, (c) =>
        `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`)
    }}}`,
    `{ "type": "content_block_delta", "index": 0, "delta": { "type": "text_delta", "text": ${
      JSON.stringify(text)
    } } }`,
    JSON.stringify({
      index: 0,
      type: "content_block_delta",
      delta: { text, type: "text_delta" },
    }),
    JSON.stringify({
      type: "content_block_delta",
      index: 0,
      delta: { type: "text_delta", text, extra: true },
    }),
  ];
  for (const text of texts) {
    for (const data of forms(text)) {
      const state = createOpenAiStreamState({ created: 7, model: "m" });
      const out = toOpenAiChunks({ event: "content_block_delta", data }, state);
      assert.equal(out.length, 1, data);
      assert.deepEqual(JSON.parse(out[0].data), {
        id: "chatcmpl-tresor",
        object: "chat.completion.chunk",
        created: 7,
        model: "m",
        choices: [{ index: 0, delta: { content: text }, finish_reason: null }],
      }, data);
    }
  }
});

Deno.test("toOpenAiChunks() copies the text literal of Anthropic's exact form as it is", () => {
  const state = createOpenAiStreamState({ created: 7, model: "m" });
  const data =
    '{"type":"content_block_delta","index":3,"delta":{"type":"text_delta","text":"h\\u00e9 \\"q\\""}}';
  const [out] = toOpenAiChunks({ event: "content_block_delta", data }, state);
  // Not parsed and serialised again: the escapes arrive as the upstream wrote them.
  assert.equal(
    out.data,
    '{"id":"chatcmpl-tresor","object":"chat.completion.chunk","created":7,"model":"m","choices":[{"index":0,"delta":{"content":"h\\u00e9 \\"q\\""},"finish_reason":null}]}',
  );
  assert.equal(JSON.parse(out.data).choices[0].delta.content, 'h\u00e9 "q"');
});

Deno.test("toOpenAiChunks() does not take a text delta whose text is not one JSON string", () => {
  const state = createOpenAiStreamState({ created: 7, model: "m" });
  // The tail after "text": is two values: not the exact form, and not valid JSON either.
  const data =
    '{"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"a","b":"c"}}';
  const out = toOpenAiChunks({ event: "content_block_delta", data }, state);
  assert.deepEqual(JSON.parse(out[0].data).choices[0].delta, { content: "a" });
  // An invalid escape and a raw control character are not JSON: the event is dropped, as the
  // general path drops malformed events.
  for (
    const text of ['"a\\q"', '"a\tb"']
  ) {
    const broken =
      `{"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":${text}}}`;
    assert.deepEqual(
      toOpenAiChunks({ event: "content_block_delta", data: broken }, state),
      [],
      broken,
    );
  }
});
