/**
 * `createFetchClient()`: the upstream client over Deno's `fetch`, answering the gateway's
 * contract — the response's fields as a list, its body as a stream, a rejection with the
 * signal's reason on abort.
 */
import assert from "node:assert/strict";
import { createFetchClient } from "../../../net/fetch_client.ts";

Deno.test("createFetchClient() sends the field list and body, and answers with a field list and a stream", async () => {
  let seen: { headers: Headers; body: string } | undefined;
  const server = Deno.serve(
    { hostname: "127.0.0.1", port: 0, onListen() {} },
    async (req) => {
      seen = { headers: req.headers, body: await req.text() };
      const headers = new Headers({ "content-type": "application/json" });
      headers.append("set-cookie", "a=1");
      headers.append("set-cookie", "b=2");
      return new Response('{"ok":true}', { status: 201, headers });
    },
  );
  const client = createFetchClient();
  try {
    const res = await client.send({
      url: `http://127.0.0.1:${server.addr.port}/v1/x`,
      method: "POST",
      headers: [["x-team", "r"], ["authorization", "Bearer k"]],
      body: new TextEncoder().encode("{}"),
    });
    assert.equal(res.status, 201);
    assert.equal(res.freshChunks, false);
    assert.deepStrictEqual(
      res.headers.filter(([name]) => name !== "date" && name !== "vary"),
      [
        ["content-length", "11"],
        ["content-type", "application/json"],
        ["set-cookie", "a=1"],
        ["set-cookie", "b=2"],
      ],
    );
    assert.ok(res.body instanceof ReadableStream);
    assert.equal(await new Response(res.body).text(), '{"ok":true}');
    assert.equal(seen?.headers.get("x-team"), "r");
    assert.equal(seen?.headers.get("authorization"), "Bearer k");
    assert.equal(seen?.body, "{}");
  } finally {
    client.close();
    await server.shutdown();
  }
});

Deno.test("createFetchClient() rejects with the abort reason when the signal aborts first", async () => {
  const client = createFetchClient();
  try {
    const abort = new AbortController();
    abort.abort(new Error("gone"));
    await assert.rejects(
      client.send({
        url: "http://127.0.0.1:9/",
        method: "GET",
        headers: [],
        body: null,
      }, abort.signal),
      { message: "gone" },
    );
  } finally {
    client.close();
  }
});
