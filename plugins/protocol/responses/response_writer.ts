/**
 * Builds a Responses API `response` and its stream events from a few operations (text,
 * reasoning, tool call, finish), so each upstream converter only says what happened.
 * Non-streamed responses use the same writer and ignore the events.
 *
 * Events follow https://platform.openai.com/docs/api-reference/responses-streaming:
 * `response.created`, `response.in_progress`, then per item `response.output_item.added`,
 * (`response.content_part.added`, `response.output_text.delta`…, `….done`,
 * `response.content_part.done`), reasoning as `response.reasoning_text.*` or, when the client
 * asked for a summary, `response.reasoning_summary_part.*` / `response.reasoning_summary_text.*`,
 * function calls as `response.function_call_arguments.delta`/`.done`, custom tool calls as one
 * `response.custom_tool_call_input.delta` and `.done` once their input is complete (local shell
 * and tool search calls carry theirs in the item), `response.output_item.done`, and finally
 * `response.completed`, `response.incomplete` or `error` + `response.failed`.
 * `sequence_number` starts at 0 and increases by one per event. One item is open at a time:
 * starting another closes the open one. Upstream tool names are mapped back to the client's
 * tools through a {@link ClientTools} lookup. In compaction mode, text is the summary and the output is
 * one `compaction` item.
 *
 * @module
 */
import type * as responses from "./types.ts";
import type { SseEvent } from "../../sse.ts";
import { type Finish, newId } from "./response_base.ts";
import {
  type ClientToolRef,
  toClientCall,
  toOpenCall,
} from "./client_calls.ts";
import { toCompactionItem } from "./compaction.ts";
import { TEXT_SLOTS, type TextSlot } from "./text_slots.ts";

interface OpenItem {
  /** Position in `output`. */
  index: number;
  kind: "message" | "reasoning" | "call";
  /** Where a message's or reasoning item's text goes. */
  slot?: TextSlot;
  /** A call's key (the upstream's tool index or block index). */
  key?: string;
  /** The client tool a call goes to. */
  tool?: ClientToolRef;
  text: string;
}

/** The client tool an upstream tool name stands for (`responses_shared/tool_names.ts` makes one). */
export interface ClientTools {
  clientTool(upstreamName: string): ClientToolRef;
}

/** Options of a {@link ResponseWriter}. */
export interface WriterOptions {
  /** Maps upstream tool names back to the client's tools; none: names are kept. */
  readonly tools?: ClientTools;
  /** Reasoning goes into `summary` (the client set `reasoning.summary`), else into `content`. */
  readonly summary?: boolean;
  /** The response answers a compaction: its text becomes one `compaction` item. */
  readonly compaction?: boolean;
}

/** Accumulates one response and emits its stream events. */
export class ResponseWriter {
  #seq = 0;
  readonly #base: responses.Response;
  readonly #opts: WriterOptions;
  readonly #output: responses.OutputItem[] = [];
  #open: OpenItem | undefined;
  #started = false;
  #final: responses.Response | undefined;
  #summary = "";

  /** `base` is the in-progress response (id, model, echoed request fields; empty output). */
  constructor(base: responses.Response, opts: WriterOptions = {}) {
    this.#base = base;
    this.#opts = opts;
  }

  /** Whether a terminal event was written. */
  get done(): boolean {
    return this.#final !== undefined;
  }

  /** The finished response (`undefined` until {@link finish} or {@link fail}). */
  get response(): responses.Response | undefined {
    return this.#final;
  }

  #event(type: string, fields: Record<string, unknown>): SseEvent {
    const payload = { type, sequence_number: this.#seq++, ...fields };
    return { event: type, data: JSON.stringify(payload) };
  }

