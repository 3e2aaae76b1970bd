/**
 * Token usage read cheaply from the upstream's answer as it passes: a JSON body (kept by
 * reference up to a bound), or for event streams only the first and last few kilobytes (OpenAI
 * reports usage in the last chunk, Anthropic in `message_start` and the final `message_delta`,
 * the Responses API in `response.completed`). Nothing is buffered whole and nothing is parsed
 * before the response ends. An answer without usage gets an estimate from its text.
 *
 * @module
 */
import { type ApiFormat, type SseEvent, SseParser } from "../plugins/mod.ts";
import { ByteTail } from "./byte_tail.ts";
import { concatBytes } from "./bytes.ts";
import {
  collectUsageOf,
  hasCounts,
  type RawUsage,
  toUsage,
  type Usage,
} from "./usage_fields.ts";
import {
  estimateTokens,
  eventTextChars,
  tokensOfChars,
} from "./usage_estimate.ts";

const SSE_HEAD_BYTES = 4 * 1024;
const SSE_TAIL_BYTES = 16 * 1024;
const JSON_MAX_BYTES = 1024 * 1024;

function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch (err) {
    if (!(err instanceof SyntaxError)) throw err;
    return undefined;
  }
}

/** Watches the upstream's bytes (in its format) and reports usage at the end. */
export class UsageTap {
  readonly #sse: boolean;
  readonly #format: ApiFormat;
  #head: Uint8Array[] = [];
  #headBytes = 0;
  /** The head's first usage, once the head was read (when the tail began). */
  readonly #headUsage: RawUsage = {};
  /** The last bytes once the head is done (copied: see {@link ByteTail}). */
  #tail: ByteTail | undefined;
  #total = 0;
  /** {@link UsageTap.#keptText}'s text, until the next chunk. */
  #kept: string | undefined;
  /** What {@link UsageTap.usage} answered. */
  #usage: Usage | undefined;

  constructor(options: { sse: boolean; format: ApiFormat }) {
    this.#sse = options.sse;
    this.#format = options.format;
  }

