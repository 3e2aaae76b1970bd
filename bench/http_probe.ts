/**
 * A minimal HTTP/1.1 keep-alive client over one TCP connection, for latency probes: it sends a
 * prebuilt request and times the first body byte and the last one (Content-Length or chunked
 * framing), with no allocation per chunk beyond the growing receive buffer.
 *
 * @module
 */

/** One exchange as seen by the probe. */
export interface ProbeTiming {
  readonly status: number;
  /** Microseconds from sending the request to the first body byte. */
  readonly ttfbUs: number;
  /** Microseconds from sending the request to the last body byte. */
  readonly totalUs: number;
}

/** What the benchmark sends: method POST, a path, headers and a JSON body. */
export interface RequestSpec {
  readonly path: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string;
}

const ENCODER = new TextEncoder();
const DECODER = new TextDecoder();
const CR = 13;
const LF = 10;

/** The raw bytes of `spec` sent to `host:port`. */
export function toRequestBytes(
  spec: RequestSpec,
  host: string,
  port: number,
): Uint8Array {
  const body = ENCODER.encode(spec.body);
  let head = `POST ${spec.path} HTTP/1.1\r\nhost: ${host}:${port}\r\n`;
  for (const [name, value] of Object.entries(spec.headers)) {
    head += `${name}: ${value}\r\n`;
  }
  head += `content-length: ${body.length}\r\n\r\n`;
  const out = new Uint8Array(head.length + body.length);
  out.set(ENCODER.encode(head), 0);
  out.set(body, head.length);
  return out;
}

function indexOfCrlf(buf: Uint8Array, from: number, end: number): number {
  for (let i = from; i + 1 < end; i++) {
    if (buf[i] === CR && buf[i + 1] === LF) return i;
  }
  return -1;
}

function indexOfHeaderEnd(buf: Uint8Array, end: number): number {
  for (let i = 0; i + 3 < end; i++) {
    if (
      buf[i] === CR && buf[i + 1] === LF && buf[i + 2] === CR &&
      buf[i + 3] === LF
    ) return i;
  }
  return -1;
}

/** A keep-alive connection that answers one request at a time. */
export class HttpProbe {
  readonly #conn: Deno.TcpConn;
  #buf = new Uint8Array(64 * 1024);
  /** Where the last response's body lies in `#buf`. */
  #body: [number, number] = [0, 0];

  private constructor(conn: Deno.TcpConn) {
    this.#conn = conn;
  }

  /** Connects to `host:port` (loopback in the benchmark). */
  static async connect(host: string, port: number): Promise<HttpProbe> {
    const conn = await Deno.connect({ hostname: host, port });
    conn.setNoDelay(true);
    return new HttpProbe(conn);
  }

  /** Sends `request` and reads the whole response. Throws on a closed or malformed connection. */
  async request(request: Uint8Array): Promise<ProbeTiming> {
    const start = performance.now();
    let written = 0;
    while (written < request.length) {
      written += await this.#conn.write(request.subarray(written));
    }
    let len = 0;
    let bodyStart = -1;
    let status = 0;
    let contentLength = -1;
    let chunked = false;
    let chunkPos = 0;
    let ttfb = -1;
    for (;;) {
      if (len === this.#buf.length) {
        const bigger = new Uint8Array(this.#buf.length * 2);
        bigger.set(this.#buf);
        this.#buf = bigger;
      }
      const n = await this.#conn.read(this.#buf.subarray(len));
      const now = performance.now();
      if (n === null) throw new Error("Connection closed mid-response");
      len += n;
      if (bodyStart < 0) {
        const end = indexOfHeaderEnd(this.#buf, len);
        if (end < 0) continue;
        const head = DECODER.decode(this.#buf.subarray(0, end)).toLowerCase();
        status = Number(head.slice(9, 12));
        const cl = /\r\ncontent-length:\s*(\d+)/.exec(head);
        contentLength = cl ? Number(cl[1]) : -1;
        chunked = /\r\ntransfer-encoding:[^\r]*chunked/.test(head);
        bodyStart = end + 4;
        chunkPos = bodyStart;
        if (!chunked && contentLength < 0) {
          throw new Error("Response has neither content-length nor chunked");
        }
      }
      if (ttfb < 0 && len > bodyStart) ttfb = now;
      this.#body = [bodyStart, len];
      if (!chunked) {
        if (len - bodyStart >= contentLength) {
          return {
            status,
            ttfbUs: ((ttfb < 0 ? now : ttfb) - start) * 1000,
            totalUs: (now - start) * 1000,
          };
        }
        continue;
      }
      for (;;) {
        const lineEnd = indexOfCrlf(this.#buf, chunkPos, len);
        if (lineEnd < 0) break;
        const size = parseInt(
          DECODER.decode(this.#buf.subarray(chunkPos, lineEnd)),
          16,
        );
        if (size === 0) {
          if (len >= lineEnd + 4) {
            return {
              status,
              ttfbUs: (ttfb - start) * 1000,
              totalUs: (now - start) * 1000,
            };
          }
          break;
        }
        const next = lineEnd + 2 + size + 2;
        if (len < next) break;
        chunkPos = next;
      }
    }
  }

  /** The last response's body as received (chunked framing included). */
  lastBody(): Uint8Array {
    return this.#buf.subarray(this.#body[0], this.#body[1]);
  }

  /** Closes the connection. */
  close(): void {
    this.#conn.close();
  }
}
