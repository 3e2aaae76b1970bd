/**
 * Lenient parsers for what an Anthropic upstream sends back: a message, a stream event, an
 * error body. Unknown block and event types are kept out (`undefined`) rather than rejected,
 * since providers add new ones; a body that is not a message at all throws an internal
 * {@link PluginError}.
 *
 * @module
 */
import type * as anthropic from "./types.ts";
import { PluginError } from "../../errors.ts";
import { isOneOf, isRecord, type JsonRecord } from "../json_reader.ts";
import { finiteNumber, tryParseJson } from "../lenient_json.ts";

const STOP_REASONS = [
  "end_turn",
  "max_tokens",
  "stop_sequence",
  "tool_use",
  "pause_turn",
  "refusal",
  "model_context_window_exceeded",
] as const satisfies readonly anthropic.StopReason[];

const ERROR_TYPES = [
  "invalid_request_error",
  "authentication_error",
  "billing_error",
  "permission_error",
  "not_found_error",
  "request_too_large",
  "rate_limit_error",
  "api_error",
  "timeout_error",
  "overloaded_error",
] as const satisfies readonly anthropic.ErrorType[];

function bad(what: string): never {
  throw new PluginError(`Cannot translate the upstream response: ${what}`, {
    kind: "internal",
  });
}

function str(v: unknown): string {
  return typeof v === "string" ? v : "";
}

/** Usage as reported, or undefined when absent. Missing counters stay absent. */
export function parseUsage(value: unknown): anthropic.DeltaUsage | undefined {
  if (!isRecord(value)) return undefined;
  const out: anthropic.DeltaUsage = {
    output_tokens: finiteNumber(value.output_tokens) ?? 0,
  };
  const input = finiteNumber(value.input_tokens);
  if (input !== undefined) out.input_tokens = input;
  const write = finiteNumber(value.cache_creation_input_tokens);
  if (write !== undefined) out.cache_creation_input_tokens = write;
  const read = finiteNumber(value.cache_read_input_tokens);
  if (read !== undefined) out.cache_read_input_tokens = read;
  if (finiteNumber(value.output_tokens) === undefined && input === undefined) {
    return undefined;
  }
  return out;
}

/** A response content block, or undefined for types Tresor does not translate. */
export function parseBlock(
  value: unknown,
): anthropic.ResponseBlock | undefined {
  if (!isRecord(value)) return undefined;
  switch (value.type) {
    case "text":
      return { type: "text", text: str(value.text) };
    case "tool_use":
      return {
        type: "tool_use",
        id: str(value.id),
        name: str(value.name),
        input: isRecord(value.input) ? value.input : {},
      };
    case "thinking":
      return {
        type: "thinking",
        thinking: str(value.thinking),
        signature: str(value.signature),
      };
    case "redacted_thinking":
      return { type: "redacted_thinking", data: str(value.data) };
    default:
      return undefined;
  }
}

/** A non-streamed message body. */
export function parseMessagesResponse(
  body: unknown,
): anthropic.MessagesResponse {
  if (!isRecord(body) || !Array.isArray(body.content)) {
    bad("expected an Anthropic message");
  }
  return parseMessageObject(body);
}

/** The stop reason and sequence of a message or `message_delta`; unknown reasons become null. */
function parseStop(value: JsonRecord): anthropic.MessageDeltaEvent["delta"] {
  return {
    stop_reason: isOneOf(value.stop_reason, STOP_REASONS)
      ? value.stop_reason
      : null,
    stop_sequence: typeof value.stop_sequence === "string"
      ? value.stop_sequence
      : null,
  };
}

function parseMessageObject(body: JsonRecord): anthropic.MessagesResponse {
  const content = Array.isArray(body.content)
    ? body.content.map(parseBlock).filter((b) => b !== undefined)
    : [];
  const msg: anthropic.MessagesResponse = {
    id: str(body.id),
    type: "message",
    role: "assistant",
    model: str(body.model),
    content,
    ...parseStop(body),
  };
  const usage = parseUsage(body.usage);
  if (usage) {
    msg.usage = { ...usage, input_tokens: usage.input_tokens ?? 0 };
  }
  return msg;
}

/** The `error` member of an Anthropic error body or event, if the value is one. */
export function parseError(
  value: unknown,
): anthropic.ErrorEvent["error"] | undefined {
  if (!isRecord(value) || !isRecord(value.error)) return undefined;
  return {
    type: isOneOf(value.error.type, ERROR_TYPES)
      ? value.error.type
      : "api_error",
    message: str(value.error.message),
  };
}

/** A content block delta, or undefined for types Tresor does not translate. */
function parseBlockDelta(value: unknown): anthropic.BlockDelta | undefined {
  const d = isRecord(value) ? value : {};
  switch (d.type) {
    case "text_delta":
      return { type: d.type, text: str(d.text) };
    case "input_json_delta":
      return { type: d.type, partial_json: str(d.partial_json) };
    case "thinking_delta":
      return { type: d.type, thinking: str(d.thinking) };
    case "signature_delta":
      return { type: d.type, signature: str(d.signature) };
    default:
      return undefined;
  }
}

/** One stream event's `data`, or undefined for unknown or malformed events. */
export function parseStreamEvent(
  data: string,
): anthropic.StreamEvent | undefined {
  const value = tryParseJson(data);
  if (!isRecord(value)) return undefined;
  const index = finiteNumber(value.index) ?? 0;
  switch (value.type) {
    case "message_start":
      return {
        type: "message_start",
        message: parseMessageObject(
          isRecord(value.message) ? value.message : {},
        ),
      };
    case "content_block_start": {
      const block = parseBlock(value.content_block);
      return block &&
        { type: "content_block_start", index, content_block: block };
    }
    case "content_block_delta": {
      const delta = parseBlockDelta(value.delta);
      return delta && { type: "content_block_delta", index, delta };
    }
    case "content_block_stop":
      return { type: "content_block_stop", index };
    case "message_delta": {
      const event: anthropic.MessageDeltaEvent = {
        type: "message_delta",
        delta: parseStop(isRecord(value.delta) ? value.delta : {}),
      };
      const usage = parseUsage(value.usage);
      if (usage) event.usage = usage;
      return event;
    }
    case "message_stop":
      return { type: "message_stop" };
    case "ping":
      return { type: "ping" };
    case "error":
      return {
        type: "error",
        error: parseError(value) ?? { type: "api_error", message: "" },
      };
    default:
      return undefined;
  }
}

const TEXT_DELTA_HEAD = '{"type":"content_block_delta","index":';
const TEXT_DELTA_BODY = ',"delta":{"type":"text_delta","text":';

/**
 * The `text` of a text delta event's `data` in exactly Anthropic's wire form, as its JSON string
 * literal; else undefined. Most events of a stream are these: a converter can put the literal
 * into its own event as it is, so the event is neither parsed into objects nor its text
 * serialised again. Anything else — other fields, other order, spaces — takes
 * {@link parseStreamEvent}.
 */
export function textDeltaLiteral(data: string): string | undefined {
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