  /** `response.created` and `response.in_progress` (once). */
  start(): SseEvent[] {
    if (this.#started) return [];
    this.#started = true;
    const snapshot = { ...this.#base, output: [] };
    return [
      this.#event("response.created", { response: snapshot }),
      this.#event("response.in_progress", { response: snapshot }),
    ];
  }

  #openItem(
    kind: OpenItem["kind"],
    item: responses.OutputItem,
    extra: Partial<OpenItem> = {},
  ): SseEvent[] {
    const out = [...this.start(), ...this.close()];
    const index = this.#output.length;
    this.#output.push(item);
    this.#open = { index, kind, text: "", ...extra };
    out.push(
      this.#event("response.output_item.added", { output_index: index, item }),
    );
    const slot = extra.slot;
    if (slot) {
      out.push(this.#event(slot.added, {
        item_id: item.id,
        output_index: index,
        [slot.indexField]: 0,
        part: slot.part(""),
      }));
    }
    return out;
  }

  /** Appends `delta` to the open message or reasoning item's text. */
  #append(delta: string): SseEvent[] {
    const open = this.#open;
    if (!open?.slot || delta === "") return [];
    open.text += delta;
    return [this.#event(open.slot.delta, {
      item_id: this.#itemId(),
      output_index: open.index,
      [open.slot.indexField]: 0,
      delta,
      ...open.slot.extra,
    })];
  }

  #itemId(): string {
    return this.#output[this.#open?.index ?? 0]?.id ?? "";
  }

  /** Appends assistant text (opening a message item when needed). */
  text(delta: string): SseEvent[] {
    if (this.#opts.compaction) {
      this.#summary += delta;
      return this.start();
    }
    const out: SseEvent[] = [];
    if (this.#open?.kind !== "message") {
      out.push(...this.#openItem("message", {
        type: "message",
        id: newId("msg"),
        status: "in_progress",
        role: "assistant",
        content: [],
      }, { slot: TEXT_SLOTS.message }));
    }
    out.push(...this.#append(delta));
    return out;
  }

  /** Appends reasoning text (opening a reasoning item when needed). */
  reasoning(delta: string): SseEvent[] {
    if (this.#opts.compaction) return this.start();
    const out: SseEvent[] = [];
    if (this.#open?.kind !== "reasoning") {
      out.push(...this.#openItem("reasoning", {
        type: "reasoning",
        id: newId("rs"),
        summary: [],
      }, {
        slot: this.#opts.summary ? TEXT_SLOTS.summary : TEXT_SLOTS.reasoning,
      }));
    }
    out.push(...this.#append(delta));
    return out;
  }

  /** Sets the open (or a new) reasoning item's `encrypted_content`. */
  reasoningSecret(secret: string): SseEvent[] {
    if (this.#opts.compaction) return this.start();
    const out = this.#open?.kind === "reasoning" ? [] : this.reasoning("");
    const item = this.#output[this.#open!.index];
    if (item.type === "reasoning") {
      item.encrypted_content = (item.encrypted_content ?? "") + secret;
    }
    return out;
  }

  /**
   * Opens a tool call; `key` identifies it for {@link callArguments}, `name` is the upstream
   * tool name. Function calls stream their arguments; other client tools get their item once
   * the arguments are complete.
   */
  startCall(key: string, callId: string, name: string): SseEvent[] {
    if (this.#opts.compaction) return this.start();
    const tool = this.#opts.tools?.clientTool(name) ??
      { kind: "function", name };
    return this.#openItem("call", toOpenCall(tool, callId), { key, tool });
  }

  /** Whether the call `key` is the open item. */
  isOpenCall(key: string): boolean {
    return this.#open?.kind === "call" && this.#open.key === key;
  }

  /** Appends argument text to the open call `key`; fragments for another call are dropped. */
  callArguments(key: string, delta: string): SseEvent[] {
    const open = this.#open;
    if (!open || open.kind !== "call" || open.key !== key) return [];
    if (delta === "") return [];
    open.text += delta;
    if (open.tool?.kind !== "function") return [];
    return [this.#event("response.function_call_arguments.delta", {
      item_id: this.#itemId(),
      output_index: open.index,
      delta,
    })];
  }

  /** Closes the open item, if any. */
  close(status: responses.ItemStatus = "completed"): SseEvent[] {
    const open = this.#open;
    if (!open) return [];
    this.#open = undefined;
    let item = this.#output[open.index];
    const at = { item_id: item.id, output_index: open.index };
    const out: SseEvent[] = [];
    const slot = open.slot;
    if (slot) {
      const index = { [slot.indexField]: 0 };
      out.push(
        this.#event(slot.done, {
          ...at,
          ...index,
          text: open.text,
          ...slot.extra,
        }),
        this.#event(slot.partDone, {
          ...at,
          ...index,
          part: slot.part(open.text),
        }),
      );
      slot.fill(item, open.text);
      if (item.type === "message") item.status = status;
    } else if (open.tool) {
      item = toClientCall(
        open.tool,
        "call_id" in item ? item.call_id : "",
        open.text,
        item.id ?? "",
      );
      if ("status" in item) item.status = status;
      this.#output[open.index] = item;
      out.push(...this.#callDone(item, at));
    }
    out.push(
      this.#event("response.output_item.done", {
        output_index: open.index,
        item,
      }),
    );
    return out;
  }

  #callDone(
    item: responses.OutputItem,
    at: { item_id?: string; output_index: number },
  ): SseEvent[] {
    switch (item.type) {
      case "function_call":
        return [this.#event("response.function_call_arguments.done", {
          ...at,
          name: item.name,
          arguments: item.arguments,
        })];
      case "custom_tool_call":
        return [
          this.#event("response.custom_tool_call_input.delta", {
            ...at,
            delta: item.input,
          }),
          this.#event("response.custom_tool_call_input.done", {
            ...at,
            input: item.input,
          }),
        ];
      default:
        return [];
    }
  }

  /** Closes the open item and writes `response.completed` or `response.incomplete`. */
  finish(finish: Finish): SseEvent[] {
    if (this.done) return [];
    const incomplete = finish.status === "incomplete";
    const out = [
      ...this.start(),
      ...this.close(incomplete ? "incomplete" : "completed"),
    ];
    if (this.#opts.compaction) {
      const item = toCompactionItem(this.#summary);
      const index = this.#output.length;
      this.#output.push(item);
      out.push(
        this.#event("response.output_item.added", {
          output_index: index,
          item,
        }),
        this.#event("response.output_item.done", { output_index: index, item }),
      );
    }
    const response: responses.Response = {
      ...this.#base,
      status: finish.status,
      incomplete_details: incomplete
        ? { reason: finish.reason ?? "max_output_tokens" }
        : null,
      output: this.#output,
      usage: finish.usage ?? null,
    };
    this.#final = response;
    out.push(
      this.#event(incomplete ? "response.incomplete" : "response.completed", {
        response,
      }),
    );
    return out;
  }

  /**
   * Ends the response once the upstream stream has ended: {@link finish} with `finish`, or
   * {@link fail} when the upstream never said how the response finished.
   */
  end(finish: Finish | undefined): SseEvent[] {
    if (finish === undefined) {
      return this.fail(
        "server_error",
        "The upstream stream ended before the response finished",
      );
    }
    return this.finish(finish);
  }

  /** Writes the `error` event and `response.failed`. */
  fail(code: string, message: string): SseEvent[] {
    if (this.done) return [];
    const out = [...this.start(), ...this.close("incomplete")];
    const response: responses.Response = {
      ...this.#base,
      status: "failed",
      error: { code, message },
      output: this.#output,
    };
    this.#final = response;
    out.push(
      this.#event("error", { code, message, param: null }),
      this.#event("response.failed", { response }),
    );
    return out;
  }
}
