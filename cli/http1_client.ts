/**
 * A lean HTTP/1.1 client for plain-`http:` upstreams (local model servers, the benchmark's mock):
 * keep-alive connections pooled per origin, the request written in one buffer, and the response
 * body handed over as it arrives, de-chunked, one piece per socket read. Deno's `fetch` costs
 * about 100 µs of CPU per call and one JS stream step per HTTP chunk, which dominates a
 * gateway's own work; this client is a few syscalls and coalesces the SSE events a read brings.
 * Anything it does not handle (other schemes, `Request` inputs, stream bodies) goes to the
 * `fallback` fetch.
 *
 * @module
 */

import { ChunkedDecoder } from "./http1_chunked.ts";
import {
  abortReason,
  ConnectQueue,
  type ConnectQueueOptions,
} from "./http1_connect.ts";

const CR = 13;
const LF = 10;
const ENCODER = new TextEncoder();
const DECODER = new TextDecoder();
/**
 * A connection's read buffer starts small — it is held for as long as a read waits, which for a
 * paced stream is its whole life — and doubles, up to {@link MAX_READ_BUFFER_BYTES}, whenever
 * a body read fills it (a bulk body).
 */
const READ_BUFFER_BYTES = 2 * 1024;
const MAX_READ_BUFFER_BYTES = 64 * 1024;
const MAX_HEAD_BYTES = 64 * 1024;
const MAX_IDLE_PER_ORIGIN = 64;
/** `WHOLE_BODY` of gateway/http_clients.ts: a body already read in full, as bytes. */
const WHOLE_BODY = Symbol.for("tresor.wholeBody");
/** `HEADER_LIST` of gateway/http_clients.ts: the header fields as received. */
const HEADER_LIST = Symbol.for("tresor.headerList");
/** `FRESH_CHUNKS` of gateway/http_clients.ts: each body chunk is a fresh exact-size array. */
const FRESH_CHUNKS = Symbol.for("tresor.freshChunks");
/** Request headers the client frames itself. */
const FRAMING = new Set([
  "host",
  "content-length",
  "transfer-encoding",
  "connection",
  "keep-alive",
]);

/** The fetch-like client {@link createHttp1Client} returns. */
export interface Http1Client {
  fetch: typeof fetch;
  close(): void;
}

interface Origin {
  /** `Host` header value. */
  readonly host: string;
  readonly idle: Socket[];
  readonly queue: ConnectQueue;
}

/** A connection and its read buffer, reused together. */
interface Socket {
  readonly tcp: Deno.TcpConn;
  buf: Uint8Array<ArrayBuffer>;
}

/** A connection with the bytes read past the previous response (normally none). */
interface Conn {
  readonly socket: Socket;
  readonly reused: boolean;
}

class ConnectionClosedError extends Error {
  constructor() {
    super("Connection closed before the response");
    this.name = "ConnectionClosedError";
  }
}

/** The connection failed before a single byte of the request went out: safe to send again. */
class NotSentError extends Error {
  constructor(cause: unknown) {
    super("Connection failed before the request was sent", { cause });
    this.name = "NotSentError";
  }
}

/** Attempts per request, the first included, over connections that failed before sending. */
const SEND_ATTEMPTS = 3;

function indexOfHeadEnd(buf: Uint8Array, from: number, end: number): number {
  for (let i = Math.max(0, from - 3); i + 3 < end; i++) {
    if (
      buf[i] === CR && buf[i + 1] === LF && buf[i + 2] === CR &&
      buf[i + 3] === LF
    ) return i;
  }
  return -1;
}

function toBodyBytes(
  body: BodyInit | null | undefined,
): Uint8Array | null | undefined {
  if (body === undefined || body === null) return null;
  if (typeof body === "string") return ENCODER.encode(body);
  if (body instanceof Uint8Array) return body;
  if (body instanceof ArrayBuffer) return new Uint8Array(body);
  return undefined;
}

const TOKEN_REGEXP = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;
const VALUE_FORBIDDEN_REGEXP = /[\0\r\n]/;

/** `[name, value]` pairs with lower-case names; throws the TypeError Headers would. */
function checkedPairs(pairs: readonly string[][]): [string, string][] {
  return pairs.map((pair) => {
    if (pair.length !== 2) throw new TypeError("Invalid header: not a pair");
    const [name, value] = pair;
    if (!TOKEN_REGEXP.test(name)) {
      throw new TypeError(`Invalid header name: "${name}"`);
    }
    if (VALUE_FORBIDDEN_REGEXP.test(value)) {
      throw new TypeError(`Invalid header value for "${name}"`);
    }
    return [name.toLowerCase(), value.trim()];
  });
}

