/**
 * Rigs for the HTTP/1.1 client's tests (tests/unit/net/http1_client*_test.ts): the client as the
 * gateway uses it, a request helper, the body as text, a header's value, and two kinds of loopback
 * server — `Deno.serve` recording what it received, and raw `Deno.listen` sockets answering
 * byte for byte.
 *
 * @module
 */
import type {
  HeaderList,
  UpstreamClient,
  UpstreamResponse,
} from "../../gateway/mod.ts";
import { createHttp1Client } from "../../net/http1_client.ts";

/** Encodes the raw answers the servers write. */
export const ENCODER: TextEncoder = new TextEncoder();
const DECODER = new TextDecoder();

/** A fallback client that must not be reached (plain-http requests never go to it). */
export const NO_FALLBACK: UpstreamClient = {
  send: () => Promise.reject(new Error("fallback must not be used")),
  close: () => {},
};

/** The client as the gateway uses it, with a fallback that must not be reached. */
export function lean(): UpstreamClient {
  return createHttp1Client({ fallback: NO_FALLBACK });
}

/** Sends a request (POST, no headers, no body unless given). */
export function send(
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
export async function text(res: UpstreamResponse): Promise<string> {
  if (res.body === null) return "";
  if (res.body instanceof Uint8Array) return DECODER.decode(res.body);
  return await new Response(res.body).text();
}

/** The value of `name` in the response's fields (repeats joined), or `null`. */
export function field(res: UpstreamResponse, name: string): string | null {
  const values = res.headers.filter(([n]) => n === name).map(([, v]) => v);
  return values.length === 0 ? null : values.join(", ");
}

/** A request as the Deno.serve server saw it. */
export interface Seen {
  method: string;
  url: string;
  headers: Headers;
  body: string;
  port: number;
}

/** A recording `Deno.serve` server: what it saw, its URL, the server to shut down. */
export interface RecordingServer {
  readonly seen: Seen[];
  readonly url: string;
  readonly server: Deno.HttpServer<Deno.NetAddr>;
}

/** A Deno.serve server recording requests; `reply` answers them. */
export function serve(
  reply: (req: Request) => Response | Promise<Response>,
): RecordingServer {
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

/** A raw socket server: its URL, and `close()` once its connections are handled. */
export interface RawServer {
  readonly url: string;
  close(): Promise<void>;
}

/** A raw server: each accepted connection is handed to `onConn`. */
export function listen(
  onConn: (conn: Deno.Conn) => Promise<void>,
): RawServer {
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
export async function readRequest(
  conn: Deno.Conn,
): Promise<string | undefined> {
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
