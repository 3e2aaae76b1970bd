/**
 * One request and its response over one HTTP/1.1 connection, for the lean client
 * (`http1_client.ts`): the request written, interim 1xx answers skipped, the head parsed, and
 * the body handed over as bytes when it came with the head, else as a byte stream de-chunked
 * one piece per socket read. The connection goes back to the pool once the body is read to its
 * end, and is closed on anything else (an abort, a cancel, a framing error).
 *
 * @module
 */
import type { UpstreamResponse } from "../gateway/mod.ts";
import { ChunkedDecoder } from "./http1_chunked.ts";
import { abortReason } from "./http1_connect.ts";
import {
  indexOfHeadEnd,
  parseResponseHead,
  type ResponseHead,
} from "./http1_wire.ts";

/**
 * A connection's read buffer grows, up to this, whenever a body read fills it (a bulk body); it
 * starts small because it is held for as long as a read waits, a paced stream's whole life.
 */
const MAX_READ_BUFFER_BYTES = 64 * 1024;
const MAX_HEAD_BYTES = 64 * 1024;

/** A connection and its read buffer, reused together. */
export interface Socket {
  /** TCP, or TLS over TCP (the downstream test's pinned connections, `probe_client.ts`). */
  readonly tcp: Deno.Conn;
  buf: Uint8Array<ArrayBuffer>;
}

/** The connection closed before a byte of the response: a stale pooled connection. */
export class ConnectionClosedError extends Error {
  constructor() {
    super("Connection closed before the response");
    this.name = "ConnectionClosedError";
  }
}

/** The connection failed before a single byte of the request went out: safe to send again. */
export class NotSentError extends Error {
  constructor(cause: unknown) {
    super("Connection failed before the request was sent", { cause });
    this.name = "NotSentError";
  }
}

/**
 * Closes a byte stream and settles a pending BYOB read: `close()` alone leaves a read-into
 * request waiting for `respond(0)` (Streams spec, ReadableStreamClose resolves only default
 * readers' requests), so a reader that asked before the end came — whenever the end arrives in
 * a read of its own (a chunked terminator sent late, a body delimited by the connection closing)
 * — would wait forever.
 */
function closeBody(controller: ReadableByteStreamController): void {
  controller.close();
  controller.byobRequest?.respond(0);
}

/** What {@link exchange} needs besides the connection and the request bytes. */
export interface ExchangeOptions {
  readonly method: string;
  readonly signal: AbortSignal | undefined;
  /** Takes the connection back once the response was read to its end on a reusable one. */
  readonly release: (socket: Socket) => void;
}

/** Sends `request` over `socket` and resolves with the response once its head arrived. */
export function exchange(
  socket: Socket,
  request: Uint8Array,
  options: ExchangeOptions,
): Promise<UpstreamResponse> {
  return new Exchange(socket, options).run(request);
}

/** The state of one exchange; the body stream's callbacks share it for the stream's life. */
class Exchange {
  readonly #socket: Socket;
  readonly #tcp: Deno.Conn;
  readonly #options: ExchangeOptions;
  #buf: Uint8Array<ArrayBuffer>;
  /** Unconsumed bytes are `buf[start, end)`. */
  #start = 0;
  #end = 0;
  #open = true;
  #aborted = false;
  #keepAlive = true;
  /** Body bytes still to come: -1 chunked, -2 until the connection closes. */
  #remaining = 0;
  #decoder: ChunkedDecoder | undefined;

  constructor(socket: Socket, options: ExchangeOptions) {
    this.#socket = socket;
    this.#tcp = socket.tcp;
    this.#buf = socket.buf;
    this.#options = options;
  }

