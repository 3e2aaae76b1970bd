/**
 * Server-sent events as typed values: `SseParseStream` turns bytes into {@link SseEvent}s and
 * `SseEncodeStream` turns them back into bytes. No other code reads or writes `data:` lines.
 * https://html.spec.whatwg.org/multipage/server-sent-events.html#event-stream-interpretation
 *
 * @module
 */

/** One dispatched server-sent event. */
export interface SseEvent {
  /** The `event:` field; absent means the default `message` type. */
  readonly event?: string;
  /** The `data:` lines joined with `\n`. */
  readonly data: string;
  readonly id?: string;
  readonly retry?: number;
}

/** Incremental SSE line parser, usable outside streams (tests, fixtures). */
export class SseParser {
  #buffer = "";
  #skipLeadingLf = false;
  #event: string | undefined;
  /** The `data` lines so far, joined with `\n` (one string: most events have one line). */
  #data: string | undefined;
  #id: string | undefined;
  #retry: number | undefined;

  /** Feeds decoded text; returns the events completed by it. */
  push(text: string): SseEvent[] {
    const out: SseEvent[] = [];
    let chunk = text;
    if (this.#skipLeadingLf && chunk.startsWith("\n")) chunk = chunk.slice(1);
    this.#skipLeadingLf = false;
    const buffer = this.#buffer + chunk;
    const length = buffer.length;
    let start = 0;
    // Line breaks are found with indexOf (a native scan), not char by char; CR, LF and CRLF
    // each end a line.
    let lf = buffer.indexOf("\n");
    let cr = buffer.indexOf("\r");
    while (lf !== -1 || cr !== -1) {
      let end: number;
      let next: number;
      if (cr === -1 || (lf !== -1 && lf < cr)) {
        end = lf;
        next = lf + 1;
      } else {
        end = cr;
        next = cr + 1;
        if (next === length) {
          // A CR at the end of a chunk may be the first half of CRLF split across chunks.
          this.#skipLeadingLf = true;
        } else if (buffer.charCodeAt(next) === 10) {
          next++;
        }
      }
      this.#line(buffer, start, end, out);
      start = next;
      if (lf !== -1 && lf < start) lf = buffer.indexOf("\n", start);
      if (cr !== -1 && cr < start) cr = buffer.indexOf("\r", start);
    }
    this.#buffer = start === length ? "" : buffer.slice(start);
    return out;
  }

  /** Ends the input; an event whose blank line never came is still dispatched (lenient on EOF). */
  end(): SseEvent[] {
    const out: SseEvent[] = [];
    if (this.#buffer.length > 0) {
      this.#line(this.#buffer, 0, this.#buffer.length, out);
    }
    this.#buffer = "";
    this.#dispatch(out);
    return out;
  }

  /** The line `text[start, end)`, read in place (no line string). */
  #line(text: string, start: number, end: number, out: SseEvent[]): void {
    if (start === end) {
      this.#dispatch(out);
      return;
    }
    if (text.charCodeAt(start) === 58) return; // ":" comment
    // Searched within the line only: an `indexOf` would run on to the next colon, which for
    // many colon-less lines in one chunk makes the parse quadratic.
    let colon = start;
    while (colon < end && text.charCodeAt(colon) !== 58) colon++;
    let valueStart = colon + 1;
    if (valueStart < end && text.charCodeAt(valueStart) === 32) valueStart++;
    const value = valueStart >= end ? "" : text.slice(valueStart, end);
    switch (colon - start) {
      case 4:
        if (text.startsWith("data", start)) {
          this.#data = this.#data === undefined
            ? value
            : `${this.#data}\n${value}`;
        }
        break;
      case 5:
        if (text.startsWith("event", start)) this.#event = value;
        else if (text.startsWith("retry", start) && /^\d+$/.test(value)) {
          this.#retry = Number(value);
        }
        break;
      case 2:
        if (text.startsWith("id", start)) this.#id = value;
        break;
    }
  }

  #dispatch(out: SseEvent[]): void {
    if (this.#data !== undefined || this.#event !== undefined) {
      const event: { -readonly [K in keyof SseEvent]: SseEvent[K] } = {
        data: this.#data ?? "",
      };
      if (this.#event !== undefined) event.event = this.#event;
      if (this.#id !== undefined) event.id = this.#id;
      if (this.#retry !== undefined) event.retry = this.#retry;
      out.push(event);
    }
    this.#event = undefined;
    this.#data = undefined;
    this.#id = undefined;
    this.#retry = undefined;
  }
}

/**
 * Bytes → events. UTF-8 is decoded in streaming mode, so a character split across chunks is
 * reassembled.
 *
 * @example
 * ```ts
 * const events = response.body!.pipeThrough(new SseParseStream());
 * for await (const e of events) console.log(e.event, e.data);
 * ```
 */
export class SseParseStream extends TransformStream<Uint8Array, SseEvent> {
  constructor() {
    const decoder = new TextDecoder();
    const parser = new SseParser();
    super({
      transform(chunk, controller) {
        for (const e of parser.push(decoder.decode(chunk, { stream: true }))) {
          controller.enqueue(e);
        }
      },
      flush(controller) {
        for (const e of parser.push(decoder.decode())) controller.enqueue(e);
        for (const e of parser.end()) controller.enqueue(e);
      },
    });
  }
}

/** Serialises one event, blank line included. */
export function encodeSseEvent(event: SseEvent): string {
  let text = "";
  if (event.event !== undefined) text += `event: ${event.event}\n`;
  if (event.id !== undefined) text += `id: ${event.id}\n`;
  if (event.retry !== undefined) text += `retry: ${event.retry}\n`;
  // Most data is one line (JSON never holds a raw line break): no split array for it.
  if (!event.data.includes("\n")) return `${text}data: ${event.data}\n\n`;
  for (const line of event.data.split("\n")) text += `data: ${line}\n`;
  return text + "\n";
}

/**
 * Events → bytes.
 *
 * @example
 * ```ts
 * const body = events.pipeThrough(new SseEncodeStream());
 * return new Response(body, { headers: { "content-type": "text/event-stream" } });
 * ```
 */
export class SseEncodeStream extends TransformStream<SseEvent, Uint8Array> {
  constructor() {
    const encoder = new TextEncoder();
    super({
      transform(event, controller) {
        controller.enqueue(encoder.encode(encodeSseEvent(event)));
      },
    });
  }
}
