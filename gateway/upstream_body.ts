/**
 * Reading an upstream body with the idle timeout: each read waits at most
 * `upstream_idle_timeout_ms` for the next byte, else the upstream request is aborted and the read
 * fails with `GatewayError("upstream_timeout")`. Any other read failure (the connection closed
 * mid-body, a framing error) is `GatewayError("upstream_bad_response")`.
 *
 * @module
 */
import { concatBytes } from "./bytes.ts";
import { GatewayError } from "./errors.ts";

/**
 * The BYOB read buffer. It is held for as long as a read waits — the whole life of a slow stream
 * — so it is sized for SSE events (a few hundred bytes each), not for bulk bodies.
 */
const BYOB_BUFFER_BYTES = 16 * 1024;
/**
 * Read buffers of finished bodies, reused by the next ones: a fresh buffer per request is
 * zero-filled memory the collector must reclaim.
 */
const SPARE_BUFFERS: Uint8Array<ArrayBuffer>[] = [];
const MAX_SPARE_BUFFERS = 64;

/** A BYOB reader when `body` is a byte stream, else `undefined`. */
function byobReaderOf(
  body: ReadableStream<Uint8Array>,
): ReadableStreamBYOBReader | undefined {
  try {
    return body.getReader({ mode: "byob" });
  } catch (err) {
    if (!(err instanceof TypeError)) throw err;
    return undefined;
  }
}

/** What {@link IdleReader.readUpTo} read. */
export interface BoundedRead {
  readonly bytes: Uint8Array<ArrayBuffer>;
  /** Whether the body went on past the limit (the rest was cancelled, not read). */
  readonly truncated: boolean;
}

/**
 * Reads an upstream body chunk by chunk under the idle timeout. One timer per body, re-armed
 * lazily: a read only records when it started, and the timer, when it fires, waits again for
 * whatever is left of the idle period (no timer or promise race per chunk). Time spent while no
 * read is pending (the client applying back-pressure) does not count as upstream idleness.
 */
export class IdleReader {
  readonly #reader:
    | ReadableStreamDefaultReader<Uint8Array>
    | ReadableStreamBYOBReader;
  /** The reused read buffer of a byte stream (fetch bodies are). */
  #buffer: Uint8Array<ArrayBuffer> | undefined;
  readonly #idleMs: number;
  readonly #onTimeout: (err: GatewayError) => void;
  #timer: ReturnType<typeof setTimeout> | undefined;
  #pending = false;
  #readStart = 0;
  #timedOut: GatewayError | undefined;
  #done = false;

  /**
   * `byob: false` reads with a default reader: for bodies whose chunks are already fresh arrays
   * of their exact size (the HTTP/1.1 client's), a BYOB read would only add a copy and a buffer
   * held per stream.
   */
  constructor(
    body: ReadableStream<Uint8Array>,
    options: {
      idleMs: number;
      onTimeout: (err: GatewayError) => void;
      byob?: boolean;
    },
  ) {
    this.#reader = (options.byob !== false && byobReaderOf(body)) ||
      body.getReader();
    this.#idleMs = options.idleMs;
    this.#onTimeout = options.onTimeout;
  }

  #fire = (): void => {
    this.#timer = undefined;
    if (!this.#pending || this.#done) return;
    const waited = Date.now() - this.#readStart;
    if (waited < this.#idleMs) {
      this.#timer = setTimeout(this.#fire, this.#idleMs - waited);
      return;
    }
    const err = new GatewayError(
      "upstream_timeout",
      `Upstream sent nothing for ${this.#idleMs} ms`,
    );
    this.#timedOut = err;
    this.#onTimeout(err);
    // Settles the pending read even when nothing aborted the body's source: cancelling errors a
    // read the source still owes, and releasing the lock rejects one a closed stream never
    // answered, so a broken upstream body can never hold the client past this timeout.
    this.#reader.cancel(err).catch((cancelErr: unknown) => cancelErr);
    this.#reader.releaseLock();
  };

