import assert from "node:assert/strict";
import { handleMock, serveMock } from "../../../bench/mock_upstream.ts";
import {
  countEvents,
  dechunk,
  runPacedStreams,
} from "../../../bench/paced_streams.ts";
import { chatRequest, messagesRequest } from "../../../bench/payloads.ts";

const JSON_TYPE = { "content-type": "application/json" };

/** The events of the mock's paced stream for `path`, `events` long, sent without pauses. */
async function pacedEvents(
  path: "/v1/chat/completions" | "/v1/messages",
  events: number,
): Promise<string[]> {
  const body = path === "/v1/messages"
    ? messagesRequest("claude-bench", true)
    : chatRequest("gpt-bench", true);
  const response = await handleMock(
    new Request(`http://mock${path}`, { method: "POST", body }),
    { paceMs: 0, events },
  );
  return (await response.text()).split("\n\n").filter(Boolean);
}

Deno.test("the paced mock sends as many events as asked, past its 100 precomputed ones, opening and closing in order", async () => {
  const openai = await pacedEvents("/v1/chat/completions", 200);
  assert.equal(openai.length, 200);
  assert.match(openai[0], /"role":"assistant"/);
  assert.match(openai[1], /"content":"A "/);
  assert.match(openai[197], /"finish_reason":"stop"/);
  assert.equal(openai[199], "data: [DONE]");

  const anthropic = await pacedEvents("/v1/messages", 200);
  assert.equal(anthropic.length, 200);
  assert.match(anthropic[0], /^event: message_start/);
  assert.match(anthropic[1], /^event: content_block_start/);
  assert.ok(
    anthropic.slice(2, 197).every((e) =>
      e.startsWith("event: content_block_delta")
    ),
  );
  assert.match(anthropic[199], /^event: message_stop/);
});

Deno.test("the paced mock cuts a stream shorter than its precomputed one to the opening and closing events", async () => {
  const events = await pacedEvents("/v1/chat/completions", 5);
  assert.equal(events.length, 5);
  assert.equal(events[4], "data: [DONE]");
});

Deno.test("dechunk and countEvents read a chunked SSE body", () => {
  const body = "data: {}\n\nevent: message_stop\ndata: {}\n\n";
  const chunked = new TextEncoder().encode(
    `${body.length.toString(16)}\r\n${body}\r\n0\r\n\r\n`,
  );
  assert.equal(dechunk(chunked), body);
  assert.equal(countEvents(body), 2);
});

Deno.test("runPacedStreams completes every stream and counts the events it delivered", async () => {
  let port = 0;
  const server = serveMock(0, (p) => port = p, { paceMs: 1, events: 12 });
  try {
    const outcome = await runPacedStreams(
      port,
      {
        path: "/v1/chat/completions",
        headers: JSON_TYPE,
        body: chatRequest("gpt-bench", true),
      },
      4,
      10_000,
    );
    assert.equal(outcome.ok, 4);
    assert.deepStrictEqual(outcome.failures, {});
    assert.equal(outcome.events, 4 * 12);
    assert.ok(outcome.lastByteP50Ms >= outcome.ttfbP50Ms);
  } finally {
    await server.shutdown();
  }
});

Deno.test("runPacedStreams reports why streams failed: an error status, a stream cut before its terminal event", async () => {
  let port = 0;
  let calls = 0;
  const server = Deno.serve(
    { hostname: "127.0.0.1", port: 0, onListen: (a) => port = a.port },
    async (req) => {
      await req.body?.cancel();
      return ++calls % 2
        ? new Response("busy", { status: 503 })
        : new Response("data: {}\n\n", {
          headers: { "content-type": "text/event-stream" },
        });
    },
  );
  try {
    const outcome = await runPacedStreams(
      port,
      {
        path: "/v1/chat/completions",
        headers: JSON_TYPE,
        body: chatRequest("gpt-bench", true),
      },
      4,
      10_000,
    );
    assert.equal(outcome.ok, 0);
    assert.equal(outcome.events, 0);
    assert.deepStrictEqual(outcome.failures, {
      "status 503": 2,
      incomplete: 2,
    });
  } finally {
    await server.shutdown();
  }
});
