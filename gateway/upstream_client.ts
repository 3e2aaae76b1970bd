/**
 * The upstream client contract: how the gateway sends one request to a downstream and gets its
 * answer. The gateway declares it; `net/` implements it (a lean HTTP/1.1 client for plain-`http:`
 * downstreams, Deno's `fetch` for `https:` and proxies) and the composition root hands a factory
 * in, so the gateway never touches `Deno.*` nor knows which client it holds.
 *
 * Headers travel as field lists, not `Headers`: the lean client parses and writes fields as
 * lists, and a `Headers` would be filled and iterated (sorted) once more on each side.
 *
 * @module
 */

/**
 * Header fields in order, repeats kept: `[name, value]` with lower-case names. A response's
 * list is what the upstream sent; a request's list is sent as it is.
 */
export type HeaderList = readonly (readonly [string, string])[];

/** One request to a downstream. */
export interface UpstreamRequest {
  /** Absolute URL (`http:` or `https:`). */
  readonly url: string;
  readonly method: string;
  /** Sent as listed; the client adds framing (`host`, `content-length`) itself. */
  readonly headers: HeaderList;
  readonly body: Uint8Array<ArrayBuffer> | null;
}

/** A downstream's answer, its body still arriving (or already whole). */
export interface UpstreamResponse {
  readonly status: number;
  /** The response's fields as received. */
  readonly headers: HeaderList;
  /**
   * The body: bytes when the client already holds all of it (no stream machinery, no idle
   * timer), a stream when it is still arriving, `null` when there is none (HEAD, 204, 304, or a
   * zero-length body).
   */
  readonly body: Uint8Array<ArrayBuffer> | ReadableStream<Uint8Array> | null;
  /**
   * A stream body whose chunks are fresh arrays of their exact size, the reader's to keep: read
   * as they come, with no BYOB buffer of the reader's own (which a slow stream would hold).
   */
  readonly freshChunks: boolean;
}

/**
 * Sends requests to downstreams. `send` resolves once the response head has arrived and rejects
 * when no response came (cannot connect, the connection broke before the head, `signal`
 * aborted: then with the signal's reason). Aborting `signal` later also tears the body down.
 */
export interface UpstreamClient {
  send(
    request: UpstreamRequest,
    signal?: AbortSignal,
  ): Promise<UpstreamResponse>;
  /** Closes pooled connections; later sends reject. */
  close(): void;
}

/** Builds a client; `proxyUrl` absent means a direct connection. */
export type UpstreamClientFactory = (
  options: { readonly proxyUrl?: string },
) => UpstreamClient;