  #onAbort = () => {
    this.#aborted = true;
    this.#closeConn();
  };

  #closeConn(): void {
    if (!this.#open) return;
    this.#open = false;
    try {
      this.#tcp.close();
    } catch (err) {
      if (!(err instanceof Deno.errors.BadResource)) throw err;
    }
  }

  #detach(): void {
    this.#options.signal?.removeEventListener("abort", this.#onAbort);
  }

  /** A failure: the connection is closed; an abort rejects with the signal's reason. */
  #failure(err: unknown): unknown {
    this.#detach();
    this.#closeConn();
    const signal = this.#options.signal;
    return this.#aborted && signal ? abortReason(signal) : err;
  }

  async run(request: Uint8Array): Promise<UpstreamResponse> {
    this.#options.signal?.addEventListener("abort", this.#onAbort, {
      once: true,
    });
    let head: ResponseHead;
    try {
      await this.#write(request);
      head = await this.#readHead();
    } catch (err) {
      throw this.#failure(err);
    }
    const { status } = head;
    if (status < 200 || status > 599) {
      throw this.#failure(new TypeError(`Invalid response status ${status}`));
    }
    this.#keepAlive = head.http11;
    const connection = head.connection.toLowerCase();
    if (connection.includes("close")) this.#keepAlive = false;
    if (connection.includes("keep-alive")) this.#keepAlive = true;
    const chunked = /\bchunked\b/i.test(head.transferEncoding);
    const noBody = this.#options.method === "HEAD" || status === 204 ||
      status === 304;
    this.#remaining = noBody
      ? 0
      : chunked
      ? -1
      : head.contentLength !== undefined
      ? Number(head.contentLength)
      : -2;
    if (Number.isNaN(this.#remaining)) {
      throw this.#failure(new TypeError("Invalid content-length"));
    }
    // -2: delimited by the connection closing, so the connection cannot be kept.
    if (this.#remaining === -2) this.#keepAlive = false;
    if (chunked && !noBody) this.#decoder = new ChunkedDecoder();
    return this.#response(status, head.fields);
  }

  async #write(request: Uint8Array): Promise<void> {
    let written = 0;
    try {
      while (written < request.length) {
        written += await this.#tcp.write(request.subarray(written));
      }
    } catch (err) {
      throw written === 0 && !this.#aborted ? new NotSentError(err) : err;
    }
  }

  /** Reads up to the end of the final head, skipping interim 1xx answers. */
  async #readHead(): Promise<ResponseHead> {
    let len = 0;
    let headEnd = -1;
    for (;;) {
      while (headEnd < 0) {
        if (len === this.#buf.length) {
          if (this.#buf.length >= MAX_HEAD_BYTES) {
            throw new TypeError("Response head too large");
          }
          const bigger = new Uint8Array(this.#buf.length * 2);
          bigger.set(this.#buf);
          this.#buf = this.#socket.buf = bigger;
        }
        const n = await this.#tcp.read(this.#buf.subarray(len));
        if (n === null) {
          throw len === 0
            ? new ConnectionClosedError()
            : new TypeError("Connection closed inside the response head");
        }
        const from = len;
        len += n;
        headEnd = indexOfHeadEnd(this.#buf, from, len);
      }
      const head = parseResponseHead(this.#buf, headEnd);
      // 100 Continue, 103 Early Hints: the real answer follows.
      if (head.status >= 100 && head.status < 200 && head.status !== 101) {
        this.#buf.copyWithin(0, headEnd + 4, len);
        len -= headEnd + 4;
        headEnd = len > 0 ? indexOfHeadEnd(this.#buf, 0, len) : -1;
        continue;
      }
      this.#start = headEnd + 4;
      this.#end = len;
      return head;
    }
  }

  #finished(): boolean {
    return this.#decoder ? this.#decoder.done : this.#remaining === 0;
  }

  /** The response is over: a reusable connection goes back to the pool, any other is closed. */
  #settle(): void {
    this.#detach();
    if (
      this.#keepAlive && this.#open && this.#finished() &&
      this.#start >= this.#end
    ) {
      this.#open = false;
      this.#options.release(this.#socket);
    } else {
      this.#closeConn();
    }
  }

  /** The payload in `buf[start, end)`, consumed. */
  #take(): Uint8Array {
    if (this.#decoder) {
      const out = this.#decoder.decode(this.#buf, this.#start, this.#end);
      this.#start = this.#end;
      return out;
    }
    const available = this.#end - this.#start;
    const n = this.#remaining < 0
      ? available
      : Math.min(this.#remaining, available);
    const out = this.#buf.slice(this.#start, this.#start + n);
    this.#start += n;
    if (this.#remaining > 0) this.#remaining -= n;
    return out;
  }

  /** The response, its body none, bytes that came with the head, or a stream. */
  #response(status: number, headers: [string, string][]): UpstreamResponse {
    if (this.#remaining === 0) {
      this.#settle();
      return { status, headers, body: null, freshChunks: false };
    }
    // The whole body came with the head (a small JSON answer): handed over as bytes, the
    // connection back in the pool at once.
    const remaining = this.#remaining;
    if (remaining > 0 && this.#end - this.#start >= remaining) {
      const bytes = this.#buf.slice(this.#start, this.#start + remaining);
      this.#start += remaining;
      this.#remaining = 0;
      this.#settle();
      return { status, headers, body: bytes, freshChunks: false };
    }
    // A byte stream, so a BYOB reader applies too; chunks are fresh arrays of exact size.
    const body = new ReadableStream({
      type: "bytes",
      pull: (controller: ReadableByteStreamController) =>
        this.#pull(controller),
      cancel: () => {
        this.#detach();
        this.#closeConn();
      },
    });
    return { status, headers, body, freshChunks: true };
  }

  /** Enqueues the next piece of payload: what one socket read brought. */
  async #pull(controller: ReadableByteStreamController): Promise<void> {
    try {
      for (;;) {
        if (this.#start < this.#end) {
          const out = this.#take();
          if (this.#finished()) {
            this.#settle();
            if (out.length > 0) controller.enqueue(out);
            closeBody(controller);
            return;
          }
          if (out.length > 0) {
            controller.enqueue(out);
            return;
          }
        }
        if (!this.#open) throw new TypeError("Connection closed");
        // Everything read so far is consumed (copied out), so the buffer may be replaced.
        const buf = this.#buf;
        if (this.#end === buf.length && buf.length < MAX_READ_BUFFER_BYTES) {
          this.#buf = this.#socket.buf = new Uint8Array(buf.length * 2);
        }
        const n = await this.#tcp.read(this.#buf);
        if (n === null) {
          if (this.#remaining === -2) {
            this.#settle();
            closeBody(controller);
            return;
          }
          throw new TypeError("Connection closed inside the response body");
        }
        this.#start = 0;
        this.#end = n;
      }
    } catch (err) {
      controller.error(this.#failure(err));
    }
  }
}
