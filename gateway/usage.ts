/**
 * Token usage for the request log, read cheaply from what the client receives: a JSON body
 * (kept by reference up to a bound), or for event streams only the first and last few
 * kilobytes (OpenAI reports usage in the last chunk, Anthropic in `message_start` and the final
 * `message_delta`). Nothing is buffered whole and nothing is parsed before the response ends.
 *
 * @module
 */
import { type SseEvent, SseParser } from "../plugins/mod.ts";
import { ByteTail } from "./byte_tail.ts";
import { concatBytes } from "./bytes.ts";

/** Token counts; absent when the response did not say. */
export interface Usage {
  input_tokens?: number;
  output_tokens?: number;
}

const SSE_HEAD_BYTES = 4 * 1024;
const SSE_TAIL_BYTES = 16 * 1024;
const JSON_MAX_BYTES = 1024 * 1024;

function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}

/** Merges the usage `value` reports (`usage`, `message.usage` or `response.usage`) into `into`. */
export function readUsage(value: unknown, into: Usage): void {
  if (!isRecord(value)) return;
  const candidates = [
    value.usage,
    isRecord(value.message) ? value.message.usage : undefined,
    isRecord(value.response) ? value.response.usage : undefined,
  ];
  for (const usage of candidates) {
    if (!isRecord(usage)) continue;
    const input = usage.input_tokens ?? usage.prompt_tokens;
    const output = usage.output_tokens ?? usage.completion_tokens;
    if (typeof input === "number") into.input_tokens = input;
    if (typeof output === "number") into.output_tokens = output;
  }
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch (err) {
    if (!(err instanceof SyntaxError)) throw err;
    return undefined;
  }
}

/** Watches the bytes sent to the client and reports usage at the end. */
export class UsageTap {
  readonly #sse: boolean;
  #head: Uint8Array[] = [];
  #headBytes = 0;
  /** The head's first usage, once the head was read (when the tail began). */
  readonly #headUsage: Usage = {};
  /** The last bytes once the head is done (copied: see {@link ByteTail}). */
  #tail: ByteTail | undefined;
  #total = 0;

  constructor(options: { sse: boolean }) {
    this.#sse = options.sse;
  }

  /** Records a chunk (by reference). */
  observe(chunk: Uint8Array): void {
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
      readEventUsage(head, head.indexOf(USAGE_KEY), this.#headUsage);
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
    const text = DECODER.decode(
      this.#tail ? this.#tail.bytes() : concatBytes(this.#head),
    );
    const at = text.lastIndexOf(ERROR_KEY);
    if (at < 0) return undefined;
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

  /** The usage found, if any. */
  usage(): Usage {
    const usage: Usage = {};
    if (!this.#sse) {
      if (this.#total <= JSON_MAX_BYTES && this.#total > 0) {
        readUsage(
          parseJson(DECODER.decode(
            concatBytes(this.#head),
          )),
          usage,
        );
      }
      return usage;
    }
    // Only the event holding the first "usage" of the head and the last of the tail is parsed:
    // the head's is where Anthropic reports input tokens (message_start), the tail's is the
    // final count of every format. Parsing whole parts cost a full SSE parse per stream.
    if (this.#tail) {
      Object.assign(usage, this.#headUsage);
      const tail = DECODER.decode(this.#tail.bytes());
      readEventUsage(tail, tail.lastIndexOf(USAGE_KEY), usage);
    } else {
      const head = DECODER.decode(concatBytes(this.#head));
      readEventUsage(head, head.indexOf(USAGE_KEY), usage);
      readEventUsage(head, head.lastIndexOf(USAGE_KEY), usage);
    }
    return usage;
  }
}

const USAGE_KEY = '"usage"';
const ERROR_KEY = '"error"';
const DECODER = new TextDecoder();

const LF = 10;
const CR = 13;

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
function readEventUsage(text: string, at: number, into: Usage): void {
  if (at < 0) return;
  const [start, end] = eventBounds(text, at);
  const parser = new SseParser();
  const events = parser.push(text.slice(start, end + 1));
  events.push(...parser.end());
  for (const event of events) {
    if (event.data.includes("usage")) readUsage(parseJson(event.data), into);
  }
}
