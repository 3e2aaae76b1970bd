/**
 * `createHttp1Client()`: the lean HTTP/1.1 upstream client for plain-HTTP downstreams — request
 * framing, Content-Length and chunked bodies (split anywhere), keep-alive reuse, a stale pooled
 * connection retried once, aborts before and during the body, and the fallback for what it does
 * not handle. Servers are loopback `Deno.serve` or raw `Deno.listen` sockets.
 */
import assert from "node:assert/strict";
import type {
  HeaderList,
  UpstreamClient,
  UpstreamResponse,
} from "../../../gateway/mod.ts";
import { createHttp1Client } from "../../../net/http1_client.ts";

const ENCODER = new TextEncoder();
const DECODER = new TextDecoder();

const NO_FALLBACK: UpstreamClient = {
  send: () => Promise.reject(new Error("fallback must not be used")),
  close: () => {},
};

/** The client as the gateway uses it, with a fallback that must not be reached. */
function lean(): UpstreamClient {
  return createHttp1Client({ fallback: NO_FALLBACK });
}

/** Sends a request (POST, no headers, no body unless given). */
function send(
  client: UpstreamClient,
  url: string,
  init: {
    method?: string;
    headers?: HeaderList;
    body?: string | Uint8Array<ArrayBuffer>;
    signal?: AbortSignal;
  } = {},
): Promise<UpstreamResponse> {
  const body = typeof init.body === "string"
    ? ENCODER.encode(init.body)
    : init.body ?? null;
  return client.send({
    url,
    method: init.method ?? "POST",
    headers: init.headers ?? [],
    body,
  }, init.signal);
}

/** The whole body as text, whichever form it came in. */
async function text(res: UpstreamResponse): Promise<string> {
  if (res.body === null) return "";
  if (res.body instanceof Uint8Array) return DECODER.decode(res.body);
  return await new Response(res.body).text();
}

/** The value of `name` in the response's fields (repeats joined), or `null`. */
function field(res: UpstreamResponse, name: string): string | null {
  const values = res.headers.filter(([n]) => n === name).map(([, v]) => v);
  return values.length === 0 ? null : values.join(", ");
}

interface Seen {
  method: string;
  url: string;
  headers: Headers;
  body: string;
  port: number;
}

/** A Deno.serve server recording requests; `reply` answers them. */
function serve(reply: (req: Request) => Response | Promise<Response>) {
  const seen: Seen[] = [];
  const server = Deno.serve(
    { hostname: "127.0.0.1", port: 0, onListen() {} },
    async (req, info) => {
      const body = req.method === "GET" || req.method === "HEAD"
        ? ""
        : await req.text();
      seen.push({
        method: req.method,
        url: req.url,
        headers: req.headers,
        body,
        port: info.remoteAddr.port,
      });
      return reply(req);
    },
  );
  return { seen, url: `http://127.0.0.1:${server.addr.port}`, server };
}

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

/** A raw server: each accepted connection is handed to `onConn`. */
function listen(onConn: (conn: Deno.Conn) => Promise<void>) {
  const listener = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const tasks: Promise<void>[] = [];
  const accepting = (async () => {
    for await (const conn of listener) tasks.push(onConn(conn));
  })();
  return {
    url: `http://127.0.0.1:${listener.addr.port}`,
    async close() {
      listener.close();
      await accepting;
      await Promise.all(tasks);
    },
  };
}

/** Reads one request head and its Content-Length body from `conn`; `undefined` at EOF. */
async function readRequest(conn: Deno.Conn): Promise<string | undefined> {
  const buf = new Uint8Array(64 * 1024);
  let text = "";
  for (;;) {
    const n = await conn.read(buf);
    if (n === null) return undefined;
    text += new TextDecoder().decode(buf.subarray(0, n));
    const end = text.indexOf("\r\n\r\n");
    if (end === -1) continue;
    const length = Number(/content-length: (\d+)/i.exec(text)?.[1] ?? 0);
    if (text.length >= end + 4 + length) return text;
  }
}

