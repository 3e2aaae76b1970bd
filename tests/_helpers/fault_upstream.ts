/**
 * A fault-injecting OpenAI / Anthropic upstream on 127.0.0.1: a raw TCP server (so it can reset
 * a connection, cut a body, or frame a response however it likes) that answers Chat Completions
 * (`…/chat/completions`) and Messages (`…/messages`) requests, as JSON or SSE per the request's
 * `stream`, with the {@link Fault} currently set. It keeps connections alive like a real server,
 * counts the connections open and the response bytes it managed to write (the kernel accepts
 * writes only as fast as the peer reads, so that count shows whether back-pressure reached it).
 *
 * @module
 */
import { encodeSseEvent } from "../../plugins/mod.ts";
import { anthropicMessage, openAiCompletion } from "./mock_upstream.ts";
import {
  chunk,
  chunkHeadLength,
  errorBody,
  floodEvent,
  headBytes,
  HTML_PAGE,
  MALFORMED_LINES,
  streamEvents,
} from "./fault_replies.ts";

/** What the upstream does wrong. */
export type Fault =
  /** Answers correctly. */
  | "none"
  /** Resets the connection (RST) before any response byte. */
  | "reset"
  /** A stream with malformed lines between its events, ended by closing the connection. */
  | "malformed_sse"
  /** A complete HTTP response whose JSON (body or one stream event) is cut short. */
  | "truncated_json"
  /** The connection closes in the middle of the body (mid-event for streams). */
  | "cut_body"
  /** Reads the request and never answers. */
  | "hang_before_headers"
  /** Sends the head and part of the body, then nothing. */
  | "hang_mid_stream"
  /** 500 with an HTML page. */
  | "html_500"
  /** 200 with an error object (JSON body, or the stream's error event). */
  | "error_json_200";

/** Every fault, for table-driven tests. */
export const FAULTS: readonly Fault[] = [
  "none",
  "reset",
  "malformed_sse",
  "truncated_json",
  "cut_body",
  "hang_before_headers",
  "hang_mid_stream",
  "html_500",
  "error_json_200",
];

/** One request the upstream parsed, and the body bytes it answered with (as the payload). */
export interface FaultRequest {
  readonly path: string;
  /** The request's `x-fault-case` header, by which a test finds its own request. */
  readonly tag: string | undefined;
  readonly body: Record<string, unknown> | undefined;
  /** The response body's payload written so far (de-chunked). */
  readonly sent: Uint8Array[];
}

/** A running fault upstream. */
export interface FaultUpstream extends AsyncDisposable {
  /** `http://127.0.0.1:PORT`. */
  readonly url: string;
  /** The fault applied to the next requests. */
  fault: Fault;
  /**
   * When set, a stream request is answered with text deltas of this many bytes in all, written
   * as fast as the connection takes them (the back-pressure probe).
   */
  floodBytes: number | undefined;
  readonly requests: FaultRequest[];
  /** Response bytes written so far (all connections). */
  readonly written: number;
  /** Connections open now. */
  readonly open: number;
  /** Resolves once no connection is open; rejects after `timeoutMs`. */
  allClosed(timeoutMs?: number): Promise<void>;
  close(): Promise<void>;
}

const ENCODER = new TextEncoder();
const DECODER = new TextDecoder();

/** Closes `conn` unless something (close() below) already did. */
function closeQuietly(conn: Deno.Conn): void {
  try {
    conn.close();
  } catch (err) {
    if (!(err instanceof Deno.errors.BadResource)) throw err;
  }
}

