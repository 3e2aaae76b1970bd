import assert from "node:assert/strict";
import {
  encodeSseEvent,
  SseEncodeStream,
  type SseEvent,
  SseParser,
  SseParseStream,
} from "../../../plugins/mod.ts";

async function parseChunks(chunks: Uint8Array[]): Promise<SseEvent[]> {
  const out: SseEvent[] = [];
  await ReadableStream.from(chunks)
    .pipeThrough(new SseParseStream())
    .pipeTo(new WritableStream({ write: (e) => void out.push(e) }));
  return out;
}

function split(bytes: Uint8Array, size: number): Uint8Array[] {
  const out: Uint8Array[] = [];
  for (let i = 0; i < bytes.length; i += size) {
    out.push(bytes.slice(i, i + size));
  }
  return out;
}

interface Case {
  name: string;
  input: string;
  want: SseEvent[];
}

const CASES: Case[] = [
  {
    name: "parses event, data, id and retry fields",
    input: 'event: message_start\nid: 7\nretry: 300\ndata: {"a":1}\n\n',
    want: [{ event: "message_start", id: "7", retry: 300, data: '{"a":1}' }],
  },
  {
    name: "joins multi-line data with newlines",
    input: "data: line one\ndata: line two\ndata:\n\n",
    want: [{ data: "line one\nline two\n" }],
  },
  {
    name: "skips comments",
    input: ": keep-alive\n\ndata: x\n: inline comment\n\n",
    want: [{ data: "x" }],
  },
  {
    name: "handles CRLF and CR line endings",
    input: "data: a\r\n\r\ndata: b\r\rdata: c\n\n",
    want: [{ data: "a" }, { data: "b" }, { data: "c" }],
  },
  {
    name: "keeps multi-byte UTF-8 characters intact",
    input: "data: héllo 世界 🎉\n\n",
    want: [{ data: "héllo 世界 🎉" }],
  },
  {
    name: "strips only one leading space from values",
    input: "data:  two spaces\ndata:none\n\n",
    want: [{ data: " two spaces\nnone" }],
  },
  {
    name: "ignores an invalid retry and unknown fields",
    input: "retry: soon\nfoo: bar\ndata: x\n\n",
    want: [{ data: "x" }],
  },
  {
    name: "dispatches an event whose blank line never came at the end",
    input: "data: [DONE]",
    want: [{ data: "[DONE]" }],
  },
  {
    name: "reads a field line without a colon as the field with an empty value",
    input: "data\nevent: e\n\n",
    want: [{ event: "e", data: "" }],
  },
  {
    name: "matches whole field names, not prefixes",
    input: "dataX: 1\nevents: 2\nids: 3\nretryx: 4\nid: 5\ndata: y\n\n",
    want: [{ id: "5", data: "y" }],
  },
  {
    name: "keeps colons inside values",
    input: 'data: {"a":"b:c"}\n\n',
    want: [{ data: '{"a":"b:c"}' }],
  },
  {
    name: "dispatches no event for blank lines alone",
    input: "\n\n\n",
    want: [],
  },
];

const ENCODER = new TextEncoder();

for (const c of CASES) {
  for (const size of [1, 7, Infinity]) {
    const label = size === Infinity ? "whole" : `${size}-byte`;
    Deno.test(`SseParseStream ${c.name} (${label} chunks)`, async () => {
      const bytes = ENCODER.encode(c.input);
      const chunks = size === Infinity ? [bytes] : split(bytes, size);
      assert.deepStrictEqual(await parseChunks(chunks), c.want);
    });
  }
}

Deno.test("SseParser treats a CRLF split across chunks as one line break", () => {
  const parser = new SseParser();
  assert.deepStrictEqual(parser.push("data: a\r"), []);
  // "\n" completes the CRLF; the CR after it ends the line that makes the blank line.
  assert.deepStrictEqual(parser.push("\n\r"), [{ data: "a" }]);
  // This LF belongs to the CR before it, so it is not a second blank line.
  assert.deepStrictEqual(parser.push("\ndata: b\r"), []);
  assert.deepStrictEqual(parser.push("\n\r\n"), [{ data: "b" }]);
  assert.deepStrictEqual(parser.end(), []);
});

Deno.test("SseParseStream reassembles a UTF-8 character split across chunks", async () => {
  const bytes = ENCODER.encode("data: 🎉\n\n");
  // The emoji's four bytes start at offset 6; cut inside it.
  const events = await parseChunks([bytes.slice(0, 8), bytes.slice(8)]);
  assert.deepStrictEqual(events, [{ data: "🎉" }]);
});

Deno.test("encodeSseEvent() writes every field and splits data lines", () => {
  assert.equal(
    encodeSseEvent({ event: "e", id: "1", retry: 5, data: "a\nb" }),
    "event: e\nid: 1\nretry: 5\ndata: a\ndata: b\n\n",
  );
});

Deno.test("SseEncodeStream output parses back to the same events", async () => {
  const events: SseEvent[] = [
    { event: "message_start", data: '{"x":"ü"}' },
    { data: "multi\nline" },
    { data: "[DONE]" },
  ];
  const chunks: Uint8Array[] = [];
  await ReadableStream.from(events)
    .pipeThrough(new SseEncodeStream())
    .pipeTo(new WritableStream({ write: (c) => void chunks.push(c) }));
  const whole = ENCODER.encode(
    chunks.map((c) => new TextDecoder().decode(c)).join(""),
  );
  assert.deepStrictEqual(await parseChunks(split(whole, 3)), events);
});

Deno.test("SseParser reads many field-only lines in one chunk, each as its own line", () => {
  // Each line's colon is searched within the line: here the only colons come after 20,000
  // field-only lines (searching past a line's end was quadratic in such a chunk).
  const text = "data\n".repeat(20_000) + "\nevent: last\ndata: x\n\n";
  const parser = new SseParser();
  const events = parser.push(text);
  assert.equal(events.length, 2);
  assert.equal(events[0].data, "\n".repeat(19_999));
  assert.deepEqual(events[1], { event: "last", data: "x" });
});
