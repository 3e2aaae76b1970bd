/**
 * The three places streamed text goes in a Responses API output item — a message's
 * `output_text`, a reasoning item's `content` (`reasoning_text`) or its `summary`
 * (`summary_text`) — with the events that open, grow and close each, so the writer handles
 * them in one way. https://platform.openai.com/docs/api-reference/responses-streaming
 *
 * @module
 */
import type * as responses from "./types.ts";

/** Where text goes, with its stream events. */
export interface TextSlot {
  readonly added: string;
  readonly delta: string;
  readonly done: string;
  readonly partDone: string;
  /** The position field of the events (`content_index` or `summary_index`). */
  readonly indexField: "content_index" | "summary_index";
  /** Fields every delta and text-done event of the slot carries besides the text. */
  readonly extra: Readonly<Record<string, unknown>>;
  part(text: string): Record<string, unknown>;
  /** Puts the finished text into the item. */
  fill(item: responses.OutputItem, text: string): void;
}

/** The slots by what the writer opens. */
export const TEXT_SLOTS = {
  message: {
    added: "response.content_part.added",
    delta: "response.output_text.delta",
    done: "response.output_text.done",
    partDone: "response.content_part.done",
    indexField: "content_index",
    extra: { logprobs: [] },
    part: (text) => ({ type: "output_text", text, annotations: [] }),
    fill(item, text) {
      if (item.type !== "message") return;
      item.content = [{ type: "output_text", text, annotations: [] }];
    },
  },
  reasoning: {
    added: "response.content_part.added",
    delta: "response.reasoning_text.delta",
    done: "response.reasoning_text.done",
    partDone: "response.content_part.done",
    indexField: "content_index",
    extra: {},
    part: (text) => ({ type: "reasoning_text", text }),
    fill(item, text) {
      if (item.type === "reasoning") {
        item.content = [{ type: "reasoning_text", text }];
      }
    },
  },
  summary: {
    added: "response.reasoning_summary_part.added",
    delta: "response.reasoning_summary_text.delta",
    done: "response.reasoning_summary_text.done",
    partDone: "response.reasoning_summary_part.done",
    indexField: "summary_index",
    extra: {},
    part: (text) => ({ type: "summary_text", text }),
    fill(item, text) {
      if (item.type === "reasoning") {
        item.summary = [{ type: "summary_text", text }];
      }
    },
  },
} as const satisfies Record<string, TextSlot>;
