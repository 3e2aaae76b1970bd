/**
 * `createHttp1Client()`'s connections: a stale pooled connection retried once on a fresh one, and
 * aborts before and during the body. Servers are raw `Deno.listen` sockets.
 */
import assert from "node:assert/strict";
import {
  ENCODER,
  lean,
  listen,
  readRequest,
  send,
  text,
} from "../../_helpers/http1_servers.ts";

Deno.test("createHttp1Client() retries once on a fresh connection when a pooled one was closed", async () => {
  let connections = 0;
  const server = listen(async (conn) => {
    connections++;
    try {
      // Answers one request, then closes without saying so (an idle keep-alive timeout).
      if (await readRequest(conn) === undefined) return;
      await conn.write(
        ENCODER.encode("HTTP/1.1 200 OK\r\ncontent-length: 2\r\n\r\nok"),
      );
    } finally {
      conn.close();
    }
  });
  const client = lean();
  try {
    const first = await send(client, `${server.url}/a`);
    assert.equal(await text(first), "ok");
    const second = await send(client, `${server.url}/b`);
    assert.equal(await text(second), "ok");
    assert.equal(connections, 2);
  } finally {
    client.close();
    await server.close();
  }
});

Deno.test("createHttp1Client() rejects with the abort reason before and during the body", async () => {
  let release = () => {};
  const stalled = new Promise<void>((resolve) => release = resolve);
  const server = listen(async (conn) => {
    try {
      const request = await readRequest(conn);
      if (request?.includes("/partial")) {
        await conn.write(
          ENCODER.encode(
            "HTTP/1.1 200 OK\r\ntransfer-encoding: chunked\r\n\r\n2\r\nhi\r\n",
          ),
        );
      }
      await stalled;
    } finally {
      conn.close();
    }
  });
  const client = lean();
  try {
    const early = new AbortController();
    const pending = send(client, `${server.url}/stall`, {
      signal: early.signal,
    });
    early.abort(new Error("gone"));
    await assert.rejects(pending, { message: "gone" });

    const late = new AbortController();
    const res = await send(client, `${server.url}/partial`, {
      signal: late.signal,
    });
    assert.ok(res.body instanceof ReadableStream);
    const reader = res.body.getReader();
    const first = await reader.read();
    assert.equal(new TextDecoder().decode(first.value), "hi");
    const next = reader.read();
    late.abort(new Error("late"));
    await assert.rejects(next, { message: "late" });
  } finally {
    release();
    client.close();
    await server.close();
  }
});
