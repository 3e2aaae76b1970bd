import assert from "node:assert/strict";
import { UsageTap } from "../../../gateway/usage.ts";
import type { Usage } from "../../../gateway/usage_fields.ts";
import type { ApiFormat } from "../../../plugins/mod.ts";

const ENCODER = new TextEncoder();

function tapOf(
  text: string,
  chunkSize: number,
  sse = true,
  format: ApiFormat = "anthropic",
): Usage {
  const bytes = ENCODER.encode(text);
  const tap = new UsageTap({ sse, format });
  for (let i = 0; i < bytes.length; i += chunkSize) {
    tap.observe(bytes.slice(i, i + chunkSize));
  }
  return tap.usage();
}

/** `n` filler events of about 120 bytes each, so a stream outgrows the tap's head and tail. */
function filler(n: number, sep: string): string {
  let text = "";
  for (let i = 0; i < n; i++) {
    text += `event: content_block_delta${sep.slice(0, sep.length / 2)}` +
      `data: {"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"word ${i} of the answer"}}${sep}`;
  }
  return text;
}

function anthropicStream(fillerEvents: number, sep: string): string {
  const line = sep.slice(0, sep.length / 2);
  return `event: message_start${line}data: {"type":"message_start","message":{"id":"msg_1","usage":{"input_tokens":321,"output_tokens":1}}}${sep}` +
    filler(fillerEvents, sep) +
    `event: message_delta${line}data: {"type":"message_delta","delta":{"stop_reason":"end_turn"},"usage":{"output_tokens":654}}${sep}` +
    `event: message_stop${line}data: {"type":"message_stop"}${sep}`;
}

const CASES = [
  { name: "a short Anthropic stream (LF)", text: anthropicStream(3, "\n\n") },
  { name: "a long Anthropic stream (LF)", text: anthropicStream(400, "\n\n") },
  {
    name: "a long Anthropic stream (CRLF)",
    text: anthropicStream(400, "\r\n\r\n"),
  },
  { name: "a long Anthropic stream (CR)", text: anthropicStream(400, "\r\r") },
];

for (const c of CASES) {
  // Byte-sized chunks only for the short stream (a long one fed byte by byte is slow); the
  // other sizes split the long ones everywhere else.
  const sizes = c.text.length < 10_000
    ? [1, 97, Infinity]
    : [97, 4096, Infinity];
  for (const size of sizes) {
    Deno.test(`UsageTap reads input and output tokens from ${c.name}, ${size}-byte chunks`, () => {
      assert.deepEqual(tapOf(c.text, size), {
        input_tokens: 321,
        output_tokens: 654,
      });
    });
  }
}

Deno.test("UsageTap reads an OpenAI stream's final usage chunk before [DONE]", () => {
  const chunk = (content: string) =>
    `data: {"id":"c","object":"chat.completion.chunk","choices":[{"index":0,"delta":{"content":"${content}"},"finish_reason":null}],"usage":null}\n\n`;
  let text = "";
  for (let i = 0; i < 300; i++) text += chunk(`w${i}`);
  text +=
    'data: {"id":"c","object":"chat.completion.chunk","choices":[],"usage":{"prompt_tokens":12,"completion_tokens":34,"total_tokens":46}}\n\n' +
    "data: [DONE]\n\n";
  assert.deepEqual(tapOf(text, 512, true, "openai"), {
    input_tokens: 12,
    output_tokens: 34,
  });
});

Deno.test("UsageTap reads an Anthropic stream's cache reads and 5-minute and 1-hour writes", () => {
  const start =
    'event: message_start\ndata: {"type":"message_start","message":{"usage":{"input_tokens":11,"cache_read_input_tokens":2000,"cache_creation_input_tokens":700,"cache_creation":{"ephemeral_5m_input_tokens":500,"ephemeral_1h_input_tokens":200},"output_tokens":1}}}\n\n';
  const end =
    'event: message_delta\ndata: {"type":"message_delta","delta":{"stop_reason":"end_turn"},"usage":{"output_tokens":90}}\n\nevent: message_stop\ndata: {"type":"message_stop"}\n\n';
  for (const fillers of [2, 400]) {
    assert.deepEqual(tapOf(start + filler(fillers, "\n\n") + end, 333), {
      input_tokens: 11,
      output_tokens: 90,
      cache_read_tokens: 2000,
      cache_write_tokens: 700,
      cache_write_1h_tokens: 200,
    });
  }
});

Deno.test("UsageTap reads a Responses stream's usage from response.completed", () => {
  const delta = (i: number) =>
    `event: response.output_text.delta\ndata: {"type":"response.output_text.delta","delta":"w${i} "}\n\n`;
  let text =
    'event: response.created\ndata: {"type":"response.created","response":{"status":"in_progress","usage":null}}\n\n';
  for (let i = 0; i < 300; i++) text += delta(i);
  text +=
    'event: response.completed\ndata: {"type":"response.completed","response":{"status":"completed","usage":{"input_tokens":100,"input_tokens_details":{"cached_tokens":60},"output_tokens":50,"output_tokens_details":{"reasoning_tokens":20},"total_tokens":150}}}\n\n';
  assert.deepEqual(tapOf(text, 700, true, "responses"), {
    input_tokens: 40,
    output_tokens: 50,
    cache_read_tokens: 60,
    reasoning_tokens: 20,
  });
});

