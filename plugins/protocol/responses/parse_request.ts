/**
 * Parses an `unknown` Responses API body into {@link responses.CreateRequest}, checking the
 * fields the converters read; tools through `parse_tools.ts`, input items through
 * `parse_items.ts`. Errors name the path, e.g. `tools[2].name`.
 *
 * Rejected with a 400 naming the parameter: `background`, `conversation`, `prompt`.
 * Dropped with a warning: the fields listed in {@link DROPPED_FIELDS} (output options,
 * OpenAI's service settings and Codex's client metadata, which no other provider takes).
 *
 * @module
 */
import type * as responses from "./types.ts";
import {
  fail,
  type JsonRecord,
  optBoolean,
  optNumber,
  optRecord,
  optString,
  readEnum,
  readRecord,
  readString,
} from "../json_reader.ts";
import { REASONING_EFFORTS } from "../openai/reasoning_efforts.ts";
import { parseInputItems } from "./parse_items.ts";
import type { WarningSink } from "../../warnings.ts";
import {
  parseToolChoice,
  parseTools,
  type ToolParseOptions,
} from "./parse_tools.ts";

/**
 * Request fields no translation target takes, dropped with a warning: `include` (encrypted
 * reasoning is always returned when there is any), `service_tier`, `truncation`,
 * `prompt_cache_retention`, `safety_identifier`, `max_tool_calls`, `top_logprobs`,
 * `stream_options`, `context_management`, `store`-side `client_metadata`, and the
 * WebSocket-only `generate`.
 */
export const DROPPED_FIELDS: readonly string[] = [
  "include",
  "service_tier",
  "truncation",
  "prompt_cache_retention",
  "safety_identifier",
  "max_tool_calls",
  "top_logprobs",
  "stream_options",
  "context_management",
  "client_metadata",
  "generate",
];

/** Validates a Responses API request body. */
export function parseCreateRequest(
  body: unknown,
  opts: ToolParseOptions,
): responses.CreateRequest {
  const obj = readRecord(body, "body");
  rejectUnsupported(obj);
  const dropped = DROPPED_FIELDS.filter((k) =>
    obj[k] !== undefined && obj[k] !== null
  );
  if (dropped.length > 0) {
    opts.warnings.debug("Dropped fields this downstream cannot take", {
      fields: dropped,
    });
  }
  const input = typeof obj.input === "string"
    ? obj.input
    : parseInputItems(obj.input ?? [], "input", opts);
  const req: responses.CreateRequest = {
    model: readString(obj.model, "model"),
    input,
  };
  for (
    const key of [
      "instructions",
      "previous_response_id",
      "user",
      "prompt_cache_key",
    ] as const
  ) {
    const v = optString(obj, key, "");
    if (v !== undefined) req[key] = v;
  }
  for (const key of ["store", "stream", "parallel_tool_calls"] as const) {
    const v = optBoolean(obj, key, "");
    if (v !== undefined) req[key] = v;
  }
  for (const key of ["max_output_tokens", "temperature", "top_p"] as const) {
    const v = optNumber(obj, key, "");
    if (v !== undefined) req[key] = v;
  }
  const metadata = optRecord(obj, "metadata", "");
  if (metadata) {
    req.metadata = Object.fromEntries(
      Object.entries(metadata).map((
        [k, v],
      ) => [k, readString(v, `metadata.${k}`)]),
    );
  }
  if (obj.tools !== undefined && obj.tools !== null) {
    req.tools = parseTools(obj.tools, "tools", opts);
  }
  if (obj.tool_choice !== undefined && obj.tool_choice !== null) {
    req.tool_choice = parseToolChoice(obj.tool_choice, opts.warnings);
  }
  const text = optRecord(obj, "text", "");
  if (text) {
    const format = optRecord(text, "format", "text.");
    req.text = format ? { format: parseTextFormat(format) } : {};
    if (text.verbosity !== undefined && text.verbosity !== null) {
      opts.warnings.debug("Dropped text.verbosity", {
        verbosity: text.verbosity,
      });
    }
  }
  const reasoning = optRecord(obj, "reasoning", "");
  if (reasoning) req.reasoning = parseReasoning(reasoning, opts.warnings);
  return req;
}

function parseReasoning(
  reasoning: JsonRecord,
  warnings: WarningSink,
): responses.ReasoningConfig {
  const out: responses.ReasoningConfig = {};
  if (reasoning.effort !== undefined && reasoning.effort !== null) {
    out.effort = readEnum(
      reasoning.effort,
      REASONING_EFFORTS,
      "reasoning.effort",
    );
  }
  const summary = optString(reasoning, "summary", "reasoning.");
  if (summary !== undefined) out.summary = summary;
  if (reasoning.context !== undefined && reasoning.context !== null) {
    // Every turn's reasoning this converter can send back is sent back anyway.
    warnings.debug("Dropped reasoning.context", { context: reasoning.context });
  }
  return out;
}

function rejectUnsupported(obj: JsonRecord): void {
  if (obj.background === true) {
    fail("background", "background responses cannot be translated");
  }
  for (const key of ["conversation", "prompt"]) {
    if (obj[key] !== undefined && obj[key] !== null) {
      fail(key, "server-side conversations and prompts cannot be translated");
    }
  }
}

function parseTextFormat(format: JsonRecord): responses.TextFormat {
  const type = readEnum(
    format.type,
    ["text", "json_object", "json_schema"],
    "text.format.type",
  );
  if (type !== "json_schema") return { type };
  const out: responses.JsonSchemaFormat = {
    type,
    name: readString(format.name, "text.format.name"),
    schema: readRecord(format.schema, "text.format.schema"),
  };
  const description = optString(format, "description", "text.format.");
  if (description !== undefined) out.description = description;
  const strict = optBoolean(format, "strict", "text.format.");
  if (strict !== undefined) out.strict = strict;
  return out;
}