  /** Records a chunk (by reference). */
  observe(chunk: Uint8Array): void {
    this.#kept = undefined;
    this.#total += chunk.length;
    if (!this.#sse) {
      if (this.#total <= JSON_MAX_BYTES) this.#head.push(chunk);
      return;
    }
    if (this.#headBytes < SSE_HEAD_BYTES) {
      this.#head.push(chunk);
      this.#headBytes += chunk.length;
      return;
    }
    if (this.#head.length > 0) {
      // The head is done: only its first usage is wanted (the end is the tail's now), so it
      // is read and the chunks let go, not held for the rest of a long stream.
      const head = DECODER.decode(concatBytes(this.#head));
      readEventUsage(head, indexOfUsageKey(head), this.#headUsage);
      this.#head = [];
    }
    (this.#tail ??= new ByteTail(SSE_TAIL_BYTES)).push(chunk);
  }

  /**
   * The message of the error event that ended the stream, if one did: the last event, or the
   * one before it (OpenAI's error chunk is followed by `[DONE]`, a Responses `error` event by
   * `response.failed`). Lets the log entry of a stream the upstream failed say so.
   */
  endError(): string | undefined {
    if (!this.#sse) return undefined;
    const text = this.#keptText();
    // An error before the last three event ends would be followed by two events, which is not
    // an ending error: only the text after them is searched, not the whole tail.
    const from = lastEventEnds(text, 3);
    const found = text.slice(from).lastIndexOf(ERROR_KEY);
    if (found < 0) return undefined;
    const at = from + found;
    const [start, end] = eventBounds(text, at);
    let after = 0;
    for (let i = end + 1; i < text.length; i++) {
      if (blankLineEndsAt(text, i) && !blankLineEndsAt(text, i - 1)) after++;
    }
    if (after > 1) return undefined;
    const parser = new SseParser();
    const events = parser.push(text.slice(start, end + 1));
    events.push(...parser.end());
    for (const event of events) {
      const message = errorMessageOf(event);
      if (message !== undefined) return message;
    }
    return undefined;
  }

  /**
   * The usage found, or an estimate of the output when the upstream reported none. Ends the
   * tap: its tail's buffer goes to the next stream's (later calls answer the same).
   */
  usage(): Usage {
    if (this.#usage === undefined) {
      this.#usage = this.#readUsage();
      this.#tail?.release();
    }
    return this.#usage;
  }

  #readUsage(): Usage {
    const raw: RawUsage = {};
    if (!this.#sse) {
      const body = this.#jsonBody();
      collectUsageOf(body, raw);
      const usage = toUsage(raw, this.#format);
      if (hasCounts(usage) || this.#total === 0) return usage;
      return {
        output_tokens: body === undefined
          ? tokensOfChars(this.#total)
          : estimateTokens(body, this.#total),
        estimated: true,
      };
    }
    // Only the event holding the first "usage" of the head and the last of the tail is parsed:
    // the head's is where Anthropic reports input tokens (message_start), the tail's is the
    // final count of every format. Parsing whole parts cost a full SSE parse per stream.
    const text = this.#keptText();
    if (this.#tail) {
      Object.assign(raw, this.#headUsage);
      readEventUsage(text, text.lastIndexOf(USAGE_KEY), raw);
    } else {
      const first = indexOfUsageKey(text);
      const last = text.lastIndexOf(USAGE_KEY);
      readEventUsage(text, first, raw);
      // One event holding both (a short stream's only usage) is read once.
      if (last !== first) readEventUsage(text, last, raw);
    }
    const usage = toUsage(raw, this.#format);
    if (hasCounts(usage) || this.#total === 0) return usage;
    return { output_tokens: this.#estimateStream(text), estimated: true };
  }

  /** The whole JSON body, when it was kept (within the bound) and parses. */
  #jsonBody(): unknown {
    if (this.#total > JSON_MAX_BYTES || this.#total === 0) return undefined;
    return parseJson(DECODER.decode(concatBytes(this.#head)));
  }

  /**
   * The text of what is kept of a stream: its tail, or its head when it never grew one. Decoded
   * once for `endError` and `usage` at the end (until the next chunk).
   */
  #keptText(): string {
    return this.#kept ??= DECODER.decode(
      this.#tail ? this.#tail.bytes() : concatBytes(this.#head),
    );
  }

  /**
   * Output tokens of a stream that reported none: the share of text in the kept part (its
   * events' text over its length), applied to every byte the stream carried.
   */
  #estimateStream(kept: string): number {
    const parser = new SseParser();
    const events = parser.push(kept);
    events.push(...parser.end());
    const payloads = events.map((event) => parseJson(event.data));
    const share = kept.length === 0
      ? 0
      : eventTextChars(payloads) / kept.length;
    return tokensOfChars(Math.round(this.#total * share));
  }
}

const USAGE_KEY = '"usage"';
/** `USAGE_KEY` without its opening quote: searched for, as a quote is in every JSON key. */
const USAGE_KEY_TAIL = USAGE_KEY.slice(1);
const ERROR_KEY = '"error"';
const DECODER = new TextDecoder();

const LF = 10;
const CR = 13;
const QUOTE = 34;

/** Whether a blank line (LF LF, CR CR or CRLF CRLF) ends at index `i` of `text`. */
function blankLineEndsAt(text: string, i: number): boolean {
  const c = text.charCodeAt(i);
  const before = text.charCodeAt(i - 1);
  if (c === LF) {
    return before === LF || (before === CR && text.charCodeAt(i - 2) === LF);
  }
  return c === CR && before === CR;
}

/**
 * `text.indexOf(USAGE_KEY)`, found by its quote-less tail: a search for a string starting with a
 * quote stops at every JSON key, which makes it several times slower over a stream's events.
 */
function indexOfUsageKey(text: string): number {
  for (let at = text.indexOf(USAGE_KEY_TAIL, 1); at !== -1;) {
    if (text.charCodeAt(at - 1) === QUOTE) return at - 1;
    at = text.indexOf(USAGE_KEY_TAIL, at + 1);
  }
  return -1;
}

/**
 * Where the `count`-th last event end of `text` is (an index where a blank line ends and the
 * one before does not, as {@link UsageTap.endError} counts them); 0 when there are fewer.
 */
function lastEventEnds(text: string, count: number): number {
  let seen = 0;
  for (let i = text.length - 1; i > 0; i--) {
    if (blankLineEndsAt(text, i) && !blankLineEndsAt(text, i - 1)) {
      if (++seen === count) return i;
    }
  }
  return 0;
}

/**
 * The SSE event of `text` holding position `at`: its first index and the index of its blank
 * line's last character (or the text's last index), found by scanning out from `at`.
 */
function eventBounds(text: string, at: number): [number, number] {
  let start = at;
  while (start > 0 && !blankLineEndsAt(text, start - 1)) start--;
  let end = at;
  while (end < text.length && !blankLineEndsAt(text, end)) end++;
  return [start, Math.min(end, text.length - 1)];
}

/**
 * The message of an error event in any client format: Anthropic's and the Responses API's
 * `event: error`, `response.failed`, or an OpenAI chunk holding an `error` object.
 */
function errorMessageOf(event: SseEvent): string | undefined {
  const value = parseJson(event.data);
  if (!isRecord(value)) return undefined;
  const error = isRecord(value.error)
    ? value.error
    : isRecord(value.response) && isRecord(value.response.error)
    ? value.response.error
    : undefined;
  if (event.event === "error" || value.type === "error") {
    const message = error?.message ?? value.message;
    return typeof message === "string" ? message : "Upstream stream error";
  }
  if (error === undefined) return undefined;
  return typeof error.message === "string" ? error.message : "Upstream error";
}

/**
 * Reads usage from the SSE event of `text` that contains position `at` (none when -1). The
 * event's bounds are found by scanning out from `at`, so the cost is the event's size, not the
 * text's (searching each separator over 16 KB cost ~50 µs at the end of every stream).
 */
function readEventUsage(text: string, at: number, into: RawUsage): void {
  if (at < 0) return;
  const [start, end] = eventBounds(text, at);
  const parser = new SseParser();
  const events = parser.push(text.slice(start, end + 1));
  events.push(...parser.end());
  for (const event of events) {
    if (event.data.includes("usage")) {
      collectUsageOf(parseJson(event.data), into);
    }
  }
}
