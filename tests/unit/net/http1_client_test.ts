/**
 * `createHttp1Client()`: the lean HTTP/1.1 upstream client for plain-HTTP downstreams — request
 * framing, Content-Length and chunked bodies, keep-alive reuse, bodiless answers, and the
 * fallback for what it does not handle. Servers are loopback `Deno.serve`
 * (tests/_helpers/http1_servers.ts); raw-socket cases are in the sibling http1_client_*_test.ts.
 */
import assert from "node:assert/strict";
import type { UpstreamClient } from "../../../gateway/mod.ts";
import { createHttp1Client } from "../../../net/http1_client.ts";
import {
  ENCODER,
  field,
  lean,
  send,
  serve,
  text,
} from "../../_helpers/http1_servers.ts";

Deno.test("createHttp1Client() frames a POST and reads a Content-Length body", async () => {
  const { seen, url, server } = serve(() =>
    Response.json({ ok: true }, { headers: { "x-upstream": "1" } })
  );
  const client = lean();
  try {
    const res = await send(client, `${url}/v1/chat/completions?a=1`, {
      headers: [
        ["content-type", "application/json"],
        ["authorization", "Bearer k"],
        ["content-length", "999"],
      ],
      body: '{"model":"m"}',
    });
    assert.equal(res.status, 200);
    assert.equal(field(res, "x-upstream"), "1");
    // The whole body came with the head: handed over as bytes.
    assert.ok(res.body instanceof Uint8Array);
    assert.deepStrictEqual(JSON.parse(await text(res)), { ok: true });
    assert.equal(seen.length, 1);
    assert.equal(seen[0].method, "POST");
    assert.equal(new URL(seen[0].url).pathname, "/v1/chat/completions");
    assert.equal(new URL(seen[0].url).search, "?a=1");
    assert.equal(seen[0].headers.get("authorization"), "Bearer k");
    assert.equal(seen[0].headers.get("content-length"), "13");
    assert.equal(seen[0].headers.get("accept-encoding"), "identity");
    assert.equal(seen[0].body, '{"model":"m"}');
  } finally {
    client.close();
    await server.shutdown();
  }
});

Deno.test("createHttp1Client() reads chunked bodies and reuses the connection", async () => {
  const events = Array.from({ length: 50 }, (_, i) => `data: ${i}\n\n`);
  const { seen, url, server } = serve(() =>
    new Response(
      new ReadableStream({
        start(controller) {
          for (const e of events) controller.enqueue(ENCODER.encode(e));
          controller.close();
        },
      }),
      { headers: { "content-type": "text/event-stream" } },
    )
  );
  const client = lean();
  try {
    for (let i = 0; i < 3; i++) {
      const res = await send(client, `${url}/s`, { body: "{}" });
      assert.equal(field(res, "content-type"), "text/event-stream");
      assert.ok(res.body instanceof ReadableStream);
      assert.equal(res.freshChunks, true);
      assert.equal(await text(res), events.join(""));
    }
    assert.equal(seen.length, 3);
    assert.equal(new Set(seen.map((s) => s.port)).size, 1);
  } finally {
    client.close();
    await server.shutdown();
  }
});

Deno.test("createHttp1Client() answers 204 and HEAD without a body", async () => {
  const { url, server } = serve((req) =>
    req.method === "HEAD"
      ? new Response(null, { headers: { "content-length": "10" } })
      : new Response(null, { status: 204 })
  );
  const client = lean();
  try {
    const empty = await send(client, `${url}/a`, { method: "DELETE" });
    assert.equal(empty.status, 204);
    assert.equal(empty.body, null);
    const head = await send(client, `${url}/b`, { method: "HEAD" });
    assert.equal(head.status, 200);
    assert.equal(head.body, null);
    // The connection is still usable after both.
    const again = await send(client, `${url}/c`, { method: "DELETE" });
    assert.equal(again.status, 204);
  } finally {
    client.close();
    await server.shutdown();
  }
});

Deno.test("createHttp1Client() hands every scheme but http: to the fallback", async () => {
  const calls: string[] = [];
  const fallback: UpstreamClient = {
    send(request) {
      calls.push(request.url);
      return Promise.resolve({
        status: 200,
        headers: [],
        body: ENCODER.encode("fallback"),
        freshChunks: false,
      });
    },
    close: () => {},
  };
  const client = createHttp1Client({ fallback });
  try {
    const https = await send(client, "https://example.invalid/v1/models", {
      method: "GET",
    });
    assert.equal(await text(https), "fallback");
    assert.deepStrictEqual(calls, ["https://example.invalid/v1/models"]);
  } finally {
    client.close();
  }
});
