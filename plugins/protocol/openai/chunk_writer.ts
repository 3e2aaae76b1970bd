/**
 * {@link ChunkWriter}: serialises the `chat.completion.chunk` events of one stream
 * (https://platform.openai.com/docs/api-reference/chat-streaming/streaming) with their constant
 * part — id, `created`, model — serialised once per stream: a converted stream sends one chunk
 * per upstream event.
 *
 * @module
 */
import type * as openai from "./types.ts";
import type { SseEvent } from "../../sse.ts";

/** The `data` of OpenAI's terminal stream event. */
export const DONE = "[DONE]";

/** Writes the chunks of one stream. */
export class ChunkWriter {
  #id: string;
  #model: string;
  readonly #created: number;
  /** The serialised chunk up to its `delta`. */
  #prefix: string | undefined;

  constructor(opts: { id: string; model: string; created: number }) {
    this.#id = opts.id;
    this.#model = opts.model;
    this.#created = opts.created;
  }

  /** Takes the id and model the upstream reports (empty: kept). */
  identify(id: string, model: string): void {
    if (id !== "") this.#id = id;
    if (model !== "") this.#model = model;
    this.#prefix = undefined;
  }

  /** A chunk with one choice carrying `delta`, given as its JSON text. */
  chunkJson(deltaJson: string, finish: openai.FinishReason | null): SseEvent {
    this.#prefix ??= `{"id":${JSON.stringify(this.#id)},` +
      `"object":"chat.completion.chunk","created":${
        JSON.stringify(this.#created)
      },"model":${JSON.stringify(this.#model)},"choices":[{"index":0,"delta":`;
    return {
      data: `${this.#prefix}${deltaJson},"finish_reason":${
        JSON.stringify(finish)
      }}]}`,
    };
  }

  /** A chunk with one choice carrying `delta`. */
  chunk(
    delta: openai.ChunkDelta,
    finish: openai.FinishReason | null = null,
  ): SseEvent {
    return this.chunkJson(JSON.stringify(delta), finish);
  }

  /** The usage chunk (`stream_options.include_usage`): no choices. */
  usage(usage: openai.Usage): SseEvent {
    const chunk: openai.ChatCompletionChunk = {
      id: this.#id,
      object: "chat.completion.chunk",
      created: this.#created,
      model: this.#model,
      choices: [],
      usage,
    };
    return { data: JSON.stringify(chunk) };
  }
}