Deno.test("UsageTap estimates a stream's output from its text when the upstream reports no usage", () => {
  // 300 chunks of "word NNN " (9 characters of text each), no usage chunk.
  let text = "";
  for (let i = 0; i < 300; i++) {
    text +=
      `data: {"id":"c","object":"chat.completion.chunk","choices":[{"index":0,"delta":{"content":"word ${
        String(i).padStart(3, "0")
      } "},"finish_reason":null}]}\n\n`;
  }
  text += "data: [DONE]\n\n";
  const usage = tapOf(text, 256, true, "openai");
  assert.equal(usage.estimated, true);
  assert.equal(usage.input_tokens, undefined);
  // 2,700 characters of text ≈ 675 tokens; judged from the tail's share of text, so close.
  const output = usage.output_tokens ?? 0;
  assert.ok(output >= 600 && output <= 750, `estimated ${output}`);
});

Deno.test("UsageTap reads a JSON body's usage and nothing from a body without one", () => {
  const body = JSON.stringify({
    id: "x",
    usage: { prompt_tokens: 5, completion_tokens: 7 },
  });
  assert.deepEqual(tapOf(body, 8, false, "openai"), {
    input_tokens: 5,
    output_tokens: 7,
  });
  assert.deepEqual(tapOf(body, Infinity, false, "openai"), {
    input_tokens: 5,
    output_tokens: 7,
  });
  assert.deepEqual(tapOf('{"id":"x","text":"abcdefgh"}', 4, false), {
    output_tokens: 2,
    estimated: true,
  });
  assert.deepEqual(tapOf("data: {}\n\n", 4), {
    output_tokens: 0,
    estimated: true,
  });
  assert.deepEqual(tapOf("", 4, false), {});
});

Deno.test("UsageTap reads the first usage key, not text that ends in usage", () => {
  const text = 'data: {"type":"ping","note":"no usage"}\n\n' +
    anthropicStream(3, "\n\n");
  for (const size of [7, Infinity]) {
    assert.deepEqual(tapOf(text, size), {
      input_tokens: 321,
      output_tokens: 654,
    });
  }
});

Deno.test("UsageTap answers the same usage and end error again after usage() ended it", () => {
  const text = filler(300, "\n\n") +
    'data: {"error":{"message":"Late"},"usage":{"prompt_tokens":5,"completion_tokens":7}}\n\ndata: [DONE]\n\n';
  const tap = new UsageTap({ sse: true, format: "openai" });
  const bytes = ENCODER.encode(text);
  for (let i = 0; i < bytes.length; i += 256) {
    tap.observe(bytes.slice(i, i + 256));
  }
  const usage = tap.usage();
  assert.deepEqual(usage, { input_tokens: 5, output_tokens: 7 });
  assert.deepEqual(tap.usage(), usage);
  assert.equal(tap.endError(), "Late");
});

function endErrorOf(text: string): string | undefined {
  const tap = new UsageTap({ sse: true, format: "openai" });
  const bytes = ENCODER.encode(text);
  for (let i = 0; i < bytes.length; i += 512) {
    tap.observe(bytes.slice(i, i + 512));
  }
  return tap.endError();
}

const END_ERROR_CASES: { name: string; text: string; want?: string }[] = [
  {
    name: "an OpenAI error chunk followed by [DONE]",
    text: filler(200, "\n\n") +
      'data: {"error":{"message":"Overloaded","type":"server_error","code":null}}\n\ndata: [DONE]\n\n',
    want: "Overloaded",
  },
  {
    name: "Anthropic's error event",
    text: filler(3, "\n\n") +
      'event: error\ndata: {"type":"error","error":{"type":"overloaded_error","message":"Busy"}}\n\n',
    want: "Busy",
  },
  {
    name: "a Responses error event followed by response.failed",
    text:
      'event: error\ndata: {"type":"error","code":"x","message":"Broke"}\n\n' +
      'event: response.failed\ndata: {"type":"response.failed","response":{"status":"failed","error":{"code":"x","message":"Broke"}}}\n\n',
    want: "Broke",
  },
  {
    name: "a completed Responses stream (its error is null)",
    text:
      'event: response.completed\ndata: {"type":"response.completed","response":{"status":"completed","error":null}}\n\n',
  },
  {
    name: "an error chunk then [DONE] after a long stream (CRLF)",
    text: filler(200, "\r\n\r\n") +
      'data: {"error":{"message":"Late"}}\r\n\r\ndata: [DONE]\r\n\r\n',
    want: "Late",
  },
  {
    name: "an error chunk then [DONE] and extra blank lines (CR)",
    text: filler(200, "\r\r") +
      'data: {"error":{"message":"Late"}}\r\rdata: [DONE]\r\r\r\r',
    want: "Late",
  },
  {
    name: "an error event cut short at the end of a long stream",
    text: filler(200, "\n\n") + 'data: {"error":{"message":"Cut"}}',
    want: "Cut",
  },
  {
    name: "an error chunk followed by two events",
    text: filler(200, "\n\n") +
      'data: {"error":{"message":"Old"}}\n\ndata: {}\n\ndata: [DONE]\n\n',
  },
  {
    name: "an error object early in a stream that then finished",
    text: 'data: {"error":{"message":"early"}}\n\n' + filler(3, "\n\n") +
      'event: message_stop\ndata: {"type":"message_stop"}\n\n',
  },
];

for (const c of END_ERROR_CASES) {
  Deno.test(`UsageTap.endError() reads ${c.name}`, () => {
    assert.equal(endErrorOf(c.text), c.want);
  });
}
