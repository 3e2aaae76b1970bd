/**
 * One body of a captured request as it passes, held up to a bound: whole bodies (the request's
 * own bytes, never changed) by reference, stream chunks (shared with the client's stream) as
 * copies. Turned into redacted text, cut at `capture.max_body_bytes` with a marker, only when
 * the request is kept.
 *
 * @module
 */
import { concatBytes } from "../bytes.ts";
import type { Redactor } from "./redactor.ts";

const DECODER = new TextDecoder();

/** The longest marker {@link CapturedBody.text} appends to a cut body. */
export const MAX_MARKER_CHARS = 120;

/** How a body was held: the bound a copy may not pass, and who lends the bytes copied. */
export interface HoldOptions {
  /** Bytes held at most (the body's bound plus the longest secret, so none is cut in two). */
  readonly limit: number;
  /** Copy `bytes` rather than keep them (stream chunks are shared). */
  readonly copy: boolean;
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

  /** Holds what `options` allows of `bytes`; returns the bytes copied (reserved). */
  add(bytes: Uint8Array, options: HoldOptions): number {
    this.#seen += bytes.length;
    const room = options.limit - this.#held;
    if (room <= 0 || this.#starved || bytes.length === 0) return 0;
    const part = bytes.length > room ? bytes.subarray(0, room) : bytes;
    if (!options.copy) {
      this.#parts.push(part);
      this.#held += part.length;
      return 0;
    }
    if (!options.reserve(part.length)) {
      this.#starved = true;
      return 0;
    }
    this.#parts.push(part.slice());
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
