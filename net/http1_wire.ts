/**
 * HTTP/1.1 on the wire for the lean client (`http1_client.ts`): the request written as one
 * buffer, and the response head found and parsed into a field list, each field checked as
 * `Headers` would check it.
 *
 * @module
 */
import type { HeaderList } from "../gateway/mod.ts";

const CR = 13;
const LF = 10;
const ENCODER = new TextEncoder();
const DECODER = new TextDecoder();

/** Request headers the client frames itself. */
const FRAMING = new Set([
  "host",
  "content-length",
  "transfer-encoding",
  "connection",
  "keep-alive",
]);

const TOKEN_REGEXP = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;
const VALUE_FORBIDDEN_REGEXP = /[\0\r\n]/;
const STATUS_LINE_REGEXP = /^HTTP\/1\.([01]) (\d{3})(?: .*)?$/;

/** Throws the TypeError `Headers` would throw for this field. */
function checkField(name: string, value: string): void {
  if (!TOKEN_REGEXP.test(name)) {
    throw new TypeError(`Invalid header name: "${name}"`);
  }
  if (VALUE_FORBIDDEN_REGEXP.test(value)) {
    throw new TypeError(`Invalid header value for "${name}"`);
  }
}

/**
 * The request head and body in one buffer. Fields are written as listed (lower-cased, values
 * trimmed) after the checks `Headers` would make, minus the framing the client sets itself.
 */
export function toRequestBytes(
  request: {
    readonly method: string;
    readonly target: string;
    readonly host: string;
    readonly headers: HeaderList;
    readonly body: Uint8Array | null;
  },
): Uint8Array {
  const { method, body } = request;
  let head =
    `${method} ${request.target} HTTP/1.1\r\nhost: ${request.host}\r\n`;
  let encoding = false;
  for (const [rawName, rawValue] of request.headers) {
    checkField(rawName, rawValue);
    const name = rawName.toLowerCase();
    if (FRAMING.has(name)) continue;
    if (name === "accept-encoding") encoding = true;
    head += `${name}: ${rawValue.trim()}\r\n`;
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

/** Where the head ending (CRLF CRLF) starts in `buf[0, end)`, searching from about `from`. */
export function indexOfHeadEnd(
  buf: Uint8Array,
  from: number,
  end: number,
): number {
  for (let i = Math.max(0, from - 3); i + 3 < end; i++) {
    if (
      buf[i] === CR && buf[i + 1] === LF && buf[i + 2] === CR &&
      buf[i + 3] === LF
    ) return i;
  }
  return -1;
}

/** A parsed response head. */
export interface ResponseHead {
  readonly status: number;
  /** Every field, lower-case names, in order. */
  readonly fields: [string, string][];
  /** HTTP/1.1 (keep-alive by default) rather than 1.0. */
  readonly http11: boolean;
  /** Framing fields, repeats joined as `Headers.get` joins them. */
  readonly connection: string;
  readonly transferEncoding: string;
  readonly contentLength: string | undefined;
}

/** Parses the head in `buf[0, headEnd)`; throws TypeError for a malformed one. */
export function parseResponseHead(
  buf: Uint8Array,
  headEnd: number,
): ResponseHead {
  const lines = DECODER.decode(buf.subarray(0, headEnd)).split("\r\n");
  const statusLine = STATUS_LINE_REGEXP.exec(lines[0]);
  if (!statusLine) throw new TypeError("Malformed status line");
  const fields: [string, string][] = [];
  let connection: string | undefined;
  let transferEncoding: string | undefined;
  let contentLength: string | undefined;
  for (let i = 1; i < lines.length; i++) {
    const colon = lines[i].indexOf(":");
    if (colon <= 0) continue;
    const rawName = lines[i].slice(0, colon);
    const value = lines[i].slice(colon + 1).trim();
    checkField(rawName, value);
    const name = rawName.toLowerCase();
    fields.push([name, value]);
    if (name === "connection") connection = joined(connection, value);
    else if (name === "transfer-encoding") {
      transferEncoding = joined(transferEncoding, value);
    } else if (name === "content-length") {
      contentLength = joined(contentLength, value);
    }
  }
  return {
    status: Number(statusLine[2]),
    fields,
    http11: statusLine[1] === "1",
    connection: connection ?? "",
    transferEncoding: transferEncoding ?? "",
    contentLength,
  };
}

/** Repeated fields as one value, the way `Headers.get` joins them. */
function joined(previous: string | undefined, value: string): string {
  return previous === undefined ? value : `${previous}, ${value}`;
}
