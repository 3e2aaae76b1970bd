/**
 * Anthropic answers → Responses API output, through a {@link ResponseWriter}: a message or its
 * stream (https://docs.anthropic.com/en/docs/build-with-claude/streaming).
 *
 * Mapping: each `text` block → a `message` item with `output_text`; each `thinking` block → a
 * `reasoning` item whose `encrypted_content` carries the signature (prefixed
 * {@link THINKING_PREFIX}, so the next turn can send it back), `redacted_thinking` → a reasoning
 * item with only `encrypted_content`; `tool_use` → a `function_call` item (`call_id` = the
 * tool id), except the schema tool standing in for `text.format: json_schema`, whose input
 * becomes the message text; `stop_reason` via `map_stop_reason.ts`; usage → `input_tokens` including
 * cache reads and writes, cache reads in `input_tokens_details.cached_tokens` (Anthropic does
 * not report reasoning tokens, so `output_tokens_details.reasoning_tokens` is 0). Tool calls
 * become the client's call items (`function_call`, `custom_tool_call`, …) through the writer. `ping` is dropped; an
 * `error` event → `error` + `response.failed`, as is a stream that ends before a stop reason.
 *
 * @module
 */
import { STOP } from "./map_stop_reason.ts";
import type * as anthropic from "../protocol/anthropic/types.ts";
import type * as responses from "../protocol/responses/types.ts";
import type { SseEvent } from "../sse.ts";
import {
  parseMessagesResponse,
  parseStreamEvent,
} from "../protocol/anthropic/parse_response.ts";
import type { ResponseWriter } from "../protocol/responses/response_writer.ts";
import { type Finish, toUsage } from "../protocol/responses/response_base.ts";
import { REDACTED_PREFIX, THINKING_PREFIX } from "./to_anthropic_request.ts";
import { mergeUsage, sumInputTokens } from "../protocol/anthropic/usage.ts";

/** Anthropic usage → Responses usage; absent stays absent. */
export function toResponsesUsage(
  usage: anthropic.DeltaUsage | undefined,
): responses.Usage | undefined {
  if (usage === undefined) return undefined;
  const input = sumInputTokens(usage);
  return toUsage(input.total, usage.output_tokens, { cached: input.cached });
}

function toFinish(
  reason: anthropic.StopReason | null,
  usage: anthropic.DeltaUsage | undefined,
): Finish {
  const finish: Finish = { ...STOP[reason ?? "end_turn"] };
  const converted = toResponsesUsage(usage);
  if (converted) finish.usage = converted;
  return finish;
}

/** Writes a non-streamed message into `writer`, finishing it. */
export function writeMessage(
  body: unknown,
  writer: ResponseWriter,
  opts: { jsonToolName?: string },
): void {
  const msg = parseMessagesResponse(body);
  msg.content.forEach((block, i) => {
    switch (block.type) {
      case "text":
        writer.text(block.text);
        break;
      case "thinking":
        writer.reasoning(block.thinking);
        if (block.signature !== "") {
          writer.reasoningSecret(THINKING_PREFIX + block.signature);
        }
        break;
      case "redacted_thinking":
        writer.reasoningSecret(REDACTED_PREFIX + block.data);
        break;
      case "tool_use":
        if (block.name === opts.jsonToolName) {
          writer.text(JSON.stringify(block.input));
        } else {
          writer.startCall(String(i), block.id, block.name);
          writer.callArguments(String(i), JSON.stringify(block.input));
        }
        break;
      default: {
        const never: never = block;
        throw new TypeError(`Unhandled block ${JSON.stringify(never)}`);
      }
    }
    writer.close();
  });
  if (msg.content.length === 0) writer.text("");
  writer.finish(toFinish(msg.stop_reason, msg.usage));
}

