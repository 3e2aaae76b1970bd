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
import type * as openai from "../protocol/openai/types.ts";
import type { SseEvent } from "../sse.ts";
import { toOpenAiError } from "../convert_shared/to_openai_error.ts";
import { parseStreamEvent } from "../protocol/anthropic/parse_response.ts";
import { tryParseJson } from "../protocol/lenient_json.ts";
import { toFinishReason, toOpenAiUsage } from "./to_openai_response.ts";

/** The `data` of OpenAI's terminal stream event. */
export const DONE = "[DONE]";

/** Per-request state of {@link toOpenAiChunks}. */
export interface OpenAiStreamState {
  id: string;
  model: string;
  created: number;
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
  /** The serialised chunk up to its `delta` (id, model and created are fixed per stream). */
  chunkPrefix: string | undefined;
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
    id: "chatcmpl-tresor",
    model: opts.model,
    created: opts.created,
    includeUsage: opts.includeUsage ?? false,
    jsonToolName: opts.jsonToolName,
    toolIndexByBlock: new Map(),
    schemaBlocks: new Set(),
    nextToolIndex: 0,
    usage: undefined,
    finishSent: false,
    done: false,
    chunkPrefix: undefined,
  };
}

/**
 * `JSON.stringify` of the {@link openai.ChatCompletionChunk} with one choice carrying the
 * serialised `delta`, its constant part serialised once per stream: a chunk is sent per
 * upstream event.
 */
function chunkData(
  state: OpenAiStreamState,
  deltaJson: string,
  finish: openai.FinishReason | null,
): SseEvent {
  state.chunkPrefix ??= `{"id":${JSON.stringify(state.id)},` +
    `"object":"chat.completion.chunk","created":${
      JSON.stringify(state.created)
    },"model":${JSON.stringify(state.model)},"choices":[{"index":0,"delta":`;
  return {
    data: `${state.chunkPrefix}${deltaJson},"finish_reason":${
      JSON.stringify(finish)
    }}]}`,
  };
}

function chunk(
  state: OpenAiStreamState,
  delta: openai.ChunkDelta,
  finish: openai.FinishReason | null = null,
): SseEvent {
  return chunkData(state, JSON.stringify(delta), finish);
}

const TEXT_DELTA_HEAD = '{"type":"content_block_delta","index":';
const TEXT_DELTA_BODY = ',"delta":{"type":"text_delta","text":';

/**
 * The `text` of a text delta in exactly Anthropic's wire form, as its JSON string literal; else
 * undefined. Most events of a stream are these: the literal goes into the chunk as it is, so
 * the event is neither parsed into objects nor its text serialised again. Anything else —
 * other fields, other order, spaces — takes the general path.
 */
function textDeltaLiteral(data: string): string | undefined {
  if (!data.startsWith(TEXT_DELTA_HEAD) || !data.endsWith("}}")) {
    return undefined;
  }
  let i = TEXT_DELTA_HEAD.length;
  const digits = i;
  while (
    i < data.length && data.charCodeAt(i) >= 48 && data.charCodeAt(i) <= 57
  ) i++;
  if (i === digits || !data.startsWith(TEXT_DELTA_BODY, i)) return undefined;
  const literal = data.slice(i + TEXT_DELTA_BODY.length, data.length - 2);
  // Exactly one JSON string (the parser checks its escapes; a regular expression doing the
  // same was slower), or not this form.
  return literal.charCodeAt(0) === 34 &&
      typeof tryParseJson(literal) === "string"
    ? literal
    : undefined;
}

function finish(state: OpenAiStreamState): SseEvent[] {
  const out: SseEvent[] = [];
  if (!state.finishSent) {
    out.push(chunk(state, {}, "stop"));
    state.finishSent = true;
  }
  const usage = toOpenAiUsage(state.usage);
  if (state.includeUsage && usage) {
    const c: openai.ChatCompletionChunk = {
      id: state.id,
      object: "chat.completion.chunk",
      created: state.created,
      model: state.model,
      choices: [],
      usage,
    };
    out.push({ data: JSON.stringify(c) });
  }
  out.push({ data: DONE });
  state.done = true;
  return out;
}

/** Translates one upstream event; unknown events yield nothing. */
export function toOpenAiChunks(
  event: SseEvent,
  state: OpenAiStreamState,
): SseEvent[] {
  if (state.done) return [];
  const text = textDeltaLiteral(event.data);
  if (text !== undefined) {
    return [chunkData(state, `{"content":${text}}`, null)];
  }
  const e = parseStreamEvent(event.data);
  if (e === undefined) return [];
  switch (e.type) {
    case "message_start":
      if (e.message.id !== "") state.id = e.message.id;
      if (e.message.model !== "") state.model = e.message.model;
      state.chunkPrefix = undefined;
      state.usage = mergeUsage(state.usage, e.message.usage);
      return [chunk(state, { role: "assistant", content: "" })];
    case "content_block_start": {
      const block = e.content_block;
      switch (block.type) {
        case "text":
          return block.text === ""
            ? []
            : [chunk(state, { content: block.text })];
        case "thinking":
          return block.thinking === ""
            ? []
            : [chunk(state, { reasoning_content: block.thinking })];
        case "redacted_thinking":
          return [];
        case "tool_use": {
          const hasInput = Object.keys(block.input).length > 0;
          if (block.name === state.jsonToolName) {
            state.schemaBlocks.add(e.index);
            return hasInput
              ? [chunk(state, { content: JSON.stringify(block.input) })]
              : [];
          }
          const index = state.nextToolIndex++;
          state.toolIndexByBlock.set(e.index, index);
          return [chunk(state, {
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
    case "content_block_delta": {
      const d = e.delta;
      switch (d.type) {
        case "text_delta":
          return [chunk(state, { content: d.text })];
        case "thinking_delta":
          return [chunk(state, { reasoning_content: d.thinking })];
        case "signature_delta":
          return [];
        case "input_json_delta": {
          if (state.schemaBlocks.has(e.index)) {
            return d.partial_json === ""
              ? []
              : [chunk(state, { content: d.partial_json })];
          }
          const index = state.toolIndexByBlock.get(e.index);
          if (index === undefined || d.partial_json === "") return [];
          return [
            chunk(state, {
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
    case "content_block_stop":
    case "ping":
      return [];
    case "message_delta": {
      state.usage = mergeUsage(state.usage, e.usage);
      if (e.delta.stop_reason === null || state.finishSent) return [];
      state.finishSent = true;
      const reason =
        toFinishReason(e.delta.stop_reason, state.schemaBlocks.size > 0) ??
          "stop";
      return [chunk(state, {}, reason)];
    }
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
