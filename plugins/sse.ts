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
  #data: string[] = [];
  #id: string | undefined;
  #retry: number | undefined;

  /** Feeds decoded text; returns the events completed by it. */
  push(text: string): SseEvent[] {
    const out: SseEvent[] = [];
    let chunk = text;
    if (this.#skipLeadingLf && chunk.startsWith("\n")) chunk = chunk.slice(1);
    this.#skipLeadingLf = false;
    this.#buffer += chunk;
    let start = 0;
    for (let i = 0; i < this.#buffer.length; i++) {
      const ch = this.#buffer.charCodeAt(i);
      if (ch !== 10 && ch !== 13) continue;
      this.#line(this.#buffer.slice(start, i), out);
      if (ch === 13) {
        if (i + 1 < this.#buffer.length) {
          if (this.#buffer.charCodeAt(i + 1) === 10) i++;
        } else {
          // A CR at the end of a chunk may be the first half of CRLF split across chunks.
          this.#skipLeadingLf = true;
        }
      }
      start = i + 1;
    }
    this.#buffer = this.#buffer.slice(start);
    return out;
  }

  /** Ends the input; an event whose blank line never came is still dispatched (lenient on EOF). */
  end(): SseEvent[] {
    const out: SseEvent[] = [];
    if (this.#buffer.length > 0) this.#line(this.#buffer, out);
    this.#buffer = "";
    this.#dispatch(out);
    return out;
  }

  #line(line: string, out: SseEvent[]): void {
    if (line === "") {
      this.#dispatch(out);
      return;
    }
    if (line.startsWith(":")) return;
    const colon = line.indexOf(":");
    const field = colon === -1 ? line : line.slice(0, colon);
    let value = colon === -1 ? "" : line.slice(colon + 1);
    if (value.startsWith(" ")) value = value.slice(1);
    switch (field) {
      case "data":
        this.#data.push(value);
        break;
      case "event":
        this.#event = value;
        break;
      case "id":
        this.#id = value;
        break;
      case "retry":
        if (/^\d+$/.test(value)) this.#retry = Number(value);
        break;
    }
  }

  #dispatch(out: SseEvent[]): void {
    if (this.#data.length > 0 || this.#event !== undefined) {
      const event: { -readonly [K in keyof SseEvent]: SseEvent[K] } = {
        data: this.#data.join("\n"),
      };
      if (this.#event !== undefined) event.event = this.#event;
      if (this.#id !== undefined) event.id = this.#id;
      if (this.#retry !== undefined) event.retry = this.#retry;
      out.push(event);
    }
    this.#event = undefined;
    this.#data = [];
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
