/**
 * Incremental `Transfer-Encoding: chunked` decoding for the HTTP/1.1 client (`http1_client.ts`):
 * payload bytes out of a read buffer, size lines read byte by byte.
 *
 * @module
 */

const CR = 13;
const LF = 10;

/** The value of hex digit byte `b`, or -1. */
function hexValue(b: number): number {
  if (b >= 48 && b <= 57) return b - 48; // 0-9
  const lower = b | 0x20;
  if (lower >= 97 && lower <= 102) return lower - 87; // a-f
  return -1;
}

const MAX_CHUNK_SIZE = Number.MAX_SAFE_INTEGER / 16;

/**
 * Incremental `Transfer-Encoding: chunked` decoder. Size lines are read byte by byte (no text
 * decoding: an SSE upstream sends one chunk, so one size line, per event).
 */
export class ChunkedDecoder {
  #state: "size" | "ext" | "data" | "data_end" | "trailer" | "done" = "size";
  #size = 0;
  #digits = 0;
  /** Bytes on the current trailer line, to tell its blank end line from a field. */
  #lineBytes = 0;
  #remaining = 0;

  get done(): boolean {
    return this.#state === "done";
  }

  /**
   * The payload bytes in `buf[start, end)`, copied into one array (empty when none). The
   * payload is first moved together within `buf` — the region is consumed by this call — so
   * an SSE body's many small chunks cost one copy and no per-chunk views.
   */
  decode(buf: Uint8Array, start: number, end: number): Uint8Array {
    let write = start;
    let i = start;
    while (i < end && this.#state !== "done") {
      const b = buf[i];
      switch (this.#state) {
        case "size": {
          const digit = hexValue(b);
          if (digit >= 0 && this.#size < MAX_CHUNK_SIZE) {
            this.#size = this.#size * 16 + digit;
            this.#digits++;
          } else if (b === LF) {
            this.#endSizeLine();
          } else if (b === 59 || b === 32 || b === 9 || b === CR) { // ; SP HT CR
            this.#state = "ext";
          } else {
            throw new TypeError("Invalid chunk size line");
          }
          i++;
          break;
        }
        case "ext":
          if (b === LF) this.#endSizeLine();
          i++;
          break;
        case "data": {
          const n = Math.min(this.#remaining, end - i);
          if (write !== i) buf.copyWithin(write, i, i + n);
          write += n;
          i += n;
          this.#remaining -= n;
          if (this.#remaining === 0) {
            this.#state = "data_end";
            this.#remaining = 2;
          }
          break;
        }
        case "data_end": {
          const n = Math.min(this.#remaining, end - i);
          i += n;
          this.#remaining -= n;
          if (this.#remaining === 0) this.#state = "size";
          break;
        }
        case "trailer":
          if (b === LF) {
            if (this.#lineBytes === 0) this.#state = "done";
            this.#lineBytes = 0;
          } else if (b !== CR) {
            this.#lineBytes++;
          }
          i++;
          break;
      }
    }
    return buf.slice(start, write);
  }

  #endSizeLine(): void {
    if (this.#digits === 0) throw new TypeError("Invalid chunk size line");
    if (this.#size === 0) {
      this.#state = "trailer";
      this.#lineBytes = 0;
    } else {
      this.#remaining = this.#size;
      this.#state = "data";
    }
    this.#size = 0;
    this.#digits = 0;
  }
}
