/**
 * The shapes of the converter contract's format kits (`tests/_helpers/converter_contract.ts`):
 * a client kit per format a client speaks (the contract's requests, and readers that bring an
 * answer to the same few facts), an upstream kit per format a converter sends upstream (canned
 * answers and streams, and readers of the forwarded request), and the JSON helpers they share.
 */
import type { SseEvent } from "../../../plugins/sse.ts";
import type { JsonObject } from "../../../plugins/types.ts";

/** Token usage as the contract states it: input (cache included) and output. */
export interface ContractUsage {
  input: number;
  output: number;
}

/** One upstream format: what it answers, and how to read what it was sent. */
export interface UpstreamKit {
  text(text: string, usage?: ContractUsage): unknown;
  toolCall(name: string, args: JsonObject, usage?: ContractUsage): unknown;
  /** A text answer cut at the max tokens. */
  truncated(text: string): unknown;
  /** An answer that reasons (`thought`) before its text. */
  reasoning(thought: string, text: string): unknown;
  error: unknown;
  textStream(pieces: readonly string[], usage?: ContractUsage): Uint8Array;
  /** A tool call whose arguments arrive in `fragments`. */
  toolStream(
    name: string,
    fragments: readonly string[],
    usage?: ContractUsage,
  ): Uint8Array;
  /** A text stream cut at the max tokens. */
  truncatedStream(text: string): Uint8Array;
  /** A stream that reasons (`thoughts`) before its text. */
  reasoningStream(thoughts: readonly string[], text: string): Uint8Array;
  /** A stream that stops mid-way, without its terminal event. */
  cutStream(text: string): Uint8Array;
  /** A stream whose upstream fails mid-way with an error event. */
  errorStream(text: string): Uint8Array;
  /** Every text of the forwarded request's conversation (system included). */
  texts(body: JsonObject): string[];
  toolNames(body: JsonObject): string[];
  /** Images as data URIs or URLs. */
  images(body: JsonObject): string[];
  /** `[name, arguments]` of the tool calls in the history. */
  historyCalls(body: JsonObject): [string, unknown][];
  /** The text of each tool result in the history. */
  toolResults(body: JsonObject): string[];
}

/** How an answer ended, as every format can say it. */
export type Finish = "stop" | "length" | "tool";

/** What the contract reads of a client's answer. */
export interface AnswerFacts {
  text: string;
  reasoning: string;
  /** `[name, arguments]` per tool call. */
  toolCalls: [string, unknown][];
  usage: ContractUsage | undefined;
  finish: Finish | undefined;
  /** Whether the answer is (or, streamed, carries) an error in the client's shape. */
  error: boolean;
}

/** One client format: the contract's requests and its answer readers. */
export interface ClientKit {
  path: string;
  /** A one-message conversation. */
  textRequest(text: string, stream: boolean): JsonObject;
  /** A conversation offering `get_weather({city})`. */
  toolRequest(stream: boolean): JsonObject;
  /** A user message holding an image (a data URI). */
  imageRequest(dataUri: string): JsonObject;
  /** A history where `get_weather({city: "Paris"})` was called and answered "sunny". */
  historyRequest(): JsonObject;
  /** The same history, answered with "sunny" and an image; absent: the format has no way. */
  toolImageRequest?(dataUri: string): JsonObject;
  /** Input the client format allows and no target can take, and the parameter named. */
  unsupported: { body: JsonObject; param: string };
  answer(body: unknown): AnswerFacts;
  streamed(events: readonly SseEvent[]): AnswerFacts;
  /** Whether the stream ends with the format's terminal event. */
  terminated(events: readonly SseEvent[]): boolean;
}

/** The tool every contract request offers. */
export const WEATHER_TOOL = "get_weather";

/** Facts of an answer nothing was read of yet. */
export function emptyFacts(): AnswerFacts {
  return {
    text: "",
    reasoning: "",
    toolCalls: [],
    usage: undefined,
    finish: undefined,
    error: false,
  };
}

/** The value as an object (empty when it is not one). */
export function obj(value: unknown): JsonObject {
  return typeof value === "object" && value !== null && !Array.isArray(value)
    ? value as JsonObject
    : {};
}

/** The value's elements as objects (none when it is not an array). */
export function list(value: unknown): JsonObject[] {
  return Array.isArray(value) ? value.map(obj) : [];
}

/** The value when it is a number, else 0. */
export function num(value: unknown): number {
  return typeof value === "number" ? value : 0;
}

/** The JSON data of each event that carries an object. */
export function json(events: readonly SseEvent[]): JsonObject[] {
  return events.filter((e) => e.data.startsWith("{")).map((e) =>
    JSON.parse(e.data)
  );
}

/** Each element of the value that is an object (none when it is not an array). */
export function records(value: unknown): JsonObject[] {
  return Array.isArray(value)
    ? value.filter((v): v is JsonObject =>
      typeof v === "object" && v !== null && !Array.isArray(v)
    )
    : [];
}

/** The texts of a message's content: a string, or its blocks' `text`. */
export function textsOfContent(content: unknown): string[] {
  if (typeof content === "string") return [content];
  return records(content).flatMap((b) =>
    typeof b.text === "string" ? [b.text] : []
  );
}

const ENCODER = new TextEncoder();

/** Events as SSE bytes (`data` objects as JSON). */
export function sse(
  events: readonly { event?: string; data: unknown }[],
): Uint8Array {
  return ENCODER.encode(
    events.map((e) =>
      `${e.event ? `event: ${e.event}\n` : ""}data: ${
        typeof e.data === "string" ? e.data : JSON.stringify(e.data)
      }\n\n`
    ).join(""),
  );
}
