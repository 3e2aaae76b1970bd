/**
 * The Responses API request's parameters as Chat Completions parameters (everything but the
 * messages): `max_output_tokens` → `max_tokens`, `temperature`, `top_p`, the client's tools as
 * the upstream functions {@link ToolNames} made of them, `tool_choice` (naming the upstream
 * function; one naming a tool the request does not offer is a 400) and `parallel_tool_calls`
 * (both dropped with a warning when there is no tool, which Chat Completions refuses),
 * `text.format` → `response_format`, `reasoning.effort` →
 * `reasoning_effort`, `user` (at most 64 characters: a longer one is cut and suffixed with
 * a hash), `prompt_cache_key`, `stream` (with usage in the stream).
 * `responses2chat` sends them; `responses2anthropic` hands them to the Chat→Messages parameter
 * mapping `toAnthropicParams` that `openai2anthropic` uses too (thinking budget, forced schema
 * tool, temperature clamping), so both adjust parameters the same way. `metadata` is only
 * echoed in the response.
 *
 * @module
 */
import type * as openai from "../protocol/openai/types.ts";
import type * as responses from "../protocol/responses/types.ts";
import type { ToolNames } from "./tool_names.ts";
import { shortenWithHash } from "../convert_shared/short_hash.ts";
import { fail } from "../protocol/json_reader.ts";
import type { WarningSink } from "../warnings.ts";

/** Longest `user` OpenAI accepts. */
export const MAX_USER_LENGTH = 64;

/** Options of {@link toChatParams}. */
export interface ToChatParamsOptions {
  /** The client's tools as upstream functions. */
  readonly tools: ToolNames;
  readonly warnings?: WarningSink;
}

/**
 * Chat Completions parameters (everything but the messages) for a Responses API request.
 * Throws `PluginError` for a `tool_choice` naming a tool the request does not offer.
 */
export function toChatParams(
  req: responses.CreateRequest,
  opts: ToChatParamsOptions,
): openai.ChatParams {
  const names = opts.tools;
  const out: openai.ChatParams = { model: req.model };
  if (req.max_output_tokens !== undefined && req.max_output_tokens !== null) {
    out.max_tokens = req.max_output_tokens;
  }
  if (req.temperature !== undefined && req.temperature !== null) {
    out.temperature = req.temperature;
  }
  if (req.top_p !== undefined && req.top_p !== null) out.top_p = req.top_p;
  if (names.functions.length > 0) {
    out.tools = names.functions.map((t): openai.Tool => {
      const fn: openai.FunctionDefinition = { name: t.name };
      if (t.description !== undefined) fn.description = t.description;
      fn.parameters = t.parameters;
      if (t.strict !== undefined) fn.strict = t.strict;
      return { type: "function", function: fn };
    });
  }
  applyToolChoice(req, out, opts);
  const format = req.text?.format;
  if (format?.type === "json_schema") {
    const schema: openai.JsonSchemaFormat = {
      name: format.name,
      schema: format.schema,
    };
    if (format.description !== undefined) {
      schema.description = format.description;
    }
    if (format.strict !== undefined) schema.strict = format.strict;
    out.response_format = { type: "json_schema", json_schema: schema };
  } else if (format?.type === "json_object") {
    out.response_format = { type: "json_object" };
  }
  const effort = req.reasoning?.effort;
  if (effort !== undefined && effort !== null) out.reasoning_effort = effort;
  if (req.user !== undefined && req.user !== null) {
    // OpenAI rejects a `user` longer than 64 characters; a hash keeps long ones distinct.
    out.user = shortenWithHash(req.user, MAX_USER_LENGTH);
  }
  if (req.prompt_cache_key !== undefined && req.prompt_cache_key !== null) {
    out.prompt_cache_key = req.prompt_cache_key;
  }
  if (req.stream === true) {
    out.stream = true;
    out.stream_options = { include_usage: true };
  }
  return out;
}

/**
 * `tool_choice` naming the upstream function, and `parallel_tool_calls`; both dropped with a
 * warning when no tool is offered (Chat Completions refuses them without tools).
 */
function applyToolChoice(
  req: responses.CreateRequest,
  out: openai.ChatParams,
  opts: ToChatParamsOptions,
): void {
  const names = opts.tools;
  const choice = req.tool_choice;
  const parallel = req.parallel_tool_calls;
  if (names.functions.length === 0) {
    if (choice !== undefined) {
      opts.warnings?.debug("Dropped tool_choice without tools");
    }
    if (parallel !== undefined && parallel !== null) {
      opts.warnings?.debug("Dropped parallel_tool_calls without tools");
    }
    return;
  }
  if (typeof choice === "string") out.tool_choice = choice;
  else if (choice !== undefined) {
    const name = names.upstreamName({
      kind: choice.type,
      name: choice.name,
      namespace: choice.namespace,
    });
    if (!names.functions.some((f) => f.name === name)) {
      fail("tool_choice.name", `"${choice.name}" is not a tool of the request`);
    }
    out.tool_choice = { type: "function", function: { name } };
  }
  if (parallel !== undefined && parallel !== null) {
    out.parallel_tool_calls = parallel;
  }
}
