/**
 * `ConnectQueue` (connects per origin: bounded in flight, transient failures retried) and the
 * HTTP/1.1 client's resending of a request whose connection failed before its first byte.
 * Connects are a test's stand-in where a failure must be forced; servers are real sockets.
 */
import assert from "node:assert/strict";
import { type ConnectFn, ConnectQueue } from "../../../net/http1_connect.ts";
import { createHttp1Client } from "../../../net/http1_client.ts";
import type { UpstreamClient, UpstreamResponse } from "../../../gateway/mod.ts";

/** Plain-http requests never reach the fallback. */
const fallback: UpstreamClient = {
  send: () => Promise.reject(new Error("fallback must not be used")),
  close: () => {},
};

/** A POST of `{}` to `url`. */
const POST = (url: string) => ({
  url,
  method: "POST",
  headers: [],
  body: new TextEncoder().encode("{}"),
});

/** The whole body as text. */
async function text(res: UpstreamResponse): Promise<string> {
  if (res.body === null) return "";
  if (res.body instanceof Uint8Array) return new TextDecoder().decode(res.body);
  return await new Response(res.body).text();
}

const TARGET = { hostname: "127.0.0.1", port: 9 };

/** A stand-in connection: only what the queue itself touches. */
function fakeConn(): Deno.TcpConn {
  return { close() {} } as unknown as Deno.TcpConn;
}

/** A connect whose attempts each wait for `release()`; counts the most ever in flight. */
function gatedConnect() {
  let inFlight = 0;
  let most = 0;
  const gates: (() => void)[] = [];
  const connect: ConnectFn = () => {
    inFlight++;
    most = Math.max(most, inFlight);
    return new Promise((resolve) =>
      gates.push(() => {
        inFlight--;
        resolve(fakeConn());
      })
    );
  };
  return {
    connect,
    most: () => most,
    /** Lets every attempt waiting now complete. */
    release: () => gates.splice(0).forEach((go) => go()),
    waiting: () => gates.length,
  };
}

Deno.test("ConnectQueue keeps at most maxConnecting attempts in flight and lets the rest through in turn", async () => {
  const gate = gatedConnect();
  const queue = new ConnectQueue(TARGET, {
    connect: gate.connect,
    maxConnecting: 3,
  });
  const opens = Array.from({ length: 10 }, () => queue.open());
  let done = 0;
  for (const open of opens) open.then(() => done++);
  while (done < opens.length) {
    await new Promise((resolve) => setTimeout(resolve, 0));
    gate.release();
  }
  await Promise.all(opens);
  assert.equal(gate.most(), 3);
  assert.equal(queue.inFlight, 0);
});

Deno.test("ConnectQueue retries transient failures, up to its attempts, and never a refusal", async () => {
  const failing = (errors: Error[]) => {
    let calls = 0;
    const connect: ConnectFn = () => {
      const err = errors[calls++];
      return err ? Promise.reject(err) : Promise.resolve(fakeConn());
    };
    return { connect, calls: () => calls };
  };
  const transient = failing([
    new Deno.errors.AddrNotAvailable("ports exhausted"),
    new Deno.errors.ConnectionReset("reset in the handshake"),
  ]);
  await new ConnectQueue(TARGET, {
    connect: transient.connect,
    retryDelayMs: 1,
  }).open();
  assert.equal(transient.calls(), 3);

  const refused = failing([new Deno.errors.ConnectionRefused("nobody")]);
  await assert.rejects(
    new ConnectQueue(TARGET, { connect: refused.connect, retryDelayMs: 1 })
      .open(),
    Deno.errors.ConnectionRefused,
  );
  assert.equal(refused.calls(), 1);

  const always = failing(
    Array.from({ length: 5 }, () => new Deno.errors.AddrNotAvailable("x")),
  );
  await assert.rejects(
    new ConnectQueue(TARGET, {
      connect: always.connect,
      attempts: 3,
      retryDelayMs: 1,
    }).open(),
    Deno.errors.AddrNotAvailable,
  );
  assert.equal(always.calls(), 3);
});

Deno.test("ConnectQueue lets an aborted request leave the line without taking a slot", async () => {
  const gate = gatedConnect();
  const queue = new ConnectQueue(TARGET, {
    connect: gate.connect,
    maxConnecting: 1,
  });
  const first = queue.open();
  const controller = new AbortController();
  const second = queue.open(controller.signal);
  const third = queue.open();
  controller.abort(new Error("client gone"));
  await assert.rejects(second, /client gone/);
  gate.release();
  await first;
  await new Promise((resolve) => setTimeout(resolve, 0));
  gate.release();
  await third;
  assert.equal(queue.inFlight, 0);
});

/** A server answering every request `ok`, counting the requests it read. */
function countingServer() {
  let requests = 0;
  const server = Deno.serve(
    { hostname: "127.0.0.1", port: 0, onListen() {} },
    async (req) => {
      await req.text();
      requests++;
      return new Response("ok");
    },
  );
  return {
    url: `http://127.0.0.1:${server.addr.port}`,
    requests: () => requests,
    close: () => server.shutdown(),
  };
}

Deno.test("createHttp1Client() sends a request again on a fresh connection when the first broke before its first byte", async () => {
  const server = countingServer();
  let attempts = 0;
  const connect: ConnectFn = (target) => {
    attempts++;
    if (attempts > 1) return Deno.connect(target);
    // A connection the peer reset before anything was written to it.
    return Promise.resolve({
      setNoDelay() {},
      write: () => Promise.reject(new Deno.errors.BrokenPipe("reset")),
      close() {},
    } as unknown as Deno.TcpConn);
  };
  const client = createHttp1Client({ fallback, connect });
  try {
    const res = await client.send(POST(`${server.url}/x`));
    assert.equal(await text(res), "ok");
    assert.equal(attempts, 2);
    assert.equal(server.requests(), 1);
  } finally {
    client.close();
    await server.close();
  }
});

Deno.test("createHttp1Client() completes a burst of 300 requests whose first connects fail, never over the connect cap", async () => {
  const server = countingServer();
  let calls = 0;
  let inFlight = 0;
  let most = 0;
  const connect: ConnectFn = async (target) => {
    calls++;
    inFlight++;
    most = Math.max(most, inFlight);
    try {
      // The first 50 attempts meet an exhausted port range. Every request queued its connect
      // before any failed, so a retry waits behind them all and never meets a second one.
      if (calls <= 50) throw new Deno.errors.AddrNotAvailable("no port");
      return await Deno.connect(target);
    } finally {
      inFlight--;
    }
  };
  const client = createHttp1Client({
    fallback,
    connect,
    maxConnecting: 16,
    retryDelayMs: 1,
  });
  try {
    const answers = await Promise.all(
      Array.from({ length: 300 }, async () => {
        const res = await client.send(POST(`${server.url}/burst`));
        return await text(res);
      }),
    );
    assert.ok(answers.every((a) => a === "ok"));
    assert.equal(server.requests(), 300);
    assert.equal(calls, 350);
    assert.ok(most <= 16, `${most} connects were in flight at once`);
  } finally {
    client.close();
    await server.close();
  }
});
