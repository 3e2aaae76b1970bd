/**
 * A lean HTTP/1.1 upstream client for plain-`http:` downstreams (local model servers, the
 * benchmark's mock): keep-alive connections pooled per origin, the request written in one
 * buffer, and the response body handed over as it arrives, de-chunked, one piece per socket read
 * (`http1_exchange.ts`). Deno's `fetch` costs about 100 µs of CPU per call and one JS stream
 * step per HTTP chunk, which dominates a gateway's own work; this client is a few syscalls and
 * coalesces the SSE events a read brings. Other schemes go to the `fallback` client.
 *
 * @module
 */
import type {
  UpstreamClient,
  UpstreamRequest,
  UpstreamResponse,
} from "../gateway/mod.ts";
import {
  abortReason,
  ConnectQueue,
  type ConnectQueueOptions,
} from "./http1_connect.ts";
import {
  ConnectionClosedError,
  exchange,
  NotSentError,
  type Socket,
} from "./http1_exchange.ts";
import { toRequestBytes } from "./http1_wire.ts";

/**
 * A connection's first read buffer: small, because it is held for as long as a read waits (a
 * paced stream's whole life); a bulk body grows it.
 */
const READ_BUFFER_BYTES = 2 * 1024;
const MAX_IDLE_PER_ORIGIN = 64;
/** Attempts per request, the first included, over connections that failed before sending. */
const SEND_ATTEMPTS = 3;

interface Origin {
  /** `Host` header value. */
  readonly host: string;
  readonly idle: Socket[];
  readonly queue: ConnectQueue;
  /** Takes a connection back after a response read to its end. */
  readonly release: (socket: Socket) => void;
}

/** A connection, and whether it came from the idle pool. */
interface Conn {
  readonly socket: Socket;
  readonly reused: boolean;
}

/** Options of {@link createHttp1Client}; the connect limits default to production's. */
export interface Http1ClientOptions extends ConnectQueueOptions {
  /** Serves what this client does not (`https:`, anything but `http:`). */
  readonly fallback: UpstreamClient;
}

/** Creates the client; `close()` closes its idle connections, not the fallback. */
export function createHttp1Client(options: Http1ClientOptions): UpstreamClient {
  return new Http1Client(options);
}

/** The pooled connections of every origin the client has talked to. */
class Http1Client implements UpstreamClient {
  readonly #options: Http1ClientOptions;
  readonly #origins = new Map<string, Origin>();
  #closed = false;

  constructor(options: Http1ClientOptions) {
    this.#options = options;
  }

  send(
    request: UpstreamRequest,
    signal?: AbortSignal,
  ): Promise<UpstreamResponse> {
    if (this.#closed) return Promise.reject(new TypeError("Client is closed"));
    if (!request.url.startsWith("http://")) {
      return this.#options.fallback.send(request, signal);
    }
    return this.#send(request, signal);
  }

  close(): void {
    this.#closed = true;
    for (const origin of this.#origins.values()) {
      for (const idle of origin.idle.splice(0)) idle.tcp.close();
    }
  }

  async #send(
    request: UpstreamRequest,
    signal: AbortSignal | undefined,
  ): Promise<UpstreamResponse> {
    if (signal?.aborted) throw abortReason(signal);
    const url = new URL(request.url);
    const origin = this.#originOf(url);
    const method = request.method.toUpperCase();
    const bytes = toRequestBytes({
      method,
      target: `${url.pathname}${url.search}`,
      host: origin.host,
      headers: request.headers,
      body: request.body,
    });
    // Sent once more on a fresh connection: a request that never left (the connection broke
    // before its first byte), and one a pooled connection took when the server had closed it
    // while idle (it fails before any response byte: no handler saw it). Both bounded.
    for (let attempt = 1;; attempt++) {
      const conn = await connect(origin, signal);
      try {
        return await exchange(conn.socket, bytes, {
          method,
          signal,
          release: origin.release,
        });
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
  }

  #originOf(url: URL): Origin {
    let origin = this.#origins.get(url.host);
    if (!origin) {
      const target = {
        hostname: url.hostname.replace(/^\[|\]$/g, ""),
        port: url.port === "" ? 80 : Number(url.port),
      };
      const idle: Socket[] = [];
      origin = {
        host: url.host,
        idle,
        queue: new ConnectQueue(target, this.#options),
        release: (socket) => {
          if (this.#closed || idle.length >= MAX_IDLE_PER_ORIGIN) {
            socket.tcp.close();
          } else idle.push(socket);
        },
      };
      this.#origins.set(url.host, origin);
    }
    return origin;
  }
}

/** An idle connection of `origin`, else a new one. */
async function connect(
  origin: Origin,
  signal: AbortSignal | undefined,
): Promise<Conn> {
  const idle = origin.idle.pop();
  if (idle) return { socket: idle, reused: true };
  const tcp = await origin.queue.open(signal);
  tcp.setNoDelay(true);
  return {
    socket: { tcp, buf: new Uint8Array(READ_BUFFER_BYTES) },
    reused: false,
  };
}
