/**
 * Chat Completions chunks → Anthropic stream events, one event at a time over explicit state.
 *
 * The first chunk → `message_start` (once; `usage.input_tokens` from the chunk's usage when the
 * upstream reports it, else the local estimate made from the request); reasoning text → a
 * `thinking` block closed with a `signature_delta` of Tresor's marker (see
 * `protocol/anthropic/thinking_marker.ts`), `delta.content` → a `text` block, each tool call (a new `index` or `id`) →
 * its own `tool_use` block (under the client's tool name) with `input_json_delta` fragments; a new kind of content closes the
 * open block, so indexes are sequential. `finish_reason` closes the open block; `message_delta`
 * (stop reason and output usage) and `message_stop` follow as soon as usage is known: with the
 * finish chunk when it carries usage, else with the usage chunk that `include_usage` brings,
 * else at `[DONE]` or the end of the stream. An upstream error chunk → an `error` event that
 * ends the stream.
 * https://platform.openai.com/docs/api-reference/chat-streaming →
 * https://docs.anthropic.com/en/docs/build-with-claude/streaming
 *
 * @module
 */
import type * as anthropic from "../protocol/anthropic/types.ts";
import type * as openai from "../protocol/openai/types.ts";
import type { SseEvent } from "../sse.ts";
import type { WarningSink } from "../warnings.ts";
import { ChunkReader } from "../protocol/openai/chunk_reader.ts";
import {
  textDeltaEvent,
  toSseEvent,
} from "../protocol/anthropic/write_events.ts";
import { toMessageId } from "./to_anthropic_response.ts";
import { toStopReason } from "./map_stop_reason.ts";
import { TRANSLATED_SIGNATURE } from "../protocol/anthropic/thinking_marker.ts";
import type { ToolNameMap } from "../protocol/openai/tool_names.ts";

/** The block currently open. */
type OpenBlock =
  | { kind: "text"; index: number }
  | { kind: "thinking"; index: number }
  | { kind: "tool"; index: number; key: number };

/** Per-request state of {@link toAnthropicEvents}. */
export interface AnthropicStreamState {
  model: string;
  /** Estimated prompt tokens for `message_start` when the upstream reports none yet. */
  inputTokensEstimate: number | undefined;
  started: boolean;
  nextIndex: number;
  open: OpenBlock | undefined;
  /** OpenAI tool call index → its id and Anthropic block index. */
  tools: Map<number, { id: string; index: number }>;
  stopReason: anthropic.StopReason | undefined;
  usage: openai.Usage | undefined;
  done: boolean;
  warnings: WarningSink | undefined;
  toolNames: ToolNameMap | undefined;
  /** Parses the upstream's chunks (learning their template: see `chunk_reader.ts`). */
  chunks: ChunkReader;
}

/** Options of {@link createAnthropicStreamState}. */
export interface AnthropicStreamOptions {
  model: string;
  inputTokensEstimate?: number;
  warnings?: WarningSink;
  /** The request's safe tool names, to map called tools back to the client's names. */
  toolNames?: ToolNameMap;
}

/** Fresh stream state. */
export function createAnthropicStreamState(
  opts: AnthropicStreamOptions,
): AnthropicStreamState {
  return {
    model: opts.model,
    inputTokensEstimate: opts.inputTokensEstimate,
    started: false,
    nextIndex: 0,
    open: undefined,
    tools: new Map(),
    stopReason: undefined,
    usage: undefined,
    done: false,
    warnings: opts.warnings,
    toolNames: opts.toolNames,
    chunks: new ChunkReader(),
  };
}

function start(
  state: AnthropicStreamState,
  id: string,
  model: string,
): SseEvent[] {
  state.started = true;
  if (model !== "") state.model = model;
  const reported = state.usage;
  const cached = reported?.prompt_tokens_details?.cached_tokens;
  const usage: anthropic.Usage = {
    input_tokens: reported
      ? reported.prompt_tokens - (cached ?? 0)
      : state.inputTokensEstimate ?? 0,
    output_tokens: 0,
  };
  if (cached !== undefined) usage.cache_read_input_tokens = cached;
  return [toSseEvent({
    type: "message_start",
    message: {
      id: toMessageId(id),
      type: "message",
      role: "assistant",
      model: state.model,
      content: [],
      stop_reason: null,
      stop_sequence: null,
      usage,
    },
  })];
}

function closeOpen(state: AnthropicStreamState, out: SseEvent[]): void {
  if (state.open === undefined) return;
  if (state.open.kind === "thinking") {
    out.push(toSseEvent({
      type: "content_block_delta",
      index: state.open.index,
      delta: { type: "signature_delta", signature: TRANSLATED_SIGNATURE },
    }));
  }
  out.push(toSseEvent({ type: "content_block_stop", index: state.open.index }));
  state.open = undefined;
}

function openBlock(
  state: AnthropicStreamState,
  block: anthropic.ResponseBlock,
  open: OpenBlock,
  out: SseEvent[],
): void {
  closeOpen(state, out);
  out.push(
    toSseEvent({
      type: "content_block_start",
      index: open.index,
      content_block: block,
    }),
  );
  state.open = open;
  state.nextIndex = open.index + 1;
}

