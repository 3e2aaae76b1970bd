/**
 * The last bytes of a byte stream, copied into one buffer as they pass.
 *
 * @module
 */

/**
 * Keeps the last `keep` bytes pushed, in one buffer of at most `keep + slack` bytes that grows
 * as bytes come. Holding the chunks themselves instead would keep a typed array and its
 * `ArrayBuffer` alive per chunk — for an event stream, hundreds of small objects per open
 * stream that outlive the young generation.
 */
export class ByteTail {
  readonly #keep: number;
  readonly #capacity: number;
  #buffer = new Uint8Array(0);
  #length = 0;

  /** `slack`: room past `keep`, so the kept bytes move down once per `slack` bytes pushed. */
  constructor(keep: number, slack: number = Math.ceil(keep / 4)) {
    if (!(keep > 0) || !(slack > 0)) {
      throw new RangeError(`ByteTail needs keep > 0 and slack > 0`);
    }
    this.#keep = keep;
    this.#capacity = keep + slack;
  }

  /** The buffer's size now (at most `keep + slack`). */
  get capacity(): number {
    return this.#buffer.length;
  }

  /** Appends a copy of `chunk`, letting go of bytes older than the last `keep`. */
  push(chunk: Uint8Array): void {
    if (chunk.length >= this.#keep) {
      this.#reserve(this.#keep);
      this.#buffer.set(chunk.subarray(chunk.length - this.#keep));
      this.#length = this.#keep;
      return;
    }
    const needed = this.#length + chunk.length;
    if (needed > this.#capacity) {
      // Only the last `keep - chunk.length` bytes held still matter.
      const drop = needed - this.#keep;
      this.#buffer.copyWithin(0, drop, this.#length);
      this.#length -= drop;
    }
    this.#reserve(this.#length + chunk.length);
    this.#buffer.set(chunk, this.#length);
    this.#length += chunk.length;
  }

  /** Grows the buffer to hold `bytes` (doubling, up to the capacity), keeping its content. */
  #reserve(bytes: number): void {
    if (bytes <= this.#buffer.length) return;
    const size = Math.min(
      this.#capacity,
      Math.max(bytes, 2 * this.#buffer.length, 256),
    );
    const bigger = new Uint8Array(size);
    bigger.set(this.#buffer.subarray(0, this.#length));
    this.#buffer = bigger;
  }

  /** The last `keep` bytes pushed (all of them when fewer came); a view, valid until the next push. */
  bytes(): Uint8Array<ArrayBuffer> {
    return this.#buffer.subarray(
      Math.max(0, this.#length - this.#keep),
      this.#length,
    );
  }
}