Deno.test("createHttp1Client() decodes a chunked body split at every byte", async () => {
  const body =
    "3\r\nabc\r\n10;ext=1\r\n0123456789abcdef\r\n0\r\nx-trailer: 1\r\n\r\n";
  const response = "HTTP/1.1 200 OK\r\ntransfer-encoding: chunked\r\n" +
    "content-type: text/plain\r\n\r\n" + body;
  const server = listen(async (conn) => {
    try {
      await readRequest(conn);
      for (const byte of ENCODER.encode(response)) {
        await conn.write(new Uint8Array([byte]));
      }
      await readRequest(conn);
    } finally {
      conn.close();
    }
  });
  const client = lean();
  try {
    const res = await send(client, `${server.url}/x`);
    assert.equal(await text(res), "abc0123456789abcdef");
  } finally {
    client.close();
    await server.close();
  }
});

Deno.test("createHttp1Client() reads upper-case chunk sizes and rejects a malformed size line", async () => {
  const answers = [
    "HTTP/1.1 200 OK\r\ntransfer-encoding: chunked\r\n\r\n" +
    "A\r\n0123456789\r\n0\r\n\r\n",
    "HTTP/1.1 200 OK\r\ntransfer-encoding: chunked\r\n\r\nzz\r\nhi\r\n",
  ];
  const server = listen(async (conn) => {
    try {
      for (const answer of answers) {
        if (await readRequest(conn) === undefined) return;
        await conn.write(ENCODER.encode(answer));
      }
    } finally {
      conn.close();
    }
  });
  const client = lean();
  try {
    const ok = await send(client, `${server.url}/x`);
    assert.equal(await text(ok), "0123456789");
    const bad = await send(client, `${server.url}/x`);
    await assert.rejects(text(bad), /Invalid chunk size line/);
  } finally {
    client.close();
    await server.close();
  }
});

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

Deno.test("createHttp1Client() sends header fields as Headers would, and rejects those Headers rejects", async () => {
  const { seen, url, server } = serve(() =>
    new Response("ok", { headers: { "x-upstream": "1", "x-two": "2" } })
  );
  const client = lean();
  try {
    const res = await send(client, `${url}/v1/x`, {
      headers: [
        ["Content-Type", "application/json"],
        ["x-api-key", " k "],
        ["content-length", "999"],
      ],
      body: "{}",
    });
    assert.equal(await text(res), "ok");
    assert.equal(seen[0].headers.get("content-type"), "application/json");
    assert.equal(seen[0].headers.get("x-api-key"), "k");
    assert.equal(seen[0].headers.get("content-length"), "2");
    assert.deepStrictEqual(
      res.headers.filter(([name]) => name.startsWith("x-")),
      [["x-upstream", "1"], ["x-two", "2"]],
    );
    for (
      const bad of [
        [["x-bad", "a\r\nx-injected: 1"]],
        [["bad name", "v"]],
        [["x-nul", "a\0b"]],
      ] as const
    ) {
      await assert.rejects(
        send(client, `${url}/v1/x`, { headers: bad, body: "{}" }),
        TypeError,
      );
    }
    assert.equal(seen.length, 1);
  } finally {
    client.close();
    await server.shutdown();
  }
});

