/**
 * Reading an upstream body with the idle timeout: each read waits at most
 * `upstream_idle_timeout_ms` for the next byte, else the upstream request is aborted and the read
 * fails with `GatewayError("upstream_timeout")`.
 *
 * @module
 */
import { GatewayError } from "./errors.ts";

const BYOB_BUFFER_BYTES = 64 * 1024;
/**
 * Read buffers of finished bodies, reused by the next ones: a fresh 64 KiB buffer per request is
 * zero-filled memory the collector must reclaim, and under load it is most of the RSS growth.
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

  constructor(
    body: ReadableStream<Uint8Array>,
    options: { idleMs: number; onTimeout: (err: GatewayError) => void },
  ) {
    this.#reader = byobReaderOf(body) ?? body.getReader();
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
    // Settles the pending read even when nothing aborted the body's source.
    this.#reader.cancel(err).catch((cancelErr: unknown) => cancelErr);
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
      throw this.#timedOut ?? err;
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
  async #readChunk(): Promise<ReadableStreamReadResult<Uint8Array>> {
    const reader = this.#reader;
    if (!(reader instanceof ReadableStreamBYOBReader)) return reader.read();
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

  /** Reads everything that is left. */
  async readAll(first?: Uint8Array): Promise<Uint8Array<ArrayBuffer>> {
    const chunks = first ? [first] : [];
    let total = first?.length ?? 0;
    for (let c = await this.read(); c; c = await this.read()) {
      chunks.push(c);
      total += c.length;
    }
    if (chunks.length === 1 && chunks[0].buffer instanceof ArrayBuffer) {
      return chunks[0] as Uint8Array<ArrayBuffer>;
    }
    const out = new Uint8Array(total);
    let offset = 0;
    for (const c of chunks) {
      out.set(c, offset);
      offset += c.length;
    }
    return out;
  }
}
