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
/**
 * Buffers of released tails, taken by growing tails instead of allocating each larger size
 * (zero-filled allocations and copies, several per stream). Few are kept: an idle gateway holds
 * little. Small buffers are neither kept nor taken, so a short stream still costs a short one.
 */
const SPARE_BUFFERS: Uint8Array<ArrayBuffer>[] = [];
const MAX_SPARE_BUFFERS = 16;
const SMALL_BUFFER_BYTES = 1024;

/** The last released buffer when it holds `min` to `max` bytes. */
function takeSpare(
  min: number,
  max: number,
): Uint8Array<ArrayBuffer> | undefined {
  const spare = SPARE_BUFFERS.at(-1);
  if (spare === undefined || spare.length < min || spare.length > max) {
    return undefined;
  }
  return SPARE_BUFFERS.pop();
}

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

  /**
   * Grows the buffer to hold `bytes` (doubling, up to the capacity), keeping its content; past
   * a small size, into a released buffer when one fits.
   */
  #reserve(bytes: number): void {
    if (bytes <= this.#buffer.length) return;
    const size = Math.min(
      this.#capacity,
      Math.max(bytes, 2 * this.#buffer.length, 256),
    );
    const bigger = (size > SMALL_BUFFER_BYTES &&
      takeSpare(size, this.#capacity)) || new Uint8Array(size);
    bigger.set(this.#buffer.subarray(0, this.#length));
    this.#buffer = bigger;
  }

  /**
   * Empties the tail and hands its buffer to the next tail; no view from {@link bytes} may be
   * read afterwards.
   */
  release(): void {
    if (
      this.#buffer.length > SMALL_BUFFER_BYTES &&
      SPARE_BUFFERS.length < MAX_SPARE_BUFFERS
    ) {
      SPARE_BUFFERS.push(this.#buffer);
    }
    this.#buffer = new Uint8Array(0);
    this.#length = 0;
  }

  /** The last `keep` bytes pushed (all of them when fewer came); a view, valid until the next push. */
  bytes(): Uint8Array<ArrayBuffer> {
    return this.#buffer.subarray(
      Math.max(0, this.#length - this.#keep),
      this.#length,
    );
  }
}