/** Starts the upstream on a random loopback port. */
export function startFaultUpstream(): FaultUpstream {
  const listener = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const conns = new Set<Deno.Conn>();
  const requests: FaultRequest[] = [];
  let closeWaiters: (() => void)[] = [];
  let written = 0;

  const write = async (conn: Deno.Conn, bytes: Uint8Array) => {
    let offset = 0;
    while (offset < bytes.length) {
      const n = await conn.write(bytes.subarray(offset));
      offset += n;
      written += n;
    }
  };
  /** Waits until the peer closes (or the upstream is closed). */
  const hang = async (conn: Deno.Conn) => {
    const buf = new Uint8Array(1024);
    while (await conn.read(buf) !== null) { /* discard */ }
  };

  /** Reads one request; `undefined` when the peer closed. */
  const readRequest = async (
    conn: Deno.Conn,
    state: { buf: Uint8Array; len: number },
  ): Promise<FaultRequest | undefined> => {
    for (;;) {
      const text = DECODER.decode(state.buf.subarray(0, state.len));
      const end = text.indexOf("\r\n\r\n");
      if (end !== -1) {
        const length = Number(/content-length: *(\d+)/i.exec(text)?.[1] ?? 0);
        const total = end + 4 + length;
        if (state.len >= total) {
          const path = text.slice(text.indexOf(" ") + 1).split(" ")[0];
          const bodyText = DECODER.decode(state.buf.subarray(end + 4, total));
          state.buf.copyWithin(0, total, state.len);
          state.len -= total;
          let body: Record<string, unknown> | undefined;
          try {
            body = JSON.parse(bodyText);
          } catch (err) {
            if (!(err instanceof SyntaxError)) throw err;
          }
          const tag = /\r\nx-fault-case: *([^\r]*)/i.exec(text)?.[1];
          return { path, tag, body, sent: [] };
        }
      }
      if (state.len === state.buf.length) {
        const bigger = new Uint8Array(state.buf.length * 2);
        bigger.set(state.buf);
        state.buf = bigger;
      }
      const n = await conn.read(state.buf.subarray(state.len));
      if (n === null) return undefined;
      state.len += n;
    }
  };

  /** Answers one request; returns whether the connection stays usable. */
  const answer = async (
    conn: Deno.Conn,
    req: FaultRequest,
  ): Promise<boolean> => {
    /** Writes `bytes` of the body (as a chunk when `chunked`), recorded as sent. */
    const send = (bytes: Uint8Array, chunked = true) => {
      req.sent.push(bytes);
      return write(conn, chunked ? chunk(bytes) : bytes);
    };
    const end = () => write(conn, ENCODER.encode("0\r\n\r\n"));
    const head = (status: number, fields: Record<string, string>) =>
      write(conn, headBytes(status, fields));
    const sseHead = () =>
      head(200, {
        "content-type": "text/event-stream",
        "transfer-encoding": "chunked",
      });
    /** A JSON head announcing `length` bytes, then `body` (maybe fewer). */
    const json = async (status: number, body: string, length?: number) => {
      const bytes = ENCODER.encode(body);
      await head(status, {
        "content-type": "application/json",
        "content-length": String(length ?? bytes.length),
      });
      await send(bytes, false);
    };
    const anthropic = req.path.endsWith("/messages");
    const model = String(req.body?.model ?? "mock");
    const stream = req.body?.stream === true;
    const events = streamEvents(anthropic, model).map((e) =>
      ENCODER.encode(encodeSseEvent(e))
    );
    const whole = JSON.stringify(
      anthropic
        ? anthropicMessage(model, "Hello")
        : openAiCompletion(model, "Hello"),
    );

    if (stream && upstream.floodBytes !== undefined) {
      await sseHead();
      await send(events[0]);
      if (anthropic) await send(events[1]);
      const delta = ENCODER.encode(encodeSseEvent(floodEvent(anthropic)));
      for (let sent = 0; sent < upstream.floodBytes; sent += delta.length) {
        await write(conn, chunk(delta));
      }
      await end();
      return true;
    }

    switch (upstream.fault) {
      case "reset": // handled before the request is read
      case "none":
        if (!stream) {
          await json(200, whole);
          return true;
        }
        await sseHead();
        for (const e of events) await send(e);
        await end();
        return true;
      case "malformed_sse":
        if (!stream) {
          await json(200, whole);
          return true;
        }
        // Delimited by the connection closing: the end arrives as a read of its own.
        await head(200, {
          "content-type": "text/event-stream",
          connection: "close",
        });
        for (const [i, e] of events.entries()) {
          await send(e, false);
          await send(
            ENCODER.encode(MALFORMED_LINES[i % MALFORMED_LINES.length]),
            false,
          );
        }
        await send(new Uint8Array([0xff, 0xfe, 10, 10]), false);
        return false;
      case "truncated_json":
        if (!stream) {
          await json(200, whole.slice(0, whole.length >> 1));
          return true;
        }
        await sseHead();
        for (const [i, e] of events.entries()) {
          await send(
            i === 2 ? ENCODER.encode('data: {"id":"cut","choi\n\n') : e,
          );
        }
        await end();
        return true;
      case "cut_body":
        if (!stream) {
          await json(200, whole.slice(0, whole.length >> 1), whole.length);
          return false;
        }
        await sseHead();
        await send(events[0]);
        await send(events[1]);
        {
          // Half of the next event, in a chunk that promised all of it.
          const half = events[2].subarray(0, events[2].length >> 1);
          req.sent.push(half);
          await write(
            conn,
            chunk(events[2]).subarray(
              0,
              half.length + chunkHeadLength(events[2]),
            ),
          );
        }
        return false;
      case "hang_before_headers":
        await hang(conn);
        return false;
      case "hang_mid_stream":
        if (!stream) {
          await json(200, whole.slice(0, 10), whole.length);
        } else {
          await sseHead();
          await send(events[0]);
          await send(events[1]);
        }
        await hang(conn);
        return false;
      case "html_500":
        await head(500, {
          "content-type": "text/html",
          "content-length": String(HTML_PAGE.length),
        });
        await send(ENCODER.encode(HTML_PAGE), false);
        return true;
      case "error_json_200": {
        const body = errorBody(anthropic);
        if (!stream) {
          await json(200, JSON.stringify(body));
          return true;
        }
        await sseHead();
        await send(events[0]);
        await send(ENCODER.encode(encodeSseEvent({
          ...(anthropic && { event: "error" }),
          data: JSON.stringify(body),
        })));
        await end();
        return true;
      }
    }
  };

  /** The fault now (a function, so a check after an await is not narrowed away). */
  const faultNow = (): Fault => upstream.fault;

  const serve = async (conn: Deno.TcpConn) => {
    conn.setNoDelay(true);
    conns.add(conn);
    const state = { buf: new Uint8Array(64 * 1024), len: 0 };
    try {
      for (;;) {
        if (faultNow() === "reset") {
          // Closing with unread request bytes makes the kernel send RST, not FIN.
          await conn.read(new Uint8Array(1));
          return;
        }
        const req = await readRequest(conn, state);
        if (!req) return;
        // A kept-alive connection read the request before the fault was set: closing it now is
        // a FIN, and the client's retry on a fresh connection meets the reset above.
        if (faultNow() === "reset") return;
        requests.push(req);
        if (!await answer(conn, req)) return;
      }
    } catch (err) {
      // The peer went away mid-write or mid-read: what the faults provoke.
      if (
        !(err instanceof Deno.errors.BrokenPipe ||
          err instanceof Deno.errors.ConnectionReset ||
          err instanceof Deno.errors.BadResource ||
          err instanceof Deno.errors.Interrupted)
      ) throw err;
    } finally {
      conns.delete(conn);
      closeQuietly(conn);
      if (conns.size === 0) {
        for (const waiter of closeWaiters) waiter();
        closeWaiters = [];
      }
    }
  };

  const serving: Promise<void>[] = [];
  const accepting = (async () => {
    try {
      for await (const conn of listener) serving.push(serve(conn));
    } catch (err) {
      if (!(err instanceof Deno.errors.BadResource)) throw err;
    }
  })();

  const upstream: FaultUpstream = {
    url: `http://127.0.0.1:${listener.addr.port}`,
    fault: "none",
    floodBytes: undefined,
    requests,
    get written() {
      return written;
    },
    get open() {
      return conns.size;
    },
    allClosed(timeoutMs = 5_000) {
      if (conns.size === 0) return Promise.resolve();
      return new Promise((resolve, reject) => {
        const timer = setTimeout(
          () =>
            reject(
              new Error(`${conns.size} upstream connection(s) still open`),
            ),
          timeoutMs,
        );
        closeWaiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    },
    async close() {
      listener.close();
      for (const conn of conns) closeQuietly(conn);
      await accepting;
      await Promise.allSettled(serving);
    },
    [Symbol.asyncDispose]() {
      return upstream.close();
    },
  };
  return upstream;
}
