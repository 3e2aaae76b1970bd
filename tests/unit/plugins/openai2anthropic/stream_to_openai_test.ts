/** `toOpenAiChunks()`: Anthropic stream events as Chat Completions chunks. */
import assert from "node:assert/strict";
import {
  createOpenAiStreamState,
  flushOpenAiStream,
  toOpenAiChunks,
} from "../../../../plugins/openai2anthropic/stream_to_openai.ts";

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
        id: "msg_1",
        type: "message",
        role: "assistant",
        model: "claude",
        content: [],
        stop_reason: null,
        stop_sequence: null,
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