/** The request head and body in one buffer. */
function toRequestBytes(
  method: string,
  path: string,
  host: string,
  headers: HeadersInit | undefined,
  body: Uint8Array | null,
): Uint8Array {
  let head = `${method} ${path} HTTP/1.1\r\nhost: ${host}\r\n`;
  let encoding = false;
  // A pair list is written as it is (no Headers to fill, then iterate), after the checks
  // Headers would make.
  const add = (value: string, name: string) => {
    if (FRAMING.has(name)) return;
    if (name === "accept-encoding") encoding = true;
    head += `${name}: ${value}\r\n`;
  };
  if (Array.isArray(headers)) {
    for (const [name, value] of checkedPairs(headers)) add(value, name);
  } else {
    // forEach, not for…of: a Headers iterator costs ~10 µs for ten fields, forEach a tenth.
    (headers instanceof Headers ? headers : new Headers(headers)).forEach(add);
  }
  // The gateway forwards bodies as they are; ask for them uncompressed.
  if (!encoding) head += "accept-encoding: identity\r\n";
  if (body !== null || (method !== "GET" && method !== "HEAD")) {
    head += `content-length: ${body?.length ?? 0}\r\n`;
  }
  head += "\r\n";
  const headBytes = ENCODER.encode(head);
  if (!body || body.length === 0) return headBytes;
  const out = new Uint8Array(headBytes.length + body.length);
  out.set(headBytes, 0);
  out.set(body, headBytes.length);
  return out;
}

/**
 * Closes a byte stream and settles a pending BYOB read: `close()` alone leaves a read-into
 * request waiting for `respond(0)` (Streams spec, ReadableStreamClose resolves only default
 * readers' requests), so a reader that asked before the end came — the gateway's, whenever the
 * end arrives in a read of its own (a chunked terminator sent late, a body delimited by the
 * connection closing) — would wait forever.
 */
function closeBody(controller: ReadableByteStreamController): void {
  controller.close();
  controller.byobRequest?.respond(0);
}

/**
 * How the client opens connections (see {@link ConnectQueue}); the defaults are production's.
 */
export type Http1ClientOptions = ConnectQueueOptions;

