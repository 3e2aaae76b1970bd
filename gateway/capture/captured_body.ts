/**
 * One body of a captured request as it passes, held up to a bound, by reference: every body and
 * chunk the gateway handles is a fresh array it never writes to again (the HTTP/1.1 client's
 * chunks are copied out of its read buffer, a converter's output is newly encoded, and sending a
 * chunk to the client does not detach it), so a passthrough stream's upstream and returned
 * bodies hold the same chunks once. Turned into redacted text, cut at `capture.max_body_bytes`
 * with a marker, only when the request is kept.
 *
 * @module
 */
import { concatBytes } from "../bytes.ts";
import type { Redactor } from "./redactor.ts";

const DECODER = new TextDecoder();

/** The longest marker {@link CapturedBody.text} appends to a cut body. */
export const MAX_MARKER_CHARS = 120;

/** How a body is held: the bound it may not pass, and who lends the bytes held. */
export interface HoldOptions {
  /** Bytes held at most (the body's bound plus the longest secret, so none is cut in two). */
  readonly limit: number;
  /**
   * Whether the bytes held count against the memory lent to requests in flight (stream chunks,
   * a whole answer read from its clone); the request's own bodies are held anyway.
   */
  readonly lent: boolean;
  /** Asks for `bytes` more of the capture's memory; `false` when it has none left. */
  readonly reserve: (bytes: number) => boolean;
}

/** A body held for the capture; see the module doc. */
export class CapturedBody {
  #parts: Uint8Array[] = [];
  #held = 0;
  #seen = 0;
  #starved = false;

  /** Bytes of the body seen so far, held or not. */
  get seen(): number {
    return this.#seen;
  }

  /** Whether any of the body was seen. */
  get present(): boolean {
    return this.#parts.length > 0 || this.#seen > 0;
  }

  /** Holds what `options` allows of `bytes`; returns the bytes lent (reserved). */
  add(bytes: Uint8Array, options: HoldOptions): number {
    this.#seen += bytes.length;
    const room = options.limit - this.#held;
    if (room <= 0 || this.#starved || bytes.length === 0) return 0;
    const part = bytes.length > room ? bytes.subarray(0, room) : bytes;
    if (!options.lent) {
      this.#parts.push(part);
      this.#held += part.length;
      return 0;
    }
    if (!options.reserve(part.length)) {
      this.#starved = true;
      return 0;
    }
    this.#parts.push(part);
    this.#held += part.length;
    return part.length;
  }

  /** Forgets what was held (a new attempt's body replaces it). */
  clear(): void {
    this.#parts = [];
    this.#held = 0;
    this.#seen = 0;
    this.#starved = false;
  }

  /**
   * The body as redacted text, cut at `maxChars` characters with a marker when the body was
   * longer (or the capture's memory ran out before its end); `null` when there was none.
   */
  text(
    redactor: Redactor,
    maxChars: number,
  ): { text: string | null; truncated: boolean } {
    if (!this.present) return { text: null, truncated: false };
    const full = redactor.text(DECODER.decode(concatBytes(this.#parts)));
    if (this.#starved) {
      return {
        text: `${full.slice(0, maxChars)}${
          marker(
            `capture memory full after ${this.#held} of ${this.#seen} bytes`,
          )
        }`,
        truncated: true,
      };
    }
    if (this.#held === this.#seen && full.length <= maxChars) {
      return { text: full, truncated: false };
    }
    return {
      text: `${full.slice(0, maxChars)}${
        marker(`cut at ${maxChars} of ${this.#seen} bytes`)
      }`,
      truncated: true,
    };
  }
}

function marker(what: string): string {
  return `\n[… Tresor capture: ${what}]`;
}