  #stop(): void {
    this.#done = true;
    const buffer = this.#buffer;
    this.#buffer = undefined;
    if (
      buffer && buffer.byteLength > 0 &&
      SPARE_BUFFERS.length < MAX_SPARE_BUFFERS
    ) {
      SPARE_BUFFERS.push(buffer);
    }
    clearTimeout(this.#timer);
    this.#timer = undefined;
  }

  /** The next chunk, `undefined` at the end. */
  async read(): Promise<Uint8Array | undefined> {
    if (this.#timedOut) throw this.#timedOut;
    this.#readStart = Date.now();
    this.#pending = true;
    this.#timer ??= setTimeout(this.#fire, this.#idleMs);
    let result;
    try {
      result = await this.#readChunk();
    } catch (err) {
      this.#stop();
      throw this.#timedOut ?? toReadError(err);
    } finally {
      this.#pending = false;
    }
    if (this.#timedOut) throw this.#timedOut;
    if (result.done) {
      this.#stop();
      return undefined;
    }
    return result.value;
  }

  /**
   * One chunk. A byte stream is read into one reused buffer and the bytes copied out at their
   * size: a default read of a fetch body allocates a fresh 64 KiB buffer per chunk, which for
   * SSE (a few hundred bytes per event) is most of a stream's memory traffic, and every view
   * kept (the usage tap keeps some) pins a whole 64 KiB.
   */
  #readChunk(): Promise<ReadableStreamReadResult<Uint8Array>> {
    const reader = this.#reader;
    // No async frame of its own for a default read: it waits as long as the upstream is
    // silent, and every suspended frame is heap a slow stream holds.
    if (!(reader instanceof ReadableStreamBYOBReader)) return reader.read();
    return this.#readInto(reader);
  }

  /** {@link #readChunk} for a byte stream: into the reused buffer, copied out at size. */
  async #readInto(
    reader: ReadableStreamBYOBReader,
  ): Promise<ReadableStreamReadResult<Uint8Array>> {
    const buffer = this.#buffer ?? SPARE_BUFFERS.pop() ??
      new Uint8Array(BYOB_BUFFER_BYTES);
    // The read transfers the buffer; it is ours again only when the read resolves.
    this.#buffer = undefined;
    const result = await reader.read(buffer);
    if (result.done || !result.value) {
      if (result.value && result.value.buffer.byteLength > 0) {
        this.#buffer = new Uint8Array(result.value.buffer);
      }
      return { done: true, value: undefined };
    }
    const view = result.value;
    this.#buffer = new Uint8Array(view.buffer);
    return { done: false, value: view.slice() };
  }

  /** Cancels the upstream body. */
  async cancel(reason?: unknown): Promise<void> {
    this.#stop();
    await this.#reader.cancel(reason);
  }

  /**
   * Reads at most `limit` bytes (what comes after `first`); a longer body is cut there and the
   * rest cancelled, so a huge error page costs no more than `limit`.
   */
  async readUpTo(limit: number): Promise<BoundedRead> {
    const chunks: Uint8Array[] = [];
    let total = 0;
    for (let c = await this.read(); c; c = await this.read()) {
      if (total + c.length > limit) {
        chunks.push(c.subarray(0, limit - total));
        await this.cancel().catch((err: unknown) => err);
        return { bytes: concatBytes(chunks), truncated: true };
      }
      chunks.push(c);
      total += c.length;
    }
    return { bytes: concatBytes(chunks), truncated: false };
  }

  /** Reads everything that is left. */
  async readAll(): Promise<Uint8Array<ArrayBuffer>> {
    const chunks = [];
    for (let c = await this.read(); c; c = await this.read()) chunks.push(c);
    return concatBytes(chunks);
  }
}

/** A failed read as the gateway reports it: the upstream broke its response. */
function toReadError(err: unknown): unknown {
  // An abort is the gateway's own doing (client gone, timeout); the caller knows why.
  if (err instanceof GatewayError || isAbort(err)) return err;
  return new GatewayError(
    "upstream_bad_response",
    `Upstream response broke off: ${
      err instanceof Error ? err.message : String(err)
    }`,
    { cause: err },
  );
}

function isAbort(err: unknown): boolean {
  return err instanceof DOMException && err.name === "AbortError";
}
