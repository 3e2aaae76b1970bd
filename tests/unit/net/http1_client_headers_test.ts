/**
 * `createHttp1Client()`'s header fields: sent as `Headers` would send them (and refused where
 * `Headers` refuses), and every response field kept as received, repeats included.
 */
import assert from "node:assert/strict";
import {
  ENCODER,
  lean,
  listen,
  readRequest,
  send,
  serve,
  text,
} from "../../_helpers/http1_servers.ts";

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
