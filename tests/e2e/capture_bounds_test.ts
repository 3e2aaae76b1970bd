/**
 * The capture's memory stays within its bound (issue 17), measured through `GET /api/capture`
 * (its counts and characters, not timings): a stream of large requests, whole and streamed,
 * keeps at most `max_requests` captures with every body cut at `max_body_bytes`; in `errors`
 * mode successful requests leave nothing behind, and large streams in flight hold no more than
 * the bound between them.
 */
import assert from "node:assert/strict";
import {
  type ApiServer,
  callJson,
  startApiServer,
} from "../_helpers/api_server.ts";
import { loggedEntries } from "../_helpers/gateway_server.ts";
import {
  type MockUpstream,
  openAiCompletion,
  startMockUpstream,
} from "../_helpers/mock_upstream.ts";
import type { CaptureStatusJson, LogDetailJson } from "../../store/mod.ts";

const BIG = "x".repeat(200_000);
/** The longest marker a cut body ends with. */
const MARKER_CHARS = 120;

function config(mock: MockUpstream, capture: string): string {
  return `listen: 127.0.0.1:0
admin_password: pw
log_level: error
capture: ${capture}
downstreams:
  - id: oai
    api_formats: [openai]
    base_url: ${mock.url}/v1
    api_key: sk-bound
    output_model_ids: [gpt-big]
`;
}

/** Large answers: a 200 KB completion, or a stream of 50 KB events (held open when asked). */
function largeReplies(mock: MockUpstream, hold = false): void {
  mock.handler = (req) => {
    if (req.body?.stream !== true) {
      return { kind: "json", body: openAiCompletion("gpt-big", BIG) };
    }
    const event = {
      data: JSON.stringify({
        object: "chat.completion.chunk",
        choices: [{ index: 0, delta: { content: "y".repeat(50_000) } }],
      }),
    };
    return {
      kind: "sse",
      events: [...Array(8).fill(event), { data: "[DONE]" }],
      chunkBytes: 4096,
      ...(hold && { stallAfter: 8 }),
    };
  };
}

function chat(server: ApiServer, stream: boolean): Promise<Response> {
  return fetch(`${server.url}/v1/chat/completions`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({
      model: "gpt-big",
      stream,
      messages: [{ role: "user", content: BIG }],
    }),
  });
}

async function status(server: ApiServer): Promise<CaptureStatusJson> {
  const { body } = await callJson(server, "GET", "/api/capture");
  return body as CaptureStatusJson;
}

function assertWithinBound(s: CaptureStatusJson): void {
  assert.ok(s.stored.requests <= s.max_requests, JSON.stringify(s));
  assert.ok(s.stored.bytes <= s.max_bytes, JSON.stringify(s));
  assert.ok(s.pending.bytes <= s.max_bytes, JSON.stringify(s));
}

Deno.test("[e2e] a stream of large requests keeps max_requests captures, each body cut at max_body_bytes", async () => {
  const mock = startMockUpstream();
  largeReplies(mock);
  const server = await startApiServer({
    config: config(mock, "{mode: all, max_requests: 3, max_body_bytes: 32768}"),
    password: "pw",
  });
  try {
    const ids: string[] = [];
    for (let i = 0; i < 24; i++) {
      const res = await chat(server, i % 2 === 1);
      assert.equal(res.status, 200);
      assert.ok((await res.text()).length > 200_000);
      ids.push(res.headers.get("x-tresor-request-id")!);
      assertWithinBound(await status(server));
    }
    await loggedEntries(server.requestLog, ids.length);
    for (const id of ids.slice(-3)) {
      const detail = (await callJson(server, "GET", `/api/logs/${id}`))
        .body as LogDetailJson;
      const capture = detail.capture!;
      for (
        const part of [capture.received, capture.upstream!, capture.returned!]
      ) {
        assert.equal(part.truncated, true);
        assert.equal(typeof part.body, "string");
        assert.ok(String(part.body).length <= 32768 + MARKER_CHARS);
        assert.match(String(part.body), /\[… Tresor capture: cut at 32768 /);
      }
    }
    const oldest = (await callJson(server, "GET", `/api/logs/${ids[0]}`))
      .body as LogDetailJson;
    assert.equal(oldest.capture, null);
    const end = await status(server);
    assert.equal(end.stored.requests, 3);
    assert.deepStrictEqual(end.pending, { requests: 0, bytes: 0 });
    // Three captures of four cut bodies and small heads: far below the 1.2 MB sent each time.
    assert.ok(end.stored.bytes <= 3 * 4 * (32768 + MARKER_CHARS + 1024));
  } finally {
    await server.close();
    await mock.close();
  }
});

Deno.test("[e2e] errors mode: successes leave nothing behind; large streams in flight hold at most the bound", async () => {
  const mock = startMockUpstream();
  largeReplies(mock, true);
  const server = await startApiServer({
    config: config(
      mock,
      "{mode: errors, max_requests: 2, max_body_bytes: 16384}",
    ),
    password: "pw",
  });
  try {
    for (let i = 0; i < 6; i++) {
      const res = await chat(server, false);
      assert.equal(res.status, 200);
      await res.body?.cancel();
    }
    await loggedEntries(server.requestLog, 6);
    const after = await status(server);
    assert.equal(after.stored.requests, 0);
    assert.deepStrictEqual(after.pending, { requests: 0, bytes: 0 });

    // Twenty streams read past the body bound, then held open: each holds copies of what it
    // saw, lent from a budget that runs out before the last of them.
    const readers: ReadableStreamDefaultReader<Uint8Array>[] = [];
    for (let i = 0; i < 20; i++) {
      const res = await chat(server, true);
      const reader = res.body!.getReader();
      let read = 0;
      while (read < 8 * 50_000) read += (await reader.read()).value!.length;
      readers.push(reader);
    }
    const held = await status(server);
    assert.equal(held.pending.requests, 20);
    assertWithinBound(held);
    assert.ok(held.pending.bytes > held.max_bytes / 2, JSON.stringify(held));
    for (const reader of readers) await reader.cancel();
    await loggedEntries(server.requestLog, 26);
    // Cancelled streams end in an error, so errors mode keeps the last max_requests of them.
    const end = await status(server);
    assert.equal(end.stored.requests, 2);
    assert.deepStrictEqual(end.pending, { requests: 0, bytes: 0 });
  } finally {
    await server.close();
    await mock.close();
  }
});