/** Creates the client. `fallback` serves whatever this client does not handle. */
export function createHttp1Client(
  fallback: typeof fetch,
  options: Http1ClientOptions = {},
): Http1Client {
  const origins = new Map<string, Origin>();
  let closed = false;

  const originOf = (prefix: string, url: URL): Origin => {
    let origin = origins.get(prefix);
    if (!origin) {
      const target = {
        hostname: url.hostname.replace(/^\[|\]$/g, ""),
        port: url.port === "" ? 80 : Number(url.port),
      };
      origin = {
        host: url.host,
        idle: [],
        queue: new ConnectQueue(target, options),
      };
      origins.set(prefix, origin);
    }
    return origin;
  };

  const release = (origin: Origin, socket: Socket) => {
    if (closed || origin.idle.length >= MAX_IDLE_PER_ORIGIN) socket.tcp.close();
    else origin.idle.push(socket);
  };

  const connect = async (
    origin: Origin,
    signal: AbortSignal | undefined,
  ): Promise<Conn> => {
    const idle = origin.idle.pop();
    if (idle) return { socket: idle, reused: true };
    const tcp = await origin.queue.open(signal);
    tcp.setNoDelay(true);
    return {
      socket: { tcp, buf: new Uint8Array(READ_BUFFER_BYTES) },
      reused: false,
    };
  };

  /** Sends the request and reads the response head; the body is read through the stream. */
  const exchange = async (
    origin: Origin,
    conn: Conn,
    request: Uint8Array,
    method: string,
    signal: AbortSignal | undefined,
  ): Promise<Response> => {
    const { socket } = conn;
    const tcp = socket.tcp;
    let aborted = false;
    let open = true;
    const closeConn = () => {
      if (!open) return;
      open = false;
      try {
        tcp.close();
      } catch (err) {
        if (!(err instanceof Deno.errors.BadResource)) throw err;
      }
    };
    const onAbort = () => {
      aborted = true;
      closeConn();
    };
    signal?.addEventListener("abort", onAbort, { once: true });
    const detach = () => signal?.removeEventListener("abort", onAbort);
    const fail = (err: unknown): never => {
      detach();
      closeConn();
      if (aborted && signal) throw abortReason(signal);
      throw err;
    };

    let buf = socket.buf;
    let len = 0;
    let headEnd = -1;
    let status = 0;
    let statusText = "";
    let headers = new Headers();
    let list: [string, string][] = [];
    let keepAlive = true;
    try {
      let written = 0;
      try {
        while (written < request.length) {
          written += await tcp.write(request.subarray(written));
        }
      } catch (err) {
        throw written === 0 && !aborted ? new NotSentError(err) : err;
      }
      // Skip interim 1xx answers (100 Continue, 103 Early Hints).
      for (;;) {
        while (headEnd < 0) {
          if (len === buf.length) {
            if (buf.length >= MAX_HEAD_BYTES) {
              throw new TypeError("Response head too large");
            }
            const bigger = new Uint8Array(buf.length * 2);
            bigger.set(buf);
            buf = socket.buf = bigger;
          }
          const n = await tcp.read(buf.subarray(len));
          if (n === null) {
            throw len === 0
              ? new ConnectionClosedError()
              : new TypeError("Connection closed inside the response head");
          }
          const from = len;
          len += n;
          headEnd = indexOfHeadEnd(buf, from, len);
        }
        const lines = DECODER.decode(buf.subarray(0, headEnd)).split("\r\n");
        const statusLine = /^HTTP\/1\.([01]) (\d{3})(?: (.*))?$/.exec(lines[0]);
        if (!statusLine) throw new TypeError("Malformed status line");
        status = Number(statusLine[2]);
        statusText = statusLine[3] ?? "";
        keepAlive = statusLine[1] === "1";
        headers = new Headers();
        list = [];
        for (let i = 1; i < lines.length; i++) {
          const colon = lines[i].indexOf(":");
          if (colon <= 0) continue;
          const name = lines[i].slice(0, colon);
          const value = lines[i].slice(colon + 1).trim();
          // Validates the field as Headers does before it goes on the list.
          headers.append(name, value);
          list.push([name.toLowerCase(), value]);
        }
        if (status >= 100 && status < 200 && status !== 101) {
          buf.copyWithin(0, headEnd + 4, len);
          len -= headEnd + 4;
          headEnd = len > 0 ? indexOfHeadEnd(buf, 0, len) : -1;
          continue;
        }
        break;
      }
    } catch (err) {
      return fail(err);
    }

    const connection = headers.get("connection")?.toLowerCase() ?? "";
    if (connection.includes("close")) keepAlive = false;
    if (connection.includes("keep-alive")) keepAlive = true;
    const chunked = /\bchunked\b/i.test(headers.get("transfer-encoding") ?? "");
    const declared = headers.get("content-length");
    const noBody = method === "HEAD" || status === 204 || status === 304;
    let remaining = noBody
      ? 0
      : chunked
      ? -1
      : declared !== null
      ? Number(declared)
      : -2;
    if (Number.isNaN(remaining)) {
      return fail(new TypeError("Invalid content-length"));
    }
    // -2: delimited by the connection closing, so the connection cannot be kept.
    if (remaining === -2) keepAlive = false;
    const decoder = chunked ? new ChunkedDecoder() : undefined;
    let start = headEnd + 4;
    let end = len;

    const finished = () => decoder ? decoder.done : remaining === 0;
    const settle = () => {
      detach();
      if (keepAlive && open && finished() && start >= end) {
        open = false;
        release(origin, socket);
      } else {
        closeConn();
      }
    };
    /** The payload in buf[start, end), consumed. */
    const take = (): Uint8Array => {
      let out: Uint8Array;
      if (decoder) {
        out = decoder.decode(buf, start, end);
        start = end;
      } else {
        const n = remaining < 0
          ? end - start
          : Math.min(remaining, end - start);
        out = buf.slice(start, start + n);
        start += n;
        if (remaining > 0) remaining -= n;
      }
      return out;
    };

    // Built without headers and appended from the parsed list: a `Headers` in the init would
    // be iterated (sorted) and converted pair by pair through WebIDL, twice the cost.
    const toResponse = (body: BodyInit | null): Response => {
      const response = new Response(body, { status, statusText });
      const out = response.headers;
      for (const [name, value] of list) out.append(name, value);
      (response as { [HEADER_LIST]?: [string, string][] })[HEADER_LIST] = list;
      return response;
    };
    if (noBody || remaining === 0) {
      settle();
      return toResponse(null);
    }
    // The whole body came with the head (a small JSON answer): handed over as bytes, the
    // connection back in the pool at once.
    if (!decoder && remaining > 0 && end - start >= remaining) {
      const bytes = buf.slice(start, start + remaining);
      start += remaining;
      remaining = 0;
      settle();
      const response = toResponse(bytes);
      (response as { [WHOLE_BODY]?: Uint8Array })[WHOLE_BODY] = bytes;
      return response;
    }
    // A byte stream, so the gateway's BYOB reader applies without a failed attempt.
    const body = new ReadableStream({
      type: "bytes",
      pull: async (controller: ReadableByteStreamController) => {
        try {
          for (;;) {
            if (start < end) {
              const out = take();
              if (finished()) {
                settle();
                if (out.length > 0) controller.enqueue(out);
                closeBody(controller);
                return;
              }
              if (out.length > 0) {
                controller.enqueue(out);
                return;
              }
            }
            if (!open) throw new TypeError("Connection closed");
            // Everything read so far is consumed (copied out), so the buffer may be replaced.
            if (end === buf.length && buf.length < MAX_READ_BUFFER_BYTES) {
              buf = socket.buf = new Uint8Array(buf.length * 2);
            }
            const n = await tcp.read(buf);
            if (n === null) {
              if (remaining === -2) {
                settle();
                closeBody(controller);
                return;
              }
              throw new TypeError("Connection closed inside the response body");
            }
            start = 0;
            end = n;
          }
        } catch (err) {
          detach();
          closeConn();
          controller.error(aborted && signal ? abortReason(signal) : err);
        }
      },
      cancel: () => {
        detach();
        closeConn();
      },
    });
    const response = toResponse(body);
    (response as { [FRESH_CHUNKS]?: boolean })[FRESH_CHUNKS] = true;
    // The body's closures share this scope for the stream's life; the header list is the
    // response's now.
    list = [];
    return response;
  };

  const lean = async (
    url: URL,
    prefix: string,
    init: RequestInit,
    body: Uint8Array | null,
  ): Promise<Response> => {
    const signal = init.signal ?? undefined;
    if (signal?.aborted) throw abortReason(signal);
    const origin = originOf(prefix, url);
    const method = (init.method ?? "GET").toUpperCase();
    const request = toRequestBytes(
      method,
      `${url.pathname}${url.search}`,
      origin.host,
      init.headers,
      body,
    );
    // Sent once more on a fresh connection: a request that never left (the connection broke
    // before its first byte), and one a pooled connection took when the server had closed it
    // while idle (it fails before any response byte: no handler saw it). Both bounded.
    for (let attempt = 1;; attempt++) {
      const conn = await connect(origin, signal);
      try {
        return await exchange(origin, conn, request, method, signal);
      } catch (err) {
        const stale = conn.reused &&
          (err instanceof ConnectionClosedError ||
            err instanceof Deno.errors.ConnectionReset ||
            err instanceof Deno.errors.BrokenPipe);
        // The server closed one idle connection: it closed the others of that time too.
        if (stale) { for (const s of origin.idle.splice(0)) s.tcp.close(); }
        const again = (stale || err instanceof NotSentError) &&
          attempt < SEND_ATTEMPTS && !signal?.aborted;
        if (!again) throw err instanceof NotSentError ? err.cause : err;
      }
    }
  };

  const leanFetch = (
    input: string | URL | Request,
    init: RequestInit = {},
  ): Promise<Response> => {
    if (closed) return Promise.reject(new TypeError("Client is closed"));
    const text = typeof input === "string"
      ? input
      : input instanceof URL
      ? input.href
      : undefined;
    const body = toBodyBytes(init.body);
    if (
      text === undefined || !text.startsWith("http://") || body === undefined
    ) {
      return fallback(input, init);
    }
    const url = new URL(text);
    const prefix = `${url.protocol}//${url.host}`;
    return lean(url, prefix, init, body);
  };

  return {
    fetch: leanFetch as typeof fetch,
    close() {
      closed = true;
      for (const origin of origins.values()) {
        for (const idle of origin.idle.splice(0)) idle.tcp.close();
      }
    },
  };
}
