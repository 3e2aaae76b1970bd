/**
 * Anthropic stream events → Chat Completions chunks, one event at a time over explicit state.
 *
 * message_start → a chunk with the role; `text_delta` → `delta.content`; a `tool_use` block
 * start → `delta.tool_calls[i]` with id, name and empty arguments, and its `input_json_delta`s →
 * argument fragments at the same `i`; `thinking_delta` → `delta.reasoning_content`;
 * message_delta → a chunk with `finish_reason`; message_stop → the usage chunk (empty `choices`)
 * when the client asked for `stream_options.include_usage`, then `data: [DONE]`. `ping` and
 * `signature_delta` are dropped; an `error` event → an OpenAI error chunk and `[DONE]`.
 * https://docs.anthropic.com/en/docs/build-with-claude/streaming →
 * https://platform.openai.com/docs/api-reference/chat-streaming
 *
 * @module
 */
import { mergeUsage } from "../protocol/anthropic/usage.ts";
import type * as anthropic from "../protocol/anthropic/types.ts";
import type { SseEvent } from "../sse.ts";
import { toOpenAiError } from "../convert_shared/to_openai_error.ts";
import {
  parseStreamEvent,
  textDeltaLiteral,
} from "../protocol/anthropic/parse_response.ts";
import { ChunkWriter, DONE } from "../protocol/openai/chunk_writer.ts";
import { toOpenAiUsage } from "./to_openai_response.ts";
import { toFinishReason } from "./map_stop_reason.ts";

/** Per-request state of {@link toOpenAiChunks}. */
export interface OpenAiStreamState {
  readonly writer: ChunkWriter;
  includeUsage: boolean;
  jsonToolName: string | undefined;
  /** Anthropic block index → OpenAI tool call index. */
  toolIndexByBlock: Map<number, number>;
  /** Blocks of the schema tool, whose arguments are streamed as content. */
  schemaBlocks: Set<number>;
  nextToolIndex: number;
  usage: anthropic.DeltaUsage | undefined;
  finishSent: boolean;
  done: boolean;
}

/** Options of {@link createOpenAiStreamState}. */
export interface OpenAiStreamOptions {
  created: number;
  model: string;
  includeUsage?: boolean;
  jsonToolName?: string;
}

/** Fresh stream state. */
export function createOpenAiStreamState(
  opts: OpenAiStreamOptions,
): OpenAiStreamState {
  return {
    writer: new ChunkWriter({
      id: "chatcmpl-tresor",
      model: opts.model,
      created: opts.created,
    }),
    includeUsage: opts.includeUsage ?? false,
    jsonToolName: opts.jsonToolName,
    toolIndexByBlock: new Map(),
    schemaBlocks: new Set(),
    nextToolIndex: 0,
    usage: undefined,
    finishSent: false,
    done: false,
  };
}

function finish(state: OpenAiStreamState): SseEvent[] {
  const out: SseEvent[] = [];
  if (!state.finishSent) {
    out.push(state.writer.chunk({}, "stop"));
    state.finishSent = true;
  }
  const usage = toOpenAiUsage(state.usage);
  if (state.includeUsage && usage) out.push(state.writer.usage(usage));
  out.push({ data: DONE });
  state.done = true;
  return out;
}

function onBlockStart(
  e: anthropic.ContentBlockStartEvent,
  state: OpenAiStreamState,
): SseEvent[] {
  const block = e.content_block;
  const writer = state.writer;
  switch (block.type) {
    case "text":
      return block.text === "" ? [] : [writer.chunk({ content: block.text })];
    case "thinking":
      return block.thinking === ""
        ? []
        : [writer.chunk({ reasoning_content: block.thinking })];
    case "redacted_thinking":
      return [];
    case "tool_use": {
      const hasInput = Object.keys(block.input).length > 0;
      if (block.name === state.jsonToolName) {
        state.schemaBlocks.add(e.index);
        return hasInput
          ? [writer.chunk({ content: JSON.stringify(block.input) })]
          : [];
      }
      const index = state.nextToolIndex++;
      state.toolIndexByBlock.set(e.index, index);
      return [writer.chunk({
        tool_calls: [{
          index,
          id: block.id,
          type: "function",
          function: {
            name: block.name,
            arguments: hasInput ? JSON.stringify(block.input) : "",
          },
        }],
      })];
    }
    default: {
      const never: never = block;
      throw new TypeError(`Unhandled block ${JSON.stringify(never)}`);
    }
  }
}

function onBlockDelta(
  e: anthropic.ContentBlockDeltaEvent,
  state: OpenAiStreamState,
): SseEvent[] {
  const d = e.delta;
  const writer = state.writer;
  switch (d.type) {
    case "text_delta":
      return [writer.chunk({ content: d.text })];
    case "thinking_delta":
      return [writer.chunk({ reasoning_content: d.thinking })];
    case "signature_delta":
      return [];
    case "input_json_delta": {
      if (d.partial_json === "") return [];
      if (state.schemaBlocks.has(e.index)) {
        return [writer.chunk({ content: d.partial_json })];
      }
      const index = state.toolIndexByBlock.get(e.index);
      if (index === undefined) return [];
      return [
        writer.chunk({
          tool_calls: [{ index, function: { arguments: d.partial_json } }],
        }),
      ];
    }
    default: {
      const never: never = d;
      throw new TypeError(`Unhandled delta ${JSON.stringify(never)}`);
    }
  }
}

function onMessageDelta(
  e: anthropic.MessageDeltaEvent,
  state: OpenAiStreamState,
): SseEvent[] {
  state.usage = mergeUsage(state.usage, e.usage);
  if (e.delta.stop_reason === null || state.finishSent) return [];
  state.finishSent = true;
  const reason =
    toFinishReason(e.delta.stop_reason, state.schemaBlocks.size > 0) ?? "stop";
  return [state.writer.chunk({}, reason)];
}

/** Translates one upstream event; unknown events yield nothing. */
export function toOpenAiChunks(
  event: SseEvent,
  state: OpenAiStreamState,
): SseEvent[] {
  if (state.done) return [];
  const text = textDeltaLiteral(event.data);
  if (text !== undefined) {
    return [state.writer.chunkJson(`{"content":${text}}`, null)];
  }
  const e = parseStreamEvent(event.data);
  if (e === undefined) return [];
  switch (e.type) {
    case "message_start":
      state.writer.identify(e.message.id, e.message.model);
      state.usage = mergeUsage(state.usage, e.message.usage);
      return [state.writer.chunk({ role: "assistant", content: "" })];
    case "content_block_start":
      return onBlockStart(e, state);
    case "content_block_delta":
      return onBlockDelta(e, state);
    case "content_block_stop":
    case "ping":
      return [];
    case "message_delta":
      return onMessageDelta(e, state);
    case "message_stop":
      return finish(state);
    case "error": {
      state.done = true;
      const body = toOpenAiError({ type: "error", error: e.error }, 500);
      return [{ data: JSON.stringify(body) }, { data: DONE }];
    }
    default: {
      const never: never = e;
      throw new TypeError(`Unhandled event ${JSON.stringify(never)}`);
    }
  }
}

/** Closes a stream the upstream ended early: a finish chunk if none was sent, then `[DONE]`. */
export function flushOpenAiStream(state: OpenAiStreamState): SseEvent[] {
  return state.done ? [] : finish(state);
}
