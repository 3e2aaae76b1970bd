/**
 * A raw HTTP/1.1 request over TCP, byte for byte as given: `fetch` would normalise the path
 * (dot segments, backslashes) and fix the `Host` header, which is exactly what hostile-request
 * tests must not let happen.
 */

/** What to send. */
export interface RawRequest {
  readonly method?: string;
  /** The request target as sent: `/static/%252e%252e/x`, `http://evil/x`, … */
  readonly target: string;
  /** Sent in order; include `Host` yourself (absent when not given). */
  readonly headers?: readonly [string, string][];
  readonly body?: string;
}

/** The answer, read to the end of the connection. */
export interface RawResponse {
  readonly status: number;
  readonly headers: Headers;
  readonly body: string;
}

/** Sends `request` to 127.0.0.1:`port` with `Connection: close` and reads the whole answer. */
export async function rawRequest(
  port: number,
  request: RawRequest,
): Promise<RawResponse> {
  const conn = await Deno.connect({ hostname: "127.0.0.1", port });
  const lines = [`${request.method ?? "GET"} ${request.target} HTTP/1.1`];
  for (const [name, value] of request.headers ?? []) {
    lines.push(`${name}: ${value}`);
  }
  const body = new TextEncoder().encode(request.body ?? "");
  if (request.body !== undefined) lines.push(`Content-Length: ${body.length}`);
  lines.push("Connection: close", "", "");
  try {
    await conn.write(new TextEncoder().encode(lines.join("\r\n")));
    if (body.length > 0) await conn.write(body);
  } catch (err) {
    conn.close();
    throw err;
  }
  // Reading `readable` to its end closes the connection. Framing is parsed over bytes (one
  // char per byte); the body is then read as UTF-8.
  const bytes = new Uint8Array(await new Response(conn.readable).arrayBuffer());
  let binary = "";
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return parseResponse(binary);
}

function parseResponse(text: string): RawResponse {
  const split = text.indexOf("\r\n\r\n");
  const head = split === -1 ? text : text.slice(0, split);
  let body = split === -1 ? "" : text.slice(split + 4);
  const [statusLine, ...headerLines] = head.split("\r\n");
  const status = Number(/^HTTP\/1\.[01] (\d{3})/.exec(statusLine)?.[1] ?? NaN);
  const headers = new Headers();
  for (const line of headerLines) {
    const colon = line.indexOf(":");
    if (colon > 0) {
      headers.append(line.slice(0, colon).trim(), line.slice(colon + 1).trim());
    }
  }
  if (headers.get("transfer-encoding") === "chunked") body = unchunk(body);
  const utf8 = new TextDecoder().decode(
    Uint8Array.from(body, (c) => c.charCodeAt(0)),
  );
  return { status, headers, body: utf8 };
}

function unchunk(text: string): string {
  let out = "";
  let rest = text;
  for (;;) {
    const lineEnd = rest.indexOf("\r\n");
    const size = parseInt(rest.slice(0, lineEnd), 16);
    if (!(size > 0)) return out;
    out += rest.slice(lineEnd + 2, lineEnd + 2 + size);
    rest = rest.slice(lineEnd + 2 + size + 2);
  }
}
