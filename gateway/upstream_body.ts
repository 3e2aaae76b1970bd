/**
 * Reading an upstream body with the idle timeout: each read waits at most
 * `upstream_idle_timeout_ms` for the next byte, else the upstream request is aborted and the read
 * fails with `GatewayError("upstream_timeout")`.
 *
 * @module
 */
import { GatewayError } from "./errors.ts";

/** Reads an upstream body chunk by chunk under the idle timeout. */
export class IdleReader {
  readonly #reader: ReadableStreamDefaultReader<Uint8Array>;
  readonly #idleMs: number;
  readonly #onTimeout: (err: GatewayError) => void;

  constructor(
    body: ReadableStream<Uint8Array>,
    options: { idleMs: number; onTimeout: (err: GatewayError) => void },
  ) {
    this.#reader = body.getReader();
    this.#idleMs = options.idleMs;
    this.#onTimeout = options.onTimeout;
  }

  /** The next chunk, `undefined` at the end. */
  async read(): Promise<Uint8Array | undefined> {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => {
        const err = new GatewayError(
          "upstream_timeout",
          `Upstream sent nothing for ${this.#idleMs} ms`,
        );
        reject(err);
        this.#onTimeout(err);
      }, this.#idleMs);
    });
    try {
      const result = await Promise.race([this.#reader.read(), timeout]);
      return result.done ? undefined : result.value;
    } finally {
      clearTimeout(timer);
    }
  }

  /** Cancels the upstream body. */
  async cancel(reason?: unknown): Promise<void> {
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
    const out = new Uint8Array(total);
    let offset = 0;
    for (const c of chunks) {
      out.set(c, offset);
      offset += c.length;
    }
    return out;
  }
}

/** The upstream bytes as a stream, starting with an already read `first` chunk. */
export function toSourceStream(
  reader: IdleReader,
  first: Uint8Array | undefined,
  onCancel: (reason: unknown) => void,
): ReadableStream<Uint8Array> {
  let pending = first;
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      if (pending) {
        controller.enqueue(pending);
        pending = undefined;
        return;
      }
      const chunk = await reader.read();
      if (chunk) controller.enqueue(chunk);
      else controller.close();
    },
    async cancel(reason) {
      onCancel(reason);
      // The abort above already tore the body down; cancelling it then may reject harmlessly.
      await reader.cancel(reason).catch((err: unknown) => err);
    },
  }, { highWaterMark: 0 });
}
