/**
 * `createHttp1Client()` reading bodies off raw sockets: a chunked body split at every byte,
 * upper-case and malformed chunk sizes, and a BYOB read ended by an end of body that arrives in
 * a read of its own (chunked terminator, connection close).
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