/** Per-stream state of {@link writeAnthropicEvent}. */
export interface AnthropicStreamState {
  jsonToolName: string | undefined;
  /** Blocks of the schema tool, whose input is streamed as text. */
  schemaBlocks: Set<number>;
  /** Thinking blocks whose signature has started. */
  signed: Set<number>;
  usage: anthropic.DeltaUsage | undefined;
  /** `undefined` until `message_delta` carries a stop reason. */
  stop: anthropic.StopReason | undefined;
}

/** Fresh stream state. */
export function createAnthropicStreamState(
  jsonToolName: string | undefined,
): AnthropicStreamState {
  return {
    jsonToolName,
    schemaBlocks: new Set(),
    signed: new Set(),
    usage: undefined,
    stop: undefined,
  };
}

function writeBlockStart(
  e: anthropic.ContentBlockStartEvent,
  writer: ResponseWriter,
  state: AnthropicStreamState,
): SseEvent[] {
  const block = e.content_block;
  switch (block.type) {
    case "text":
      return writer.text(block.text);
    case "thinking":
      return writer.reasoning(block.thinking);
    case "redacted_thinking":
      return writer.reasoningSecret(REDACTED_PREFIX + block.data);
    case "tool_use": {
      const input = Object.keys(block.input).length > 0
        ? JSON.stringify(block.input)
        : "";
      if (block.name === state.jsonToolName) {
        state.schemaBlocks.add(e.index);
        return writer.text(input);
      }
      const key = String(e.index);
      return [
        ...writer.startCall(key, block.id, block.name),
        ...writer.callArguments(key, input),
      ];
    }
    default: {
      const never: never = block;
      throw new TypeError(`Unhandled block ${JSON.stringify(never)}`);
    }
  }
}

function writeBlockDelta(
  e: anthropic.ContentBlockDeltaEvent,
  writer: ResponseWriter,
  state: AnthropicStreamState,
): SseEvent[] {
  const d = e.delta;
  switch (d.type) {
    case "text_delta":
      return writer.text(d.text);
    case "thinking_delta":
      return writer.reasoning(d.thinking);
    case "signature_delta": {
      const first = !state.signed.has(e.index);
      state.signed.add(e.index);
      return writer.reasoningSecret(
        (first ? THINKING_PREFIX : "") + d.signature,
      );
    }
    case "input_json_delta":
      return state.schemaBlocks.has(e.index)
        ? writer.text(d.partial_json)
        : writer.callArguments(String(e.index), d.partial_json);
    default: {
      const never: never = d;
      throw new TypeError(`Unhandled delta ${JSON.stringify(never)}`);
    }
  }
}

/** Translates one upstream event. */
export function writeAnthropicEvent(
  event: SseEvent,
  writer: ResponseWriter,
  state: AnthropicStreamState,
): SseEvent[] {
  const e = parseStreamEvent(event.data);
  if (e === undefined) return [];
  switch (e.type) {
    case "message_start":
      state.usage = mergeUsage(state.usage, e.message.usage);
      return writer.start();
    case "content_block_start":
      return [...writer.close(), ...writeBlockStart(e, writer, state)];
    case "content_block_delta":
      return writeBlockDelta(e, writer, state);
    case "content_block_stop":
      return writer.close();
    case "ping":
      return [];
    case "message_delta":
      state.usage = mergeUsage(state.usage, e.usage);
      if (e.delta.stop_reason !== null) state.stop = e.delta.stop_reason;
      return [];
    case "message_stop":
      return writer.finish(toFinish(state.stop ?? null, state.usage));
    case "error":
      return writer.fail(e.error.type, e.error.message);
    default: {
      const never: never = e;
      throw new TypeError(`Unhandled event ${JSON.stringify(never)}`);
    }
  }
}

/** Ends the stream: the terminal event, or a failure when no stop reason came. */
export function flushAnthropicStream(
  writer: ResponseWriter,
  state: AnthropicStreamState,
): SseEvent[] {
  return writer.end(
    state.stop === undefined ? undefined : toFinish(state.stop, state.usage),
  );
}
