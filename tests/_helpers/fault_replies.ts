/**
 * What the fault upstream (`fault_upstream.ts`) writes: canned bodies and stream events in the
 * OpenAI and Anthropic formats, the malformed lines and error bodies of its faults, and the
 * HTTP/1.1 framing it writes them with.
 *
 * @module
 */
import type { SseEvent } from "../../plugins/mod.ts";
import { anthropicStream, openAiStream } from "./mock_upstream.ts";

/** The HTML page of the `html_500` fault. */
export const HTML_PAGE =
  "<html><head><title>500 Internal Server Error</title></head><body><h1>Internal Server Error</h1></body></html>";

/** The upstream's error message in `error_json_200`. */
export const UPSTREAM_ERROR_MESSAGE = "The engine is overloaded";

const ENCODER = new TextEncoder();

/** An upstream error body in each format. */
export function errorBody(anthropic: boolean): Record<string, unknown> {
  return anthropic
    ? {
      type: "error",
      error: { type: "overloaded_error", message: UPSTREAM_ERROR_MESSAGE },
    }
    : {
      error: {
        message: UPSTREAM_ERROR_MESSAGE,
        type: "server_error",
        code: null,
      },
    };
}

/** A short stream in the upstream's format. */
export function streamEvents(anthropic: boolean, model: string): SseEvent[] {
  return anthropic
    ? anthropicStream(model, ["Hel", "lo", " there"])
    : openAiStream(model, ["Hel", "lo", " there"]);
}

/** Lines a sloppy upstream might send between events; the parser must skip them all. */
export const MALFORMED_LINES = [
  "garbage without a colon\n",
  "data\n\n",
  ": a comment\r\r",
  "retry: soon\nid: \n\n",
  `: ${"x".repeat(70_000)}\n`,
  "\n\n\n",
];

/** A text delta of 16 KiB in the upstream's format (the flood's unit). */
export function floodEvent(anthropic: boolean): SseEvent {
  const text = "x".repeat(16 * 1024);
  return anthropic
    ? {
      event: "content_block_delta",
      data: JSON.stringify({
        type: "content_block_delta",
        index: 0,
        delta: { type: "text_delta", text },
      }),
    }
    : {
      data: JSON.stringify({
        id: "chatcmpl-flood",
        object: "chat.completion.chunk",
        created: 1,
        model: "mock",
        choices: [{ index: 0, delta: { content: text }, finish_reason: null }],
      }),
    };
}

/** Length of the size line `chunk(bytes)` starts with. */
export function chunkHeadLength(bytes: Uint8Array): number {
  return bytes.length.toString(16).length + 2;
}

/** `bytes` as one chunk of a chunked body. */
export function chunk(bytes: Uint8Array): Uint8Array {
  const head = ENCODER.encode(`${bytes.length.toString(16)}\r\n`);
  const out = new Uint8Array(head.length + bytes.length + 2);
  out.set(head);
  out.set(bytes, head.length);
  out.set([13, 10], head.length + bytes.length);
  return out;
}

/** A response head. */
export function headBytes(
  status: number,
  fields: Record<string, string>,
): Uint8Array<ArrayBuffer> {
  let head = `HTTP/1.1 ${status} ${status === 200 ? "OK" : "Error"}\r\n`;
  for (const [name, value] of Object.entries(fields)) {
    head += `${name}: ${value}\r\n`;
  }
  return ENCODER.encode(`${head}\r\n`);
}
