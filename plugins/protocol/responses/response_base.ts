/**
 * What every Responses converter shares about the response object: fresh ids, the in-progress
 * response a request starts ({@link toResponseBase}), how a response ends ({@link Finish}),
 * and usage with its details filled as the real API fills them.
 *
 * @module
 */
import type * as responses from "./types.ts";

/** A fresh id with a prefix (`resp`, `msg`, `fc`, `rs`, …): 32 hex digits after the underscore. */
export function newId(prefix: string): string {
  return `${prefix}_${crypto.randomUUID().replaceAll("-", "")}`;
}

/** How a response ends. */
export interface Finish {
  status: "completed" | "incomplete";
  reason?: responses.IncompleteReason;
  usage?: responses.Usage;
}

/**
 * Responses usage from input/output counts and optional details: the details are always
 * present, 0 when the upstream did not report them (the real API always sends them, and
 * clients such as Codex read them unconditionally).
 */
export function toUsage(
  input: number,
  output: number,
  details: { total?: number; cached?: number; reasoning?: number } = {},
): responses.Usage {
  return {
    input_tokens: input,
    output_tokens: output,
    total_tokens: details.total ?? input + output,
    input_tokens_details: { cached_tokens: details.cached ?? 0 },
    output_tokens_details: { reasoning_tokens: details.reasoning ?? 0 },
  };
}

/** The in-progress response for a request: echoed request fields, no output yet. */
export function toResponseBase(
  req: responses.CreateRequest,
  opts: { id: string; createdAt: number },
): responses.Response {
  return {
    id: opts.id,
    object: "response",
    created_at: opts.createdAt,
    status: "in_progress",
    error: null,
    incomplete_details: null,
    instructions: req.instructions ?? null,
    max_output_tokens: req.max_output_tokens ?? null,
    model: req.model,
    output: [],
    parallel_tool_calls: req.parallel_tool_calls ?? true,
    previous_response_id: req.previous_response_id ?? null,
    reasoning: {
      effort: req.reasoning?.effort ?? null,
      summary: req.reasoning?.summary ?? null,
    },
    store: req.store ?? true,
    temperature: req.temperature ?? null,
    text: { format: req.text?.format ?? { type: "text" } },
    tool_choice: req.tool_choice ?? "auto",
    tools: req.tools ?? [],
    top_p: req.top_p ?? null,
    truncation: "disabled",
    usage: null,
    user: req.user ?? null,
    metadata: req.metadata ?? {},
  };
}
