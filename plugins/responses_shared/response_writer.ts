/**
 * Builds a Responses API `response` and its stream events from a few operations (text,
 * reasoning, function call, finish), so each upstream converter only says what happened.
 * Non-streamed responses use the same writer and ignore the events.
 *
 * Events follow https://platform.openai.com/docs/api-reference/responses-streaming:
 * `response.created`, `response.in_progress`, then per item `response.output_item.added`,
 * (`response.content_part.added`, `response.output_text.delta`/`response.reasoning_text.delta`…,
 * `….done`, `response.content_part.done`) or `response.function_call_arguments.delta`/`.done`,
 * `response.output_item.done`, and finally `response.completed`, `response.incomplete` or
 * `error` + `response.failed`. `sequence_number` starts at 0 and increases by one per event.
 * One item is open at a time: starting another closes the open one.
 *
 * @module
 */
import type * as responses from "../protocol/responses.ts";
import type { SseEvent } from "../sse.ts";

/** A fresh id with a prefix (`resp`, `msg`, `fc`, `rs`): 32 hex digits after the underscore. */
export function newId(prefix: string): string {
  return `${prefix}_${crypto.randomUUID().replaceAll("-", "")}`;
}

interface OpenItem {
  /** Position in `output`. */
  index: number;
  kind: "message" | "reasoning" | "function_call";
  /** A function call's key (the upstream's tool index or block index). */
  key?: string;
  text: string;
}

/** How a response ends. */
export interface Finish {
  status: "completed" | "incomplete";
  reason?: responses.IncompleteReason;
  usage?: responses.Usage;
}

/** Accumulates one response and emits its stream events. */
export class ResponseWriter {
  #seq = 0;
  readonly #base: responses.Response;
  readonly #output: responses.OutputItem[] = [];
  #open: OpenItem | undefined;
  #started = false;
  #final: responses.Response | undefined;

