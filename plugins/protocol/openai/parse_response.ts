/**
 * Lenient parsers for what an OpenAI-compatible upstream sends back: a completion, a stream
 * chunk, an error body. Missing fields become empty values; a body that is not a completion at
 * all throws an internal {@link PluginError}. `reasoning_content` (DeepSeek) and `reasoning`
 * (vLLM, OpenRouter) are both read as reasoning text.
 *
 * @module
 */
import type * as openai from "./types.ts";
import { PluginError } from "../../errors.ts";
import { isOneOf, isRecord, type JsonRecord } from "../json_reader.ts";
import { finiteNumber, tryParseJson } from "../lenient_json.ts";

const FINISH_REASONS = [
  "stop",
  "length",
  "tool_calls",
  "content_filter",
  "function_call",
] as const satisfies readonly openai.FinishReason[];

function str(v: unknown): string | undefined {
  return typeof v === "string" ? v : undefined;
}

/** Usage as reported, or undefined when absent. */
export function parseUsage(value: unknown): openai.Usage | undefined {
  if (!isRecord(value)) return undefined;
  const prompt = finiteNumber(value.prompt_tokens);
  const completion = finiteNumber(value.completion_tokens);
  if (prompt === undefined && completion === undefined) return undefined;
  const out: openai.Usage = {
    prompt_tokens: prompt ?? 0,
    completion_tokens: completion ?? 0,
    total_tokens: finiteNumber(value.total_tokens) ??
      (prompt ?? 0) + (completion ?? 0),
  };
  const details = value.prompt_tokens_details;
  const cached = isRecord(details)
    ? finiteNumber(details.cached_tokens)
    : undefined;
  if (cached !== undefined) {
    out.prompt_tokens_details = { cached_tokens: cached };
  }
  return out;
}

function reasoningOf(v: JsonRecord): string | undefined {
  return str(v.reasoning_content) ?? str(v.reasoning);
}

function parseToolCalls(value: unknown): openai.ToolCall[] {
  if (!Array.isArray(value)) return [];
  return value.filter(isRecord).map((c) => {
    const fn = isRecord(c.function) ? c.function : {};
    return {
      id: str(c.id) ?? "",
      type: "function",
      function: {
        name: str(fn.name) ?? "",
        arguments: str(fn.arguments) ?? "",
      },
    };
  });
}

/** A non-streamed completion body. */
export function parseChatCompletion(body: unknown): openai.ChatCompletion {
  if (!isRecord(body) || !Array.isArray(body.choices)) {
    throw new PluginError(
      "Cannot translate the upstream response: expected a chat completion",
      {
        kind: "internal",
      },
    );
  }
  const choices = body.choices.filter(isRecord).map((c, i): openai.Choice => {
    const m = isRecord(c.message) ? c.message : {};
    const message: openai.ResponseMessage = {
      role: "assistant",
      content: str(m.content) ?? null,
    };
    const refusal = str(m.refusal);
    if (refusal !== undefined) message.refusal = refusal;
    const reasoning = reasoningOf(m);
    if (reasoning !== undefined) message.reasoning_content = reasoning;
    const calls = parseToolCalls(m.tool_calls);
    if (calls.length > 0) message.tool_calls = calls;
    return {
      index: finiteNumber(c.index) ?? i,
      message,
      finish_reason: isOneOf(c.finish_reason, FINISH_REASONS)
        ? c.finish_reason
        : null,
    };
  });
  const out: openai.ChatCompletion = {
    id: str(body.id) ?? "",
    object: "chat.completion",
    created: finiteNumber(body.created) ?? 0,
    model: str(body.model) ?? "",
    choices,
  };
  const usage = parseUsage(body.usage);
  if (usage) out.usage = usage;
  return out;
}

/** The `error` member of an OpenAI error body or stream chunk, if the value is one. */
export function parseError(
  value: unknown,
): { message: string; type?: string } | undefined {
  if (!isRecord(value)) return undefined;
  const err = value.error;
  if (typeof err === "string") return { message: err };
  if (!isRecord(err)) return undefined;
  const out: { message: string; type?: string } = {
    message: str(err.message) ?? "",
  };
  const type = str(err.type) ?? str(err.code);
  if (type !== undefined) out.type = type;
  return out;
}

/** A parsed chunk, or an error the upstream sent in the stream. */
export type ParsedChunk =
  | { kind: "chunk"; chunk: openai.ChatCompletionChunk }
  | { kind: "error"; error: { message: string; type?: string } }
  | { kind: "done" };

/** One stream event's `data`, or undefined when it is not JSON. */
export function parseChunk(data: string): ParsedChunk | undefined {
  if (data.trim() === "[DONE]") return { kind: "done" };
  const value = tryParseJson(data);
  if (!isRecord(value)) return undefined;
  const error = parseError(value);
  if (error) return { kind: "error", error };
  const choices = Array.isArray(value.choices)
    ? value.choices.filter(isRecord)
    : [];
  const chunk: openai.ChatCompletionChunk = {
    id: str(value.id) ?? "",
    object: "chat.completion.chunk",
    created: finiteNumber(value.created) ?? 0,
    model: str(value.model) ?? "",
    choices: choices.map((c, i): openai.ChunkChoice => {
      const d = isRecord(c.delta) ? c.delta : {};
      const delta: openai.ChunkDelta = {};
      const content = str(d.content);
      if (content !== undefined) delta.content = content;
      const refusal = str(d.refusal);
      if (refusal !== undefined) delta.refusal = refusal;
      const reasoning = reasoningOf(d);
      if (reasoning !== undefined) delta.reasoning_content = reasoning;
      if (Array.isArray(d.tool_calls)) {
        delta.tool_calls = d.tool_calls.filter(isRecord).map((t, k) => {
          const call: openai.ToolCallDelta = {
            index: finiteNumber(t.index) ?? k,
          };
          const id = str(t.id);
          if (id !== undefined && id !== "") call.id = id;
          if (isRecord(t.function)) {
            const fn: { name?: string; arguments?: string } = {};
            const name = str(t.function.name);
            if (name !== undefined) fn.name = name;
            const args = str(t.function.arguments);
            if (args !== undefined) fn.arguments = args;
            call.function = fn;
          }
          return call;
        });
      }
      return {
        index: finiteNumber(c.index) ?? i,
        delta,
        finish_reason: isOneOf(c.finish_reason, FINISH_REASONS)
          ? c.finish_reason
          : null,
      };
    }),
  };
  const usage = parseUsage(value.usage);
  if (usage) chunk.usage = usage;
  return { kind: "chunk", chunk };
}