Deno.test("createHttp1Client() keeps every response header field as received, repeats included, and refuses an invalid one", async () => {
  // A raw answer per path: a whole body with its head, a streamed (chunked) body, no body, an
  // invalid field name, an invalid status.
  const answers: Record<string, string> = {
    "/a":
      "HTTP/1.1 201 Made\r\ncontent-length: 2\r\nSet-Cookie: a=1\r\nset-cookie: b=2\r\n" +
      "X-Multi: one\r\nx-multi:  two \r\n\r\nok",
    "/b":
      "HTTP/1.1 200 Fine\r\ntransfer-encoding: chunked\r\nX-Multi: s\r\n\r\n" +
      "2\r\nhi\r\n0\r\n\r\n",
    "/c": "HTTP/1.1 204 Empty\r\nX-Only: z\r\n\r\n",
    "/d": "HTTP/1.1 200 OK\r\nx-bad\0: 1\r\ncontent-length: 0\r\n\r\n",
    "/e": "HTTP/1.1 600 Odd\r\ncontent-length: 0\r\n\r\n",
  };
  const server = listen(async (conn) => {
    try {
      for (;;) {
        const request = await readRequest(conn);
        if (request === undefined) return;
        const path = /^\w+ (\S+)/.exec(request)?.[1] ?? "";
        await conn.write(ENCODER.encode(answers[path]));
      }
    } finally {
      conn.close();
    }
  });
  const client = lean();
  try {
    const whole = await send(client, `${server.url}/a`);
    assert.equal(whole.status, 201);
    assert.deepStrictEqual(whole.headers, [
      ["content-length", "2"],
      ["set-cookie", "a=1"],
      ["set-cookie", "b=2"],
      ["x-multi", "one"],
      ["x-multi", "two"],
    ]);
    assert.equal(await text(whole), "ok");
    const streamed = await send(client, `${server.url}/b`);
    assert.deepStrictEqual(streamed.headers, [
      ["transfer-encoding", "chunked"],
      ["x-multi", "s"],
    ]);
    assert.equal(await text(streamed), "hi");
    const empty = await send(client, `${server.url}/c`);
    assert.equal(empty.status, 204);
    assert.deepStrictEqual(empty.headers, [["x-only", "z"]]);
    assert.equal(empty.body, null);
    await assert.rejects(send(client, `${server.url}/d`), TypeError);
    await assert.rejects(
      send(client, `${server.url}/e`),
      /Invalid response status 600/,
    );
  } finally {
    client.close();
    await server.close();
  }
});

/** Reads `body` to the end with a BYOB reader (as the gateway reads upstream bodies). */
async function readByob(body: ReadableStream<Uint8Array>): Promise<string> {
  const reader = body.getReader({ mode: "byob" });
  let text = "";
  for (;;) {
    const { done, value } = await reader.read(new Uint8Array(1024));
    if (done) return text;
    text += new TextDecoder().decode(value);
  }
}

Deno.test("createHttp1Client() ends a BYOB read when the end of the body comes in a read of its own", async () => {
  // The terminator is written only once the data was read, so it arrives alone; and a body
  // delimited by the connection closing ends with an empty read. Both used to leave a pending
  // BYOB read waiting forever (a closed byte stream must respond(0) to it).
  let dataRead = () => {};
  const dataWasRead = new Promise<void>((resolve) => dataRead = resolve);
  const server = listen(async (conn) => {
    try {
      const request = await readRequest(conn);
      if (request?.includes("/chunked")) {
        await conn.write(ENCODER.encode(
          "HTTP/1.1 200 OK\r\ntransfer-encoding: chunked\r\n\r\n9\r\ndata: 1\n\n\r\n",
        ));
        await dataWasRead;
        await conn.write(ENCODER.encode("0\r\n\r\n"));
        await readRequest(conn);
      } else {
        await conn.write(ENCODER.encode(
          "HTTP/1.1 200 OK\r\nconnection: close\r\n\r\ndata: 2\n\n",
        ));
      }
    } finally {
      conn.close();
    }
  });
  const client = lean();
  try {
    const chunked = await send(client, `${server.url}/chunked`);
    assert.ok(chunked.body instanceof ReadableStream);
    const reader = chunked.body.getReader({ mode: "byob" });
    const first = await reader.read(new Uint8Array(1024));
    assert.equal(new TextDecoder().decode(first.value), "data: 1\n\n");
    dataRead();
    assert.equal((await reader.read(new Uint8Array(1024))).done, true);
    const closing = await send(client, `${server.url}/close`);
    assert.ok(closing.body instanceof ReadableStream);
    assert.equal(await readByob(closing.body), "data: 2\n\n");
  } finally {
    client.close();
    await server.close();
  }
});