function finish(state: AnthropicStreamState): SseEvent[] {
  const out: SseEvent[] = [];
  closeOpen(state, out);
  // The Messages stream requires usage here; output tokens are 0 only when the upstream sent none.
  const usage: anthropic.DeltaUsage = {
    output_tokens: state.usage?.completion_tokens ?? 0,
  };
  if (state.usage) {
    const cached = state.usage.prompt_tokens_details?.cached_tokens;
    usage.input_tokens = state.usage.prompt_tokens - (cached ?? 0);
    if (cached !== undefined) usage.cache_read_input_tokens = cached;
  }
  out.push(toSseEvent({
    type: "message_delta",
    delta: {
      stop_reason: state.stopReason ??
        (state.tools.size > 0 ? "tool_use" : "end_turn"),
      stop_sequence: null,
    },
    usage,
  }));
  out.push(toSseEvent({ type: "message_stop" }));
  state.done = true;
  return out;
}

function onChunk(
  state: AnthropicStreamState,
  chunk: openai.ChatCompletionChunk,
): SseEvent[] {
  const out: SseEvent[] = [];
  if (chunk.usage) state.usage = chunk.usage;
  if (!state.started) out.push(...start(state, chunk.id, chunk.model));
  const choice = chunk.choices.find((c) => c.index === 0);
  if (choice) {
    const d = choice.delta;
    if (d.reasoning_content) {
      if (state.open?.kind !== "thinking") {
        openBlock(state, { type: "thinking", thinking: "", signature: "" }, {
          kind: "thinking",
          index: state.nextIndex,
        }, out);
      }
      out.push(toSseEvent({
        type: "content_block_delta",
        index: state.nextIndex - 1,
        delta: { type: "thinking_delta", thinking: d.reasoning_content },
      }));
    }
    const text = (d.content ?? "") + (d.refusal ?? "");
    if (text !== "") {
      if (state.open?.kind !== "text") {
        openBlock(state, { type: "text", text: "" }, {
          kind: "text",
          index: state.nextIndex,
        }, out);
      }
      out.push(textDeltaEvent(state.nextIndex - 1, text));
    }
    for (const call of d.tool_calls ?? []) onToolCall(state, call, out);
    if (choice.finish_reason !== null) {
      closeOpen(state, out);
      state.stopReason = toStopReason(
        choice.finish_reason,
        state.tools.size > 0,
      );
    }
  }
  if (state.stopReason !== undefined && state.usage !== undefined) {
    out.push(...finish(state));
  }
  return out;
}

function onToolCall(
  state: AnthropicStreamState,
  call: openai.ToolCallDelta,
  out: SseEvent[],
): void {
  let known = state.tools.get(call.index);
  // Some providers reuse index 0 for every call; a new id means a new call.
  if (known === undefined || (call.id !== undefined && call.id !== known.id)) {
    const id = call.id ?? `toolu_tresor_${state.nextIndex}`;
    known = { id, index: state.nextIndex };
    state.tools.set(call.index, known);
    openBlock(state, {
      type: "tool_use",
      id,
      name: state.toolNames?.toClient(call.function?.name ?? "") ??
        call.function?.name ?? "",
      input: {},
    }, {
      kind: "tool",
      index: known.index,
      key: call.index,
    }, out);
  }
  const args = call.function?.arguments ?? "";
  if (args === "") return;
  if (state.open?.kind === "tool" && state.open.index === known.index) {
    out.push(toSseEvent({
      type: "content_block_delta",
      index: known.index,
      delta: { type: "input_json_delta", partial_json: args },
    }));
  } else {
    // Anthropic blocks are sequential; arguments interleaved across calls cannot be placed.
    state.warnings?.warn("Dropped tool arguments for a closed tool_use block", {
      id: known.id,
    });
  }
}

/** Translates one upstream event; non-JSON events yield nothing. */
export function toAnthropicEvents(
  event: SseEvent,
  state: AnthropicStreamState,
): SseEvent[] {
  if (state.done) return [];
  const parsed = state.chunks.read(event.data);
  if (parsed === undefined) return [];
  switch (parsed.kind) {
    case "chunk":
      return onChunk(state, parsed.chunk);
    case "done":
      return flushAnthropicStream(state);
    case "error": {
      state.done = true;
      const type = parsed.error.type === "rate_limit_exceeded"
        ? "rate_limit_error"
        : "api_error";
      return [
        toSseEvent({
          type: "error",
          error: { type, message: parsed.error.message },
        }),
      ];
    }
    default: {
      const never: never = parsed;
      throw new TypeError(`Unhandled chunk ${JSON.stringify(never)}`);
    }
  }
}

/** Closes the stream: starts the message if nothing came, closes the open block and the message. */
export function flushAnthropicStream(state: AnthropicStreamState): SseEvent[] {
  if (state.done) return [];
  const out = state.started ? [] : start(state, "", "");
  out.push(...finish(state));
  return out;
}
