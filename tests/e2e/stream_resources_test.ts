/**
 * What open streams cost the gateway (issue 12): a client that stops reading stops the upstream
 * too (back-pressure reaches the upstream socket, passthrough and translated), and clients that
 * go away mid-stream release their upstream requests and sockets at once. Clients are raw
 * sockets, so "stops reading" and "goes away" mean exactly that; the fault upstream counts the
 * bytes it managed to write and the connections still open.
 */
import assert from "node:assert/strict";
import {
  type FaultUpstream,
  startFaultUpstream,
} from "../_helpers/fault_upstream.ts";
import { startFaultGateway } from "../_helpers/fault_cases.ts";
import type { GatewayServer } from "../_helpers/gateway_server.ts";

const ENCODER = new TextEncoder();
const DECODER = new TextDecoder();
const MB = 1024 * 1024;

/** Opens a raw connection to the gateway and sends a streaming chat completion request. */
async function streamRequest(
  gw: GatewayServer,
  model: string,
): Promise<Deno.TcpConn> {
  const conn = await Deno.connect({
    hostname: "127.0.0.1",
    port: Number(new URL(gw.url).port),
  });
  const body = JSON.stringify({
    model,
    stream: true,
    messages: [{ role: "user", content: "hi" }],
  });
  await conn.write(ENCODER.encode(
    `POST /v1/chat/completions HTTP/1.1\r\nhost: 127.0.0.1\r\ncontent-type: application/json\r\ncontent-length: ${body.length}\r\n\r\n${body}`,
  ));
  return conn;
}

/** Reads until the response holds its first SSE event; returns what was read. */
async function readFirstEvent(conn: Deno.TcpConn): Promise<string> {
  const buf = new Uint8Array(4096);
  let text = "";
  while (!text.includes("data: ")) {
    const n = await conn.read(buf);
    if (n === null) throw new Error(`closed before the first event: ${text}`);
    text += DECODER.decode(buf.subarray(0, n));
  }
  return text;
}

/**
 * Resolves with the upstream's byte count once it stops growing (ten checks in a row), bounded:
 * a flood that never stops fails the test by its count, not by this wait.
 */
async function writtenWhenStalled(upstream: FaultUpstream): Promise<number> {
  let last = -1;
  let unchanged = 0;
  const deadline = Date.now() + 30_000;
  while (unchanged < 10 && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 100));
    if (upstream.written === last) unchanged++;
    else {
      unchanged = 0;
      last = upstream.written;
    }
  }
  return last;
}

for (
  const [name, model] of [
    ["an openai passthrough", "gpt-mock"],
    ["an openai→anthropic translated", "claude-mock"],
  ] as const
) {
  Deno.test(`[e2e] a client that stops reading ${name} stream stops the upstream's writes (back-pressure)`, async () => {
    await using upstream = startFaultUpstream();
    // Far more than any socket buffers hold: only back-pressure keeps it from all being sent.
    upstream.floodBytes = 256 * MB;
    const gw = startFaultGateway(upstream);
    try {
      const conn = await streamRequest(gw, model);
      assert.match(await readFirstEvent(conn), /^HTTP\/1\.1 200/);
      // From here the client reads nothing.
      const written = await writtenWhenStalled(upstream);
      // Loopback socket buffers (both hops, send and receive) hold some MB; the gateway adds a
      // chunk or two. Without back-pressure the upstream would write all 256 MB.
      assert.ok(
        written < 48 * MB,
        `the upstream wrote ${
          (written / MB).toFixed(1)
        } MB to a client that reads nothing`,
      );
      conn.close();
      await upstream.allClosed();
    } finally {
      await gw.close();
    }
  });
}

Deno.test("[e2e] 200 clients leaving mid-stream all got their first chunks and release every upstream connection", async () => {
  await using upstream = startFaultUpstream();
  // Two events, then the upstream holds the stream open until its peer goes away.
  upstream.fault = "hang_mid_stream";
  const gw = startFaultGateway(upstream);
  try {
    const clients = await Promise.all(
      Array.from({ length: 200 }, async (_, i) => {
        const conn = await streamRequest(
          gw,
          i % 2 ? "gpt-mock" : "claude-mock",
        );
        const first = await readFirstEvent(conn);
        return { conn, first };
      }),
    );
    assert.equal(clients.length, 200);
    for (const { first } of clients) assert.match(first, /^HTTP\/1\.1 200/);
    assert.equal(
      upstream.open,
      200,
      "each stream has its own upstream connection",
    );
    for (const { conn } of clients) conn.close();
    // The gateway closes its side of each as its client leaves: the upstream sees them all go.
    await upstream.allClosed();
    const entries = gw.requestLog.list();
    assert.equal(entries.length, 200);
    assert.ok(
      entries.every((e) => e.error === "Client closed request"),
      JSON.stringify(entries.map((e) => e.error)),
    );
  } finally {
    await gw.close();
  }
});
