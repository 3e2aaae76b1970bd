/**
 * Chat Completions answers → Responses API output, through a {@link ResponseWriter}: a
 * completion or a stream of chunks (https://platform.openai.com/docs/api-reference/chat-streaming).
 *
 * Mapping: `reasoning_content` (DeepSeek) / `reasoning` (vLLM) → a `reasoning` item;
 * `content` and `refusal` → a `message` item with `output_text`; `tool_calls[i]` → the
 * client's call item per call (`function_call`, or `custom_tool_call` / `local_shell_call` /
 * `tool_search_call` for those tools; `call_id` = the upstream's call id); `finish_reason` via
 * `map_stop_reason.ts`; usage → `input_tokens` (cached tokens in `input_tokens_details`),
 * `output_tokens` (reasoning tokens in `output_tokens_details`; both details 0 when not
 * reported). Only the first choice is read.
 * A stream that ends before a finish reason → `error` + `response.failed`.
 *
 * @module
 */
import { FINISH } from "./map_stop_reason.ts";
import type * as openai from "../protocol/openai/types.ts";
import type * as responses from "../protocol/responses/types.ts";
import type { SseEvent } from "../sse.ts";
import { isRecord } from "../protocol/json_reader.ts";
import { finiteNumber } from "../protocol/lenient_json.ts";
import {
  parseChatCompletion,
  parseError,
} from "../protocol/openai/parse_response.ts";
import { ChunkReader } from "../protocol/openai/chunk_reader.ts";
import type { ResponseWriter } from "../protocol/responses/response_writer.ts";
import {
  type Finish,
  newId,
  toUsage,
} from "../protocol/responses/response_base.ts";

/** Chat usage (raw JSON) → Responses usage; absent stays absent, unreported details are 0. */
export function toResponsesUsage(value: unknown): responses.Usage | undefined {
  if (!isRecord(value)) return undefined;
  const input = finiteNumber(value.prompt_tokens);
  const output = finiteNumber(value.completion_tokens);
  if (input === undefined && output === undefined) return undefined;
  return toUsage(input ?? 0, output ?? 0, {
    total: finiteNumber(value.total_tokens),
    cached: isRecord(value.prompt_tokens_details)
      ? finiteNumber(value.prompt_tokens_details.cached_tokens)
      : undefined,
    reasoning: isRecord(value.completion_tokens_details)
      ? finiteNumber(value.completion_tokens_details.reasoning_tokens)
      : undefined,
  });
}

function toFinish(
  reason: openai.FinishReason | null | undefined,
  usage: responses.Usage | undefined,
): Finish {
  const finish: Finish = { ...FINISH[reason ?? "stop"] };
  if (usage) finish.usage = usage;
  return finish;
}

/** An upstream error body as an OpenAI error body (kept when it already is one). */
export function toResponsesError(
  body: unknown,
  status: number,
): responses.ErrorResponse {
  if (isRecord(body) && isRecord(body.error)) {
    const e = body.error;
    return {
      error: {
        message: typeof e.message === "string" ? e.message : "",
        type: typeof e.type === "string"
          ? e.type
          : status >= 500
          ? "server_error"
          : "invalid_request_error",
        param: typeof e.param === "string" ? e.param : null,
        code: typeof e.code === "string" ? e.code : null,
      },
    };
  }
  const err = parseError(body);
  const text = typeof body === "string" ? body : JSON.stringify(body) ?? "";
  return {
    error: {
      message: err?.message ||
        `Upstream returned status ${status}${
          text ? `: ${text.slice(0, 500)}` : ""
        }`,
      type: status >= 500 ? "server_error" : "invalid_request_error",
      param: null,
      code: null,
    },
  };
}

/** Writes a non-streamed completion into `writer`, finishing it. */
export function writeChatCompletion(
  body: unknown,
  writer: ResponseWriter,
): void {
  const completion = parseChatCompletion(body);
  const choice = completion.choices[0];
  const message = choice?.message;
  if (message?.reasoning_content) writer.reasoning(message.reasoning_content);
  const text = (message?.content ?? "") + (message?.refusal ?? "");
  const calls = message?.tool_calls ?? [];
  if (text !== "" || calls.length === 0) writer.text(text);
  calls.forEach((call, i) => {
    const key = String(i);
    writer.startCall(key, call.id || newId("call"), call.function.name);
    writer.callArguments(key, call.function.arguments);
  });
  writer.finish(
    toFinish(
      choice?.finish_reason,
      toResponsesUsage(isRecord(body) ? body.usage : undefined),
    ),
  );
}

/** Per-stream state of {@link writeChatChunk}. */
export interface ChatStreamState {
  /** `undefined` until a finish reason arrives. */
  finish: openai.FinishReason | undefined;
  usage: responses.Usage | undefined;
  /** Tool call indexes already opened. */
  calls: Set<number>;
  /** Parses the upstream's chunks (learning their template: see `chunk_reader.ts`). */
  chunks: ChunkReader;
}

/** Fresh stream state. */
export function createChatStreamState(): ChatStreamState {
  return {
    finish: undefined,
    usage: undefined,
    calls: new Set(),
    chunks: new ChunkReader(),
  };
}

/** Translates one chunk; `[DONE]` finishes the response. */
export function writeChatChunk(
  event: SseEvent,
  writer: ResponseWriter,
  state: ChatStreamState,
): SseEvent[] {
  const parsed = state.chunks.read(event.data);
  if (parsed === undefined) return [];
  switch (parsed.kind) {
    case "done":
      return flushChatStream(writer, state);
    case "error":
      return writer.fail(
        parsed.error.type ?? "server_error",
        parsed.error.message,
      );
    case "chunk":
      break;
    default: {
      const never: never = parsed;
      throw new TypeError(`Unhandled chunk ${JSON.stringify(never)}`);
    }
  }
  const out = writer.start();
  const chunk = parsed.chunk;
  if (chunk.usage) {
    // parseChunk keeps no reasoning-token detail; read it from the raw chunk (once per stream).
    const raw: unknown = JSON.parse(event.data);
    state.usage = toResponsesUsage(isRecord(raw) ? raw.usage : undefined);
  }
  const choice = chunk.choices.find((c) => c.index === 0);
  if (!choice) return out;
  const d = choice.delta;
  if (d.reasoning_content) out.push(...writer.reasoning(d.reasoning_content));
  if (d.content) out.push(...writer.text(d.content));
  if (d.refusal) out.push(...writer.text(d.refusal));
  for (const call of d.tool_calls ?? []) {
    const key = String(call.index);
    if (!state.calls.has(call.index)) {
      state.calls.add(call.index);
      out.push(
        ...writer.startCall(
          key,
          call.id ?? newId("call"),
          call.function?.name ?? "",
        ),
      );
    }
    const args = call.function?.arguments ?? "";
    out.push(...writer.callArguments(key, args));
  }
  if (choice.finish_reason !== null) state.finish = choice.finish_reason;
  return out;
}

/** Ends the stream: the terminal event, or a failure when no finish reason came. */
export function flushChatStream(
  writer: ResponseWriter,
  state: ChatStreamState,
): SseEvent[] {
  return writer.end(
    state.finish === undefined
      ? undefined
      : toFinish(state.finish, state.usage),
  );
}
