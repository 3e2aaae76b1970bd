/**
 * Anthropic stream events as SSE events (https://docs.anthropic.com/en/docs/build-with-claude/streaming):
 * the `event:` field is the event's type, the `data:` its JSON.
 *
 * @module
 */
import type * as anthropic from "./types.ts";
import type { SseEvent } from "../../sse.ts";

/** One stream event as an SSE event. */
export function toSseEvent(payload: anthropic.StreamEvent): SseEvent {
  return { event: payload.type, data: JSON.stringify(payload) };
}

/**
 * {@link toSseEvent} of a `text_delta` event, serialised from a template without building the
 * event (a converted stream sends one per upstream chunk).
 */
export function textDeltaEvent(index: number, text: string): SseEvent {
  return {
    event: "content_block_delta",
    data: `{"type":"content_block_delta","index":${index},` +
      `"delta":{"type":"text_delta","text":${JSON.stringify(text)}}}`,
  };
}