  /** `base` is the in-progress response (id, model, echoed request fields; empty output). */
  constructor(base: responses.Response) {
    this.#base = base;
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
    key?: string,
  ): SseEvent[] {
    const out = [...this.start(), ...this.close()];
    const index = this.#output.length;
    this.#output.push(item);
    this.#open = { index, kind, key, text: "" };
    out.push(
      this.#event("response.output_item.added", { output_index: index, item }),
    );
    if (kind === "message") {
      out.push(this.#event("response.content_part.added", {
        item_id: item.id,
        output_index: index,
        content_index: 0,
        part: { type: "output_text", text: "", annotations: [] },
      }));
    } else if (kind === "reasoning") {
      out.push(this.#event("response.content_part.added", {
        item_id: item.id,
        output_index: index,
        content_index: 0,
        part: { type: "reasoning_text", text: "" },
      }));
    }
    return out;
  }

  #itemId(): string {
    return this.#output[this.#open?.index ?? 0]?.id ?? "";
  }

  /** Appends assistant text (opening a message item when needed). */
  text(delta: string): SseEvent[] {
    const out: SseEvent[] = [];
    if (this.#open?.kind !== "message") {
      out.push(...this.#openItem("message", {
        type: "message",
        id: newId("msg"),
        status: "in_progress",
        role: "assistant",
        content: [],
      }));
    }
    if (delta === "") return out;
    const open = this.#open!;
    open.text += delta;
    out.push(this.#event("response.output_text.delta", {
      item_id: this.#itemId(),
      output_index: open.index,
      content_index: 0,
      delta,
      logprobs: [],
    }));
    return out;
  }

  /** Appends reasoning text (opening a reasoning item when needed). */
  reasoning(delta: string): SseEvent[] {
    const out: SseEvent[] = [];
    if (this.#open?.kind !== "reasoning") {
      out.push(...this.#openItem("reasoning", {
        type: "reasoning",
        id: newId("rs"),
        summary: [],
      }));
    }
    if (delta === "") return out;
    const open = this.#open!;
    open.text += delta;
    out.push(this.#event("response.reasoning_text.delta", {
      item_id: this.#itemId(),
      output_index: open.index,
      content_index: 0,
      delta,
    }));
    return out;
  }

  /** Sets the open (or a new) reasoning item's `encrypted_content`. */
  reasoningSecret(secret: string): SseEvent[] {
    const out = this.#open?.kind === "reasoning" ? [] : this.reasoning("");
    const item = this.#output[this.#open!.index];
    if (item.type === "reasoning") {
      item.encrypted_content = (item.encrypted_content ?? "") + secret;
    }
    return out;
  }

  /** Opens a function call item; `key` identifies it for {@link callArguments}. */
  startCall(key: string, callId: string, name: string): SseEvent[] {
    return this.#openItem("function_call", {
      type: "function_call",
      id: newId("fc"),
      call_id: callId,
      name,
      arguments: "",
      status: "in_progress",
    }, key);
  }

  /** Whether the call `key` is the open item. */
  isOpenCall(key: string): boolean {
    return this.#open?.kind === "function_call" && this.#open.key === key;
  }

  /** Appends argument text to the open call `key`; fragments for another call are dropped. */
  callArguments(key: string, delta: string): SseEvent[] {
    const open = this.#open;
    if (!open || open.kind !== "function_call" || open.key !== key) return [];
    if (delta === "") return [];
    open.text += delta;
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
    const item = this.#output[open.index];
    const at = { item_id: item.id, output_index: open.index };
    const out: SseEvent[] = [];
    switch (item.type) {
      case "message": {
        const part: responses.OutputTextPart = {
          type: "output_text",
          text: open.text,
          annotations: [],
        };
        out.push(
          this.#event("response.output_text.done", {
            ...at,
            content_index: 0,
            text: open.text,
            logprobs: [],
          }),
          this.#event("response.content_part.done", {
            ...at,
            content_index: 0,
            part,
          }),
        );
        item.content = [part];
        item.status = status;
        break;
      }
      case "reasoning":
        out.push(
          this.#event("response.reasoning_text.done", {
            ...at,
            content_index: 0,
            text: open.text,
          }),
          this.#event("response.content_part.done", {
            ...at,
            content_index: 0,
            part: { type: "reasoning_text", text: open.text },
          }),
        );
        item.content = [{ type: "reasoning_text", text: open.text }];
        break;
      case "function_call":
        item.arguments = open.text;
        item.status = status;
        out.push(this.#event("response.function_call_arguments.done", {
          ...at,
          name: item.name,
          arguments: open.text,
        }));
        break;
      default: {
        const never: never = item;
        throw new TypeError(`Unhandled item ${JSON.stringify(never)}`);
      }
    }
    out.push(
      this.#event("response.output_item.done", {
        output_index: open.index,
        item,
      }),
    );
    return out;
  }

  /** Closes the open item and writes `response.completed` or `response.incomplete`. */
  finish(finish: Finish): SseEvent[] {
    if (this.done) return [];
    const incomplete = finish.status === "incomplete";
    const out = [
      ...this.start(),
      ...this.close(incomplete ? "incomplete" : "completed"),
    ];
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

/** The in-progress response for a request: echoed request fields, no output yet. */
export function toResponseBase(
  req: responses.CreateRequest,
  opts: { id: string; createdAt: number },
): responses.Response {
  return {
    id: opts.id,
    object: "response",
    created_at: opts.createdAt,
    status: "in_progress",
    error: null,
    incomplete_details: null,
    instructions: req.instructions ?? null,
    max_output_tokens: req.max_output_tokens ?? null,
    model: req.model,
    output: [],
    parallel_tool_calls: req.parallel_tool_calls ?? true,
    previous_response_id: req.previous_response_id ?? null,
    reasoning: {
      effort: req.reasoning?.effort ?? null,
      summary: req.reasoning?.summary ?? null,
    },
    store: req.store ?? true,
    temperature: req.temperature ?? null,
    text: { format: req.text?.format ?? { type: "text" } },
    tool_choice: req.tool_choice ?? "auto",
    tools: req.tools ?? [],
    top_p: req.top_p ?? null,
    truncation: "disabled",
    usage: null,
    user: req.user ?? null,
    metadata: req.metadata ?? {},
  };
}
