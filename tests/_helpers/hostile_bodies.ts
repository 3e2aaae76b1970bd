/**
 * The gateway routes the fuzz test reaches, and a well-formed request of each family — OpenAI
 * Chat Completions, legacy completions and embeddings; Anthropic Messages and count_tokens;
 * OpenAI Responses — with every field of its format, for tests/_helpers/hostile_requests.ts to
 * break.
 *
 * @module
 */

/** The client format a path implies (what its errors must look like). */
export type ClientFormat = "openai" | "anthropic" | "responses";

/** A gateway route: its path, the client format it speaks, its method. */
export interface Route {
  readonly path: string;
  readonly format: ClientFormat;
  readonly method: string;
}

/** Every route a generated request may target. */
export const ROUTES: readonly Route[] = [
  { path: "/v1/chat/completions", format: "openai", method: "POST" },
  { path: "/chat/completions", format: "openai", method: "POST" },
  { path: "/v1/completions", format: "openai", method: "POST" },
  { path: "/v1/embeddings", format: "openai", method: "POST" },
  { path: "/v1/models", format: "openai", method: "GET" },
  { path: "/v1/messages", format: "anthropic", method: "POST" },
  { path: "/messages", format: "anthropic", method: "POST" },
  { path: "/v1/messages/count_tokens", format: "anthropic", method: "POST" },
  { path: "/v1/responses", format: "responses", method: "POST" },
];

/** The one tool every family's request defines (in its own format), a fresh copy each call. */
function weatherTool() {
  return {
    name: "get_weather",
    description: "Weather for a city",
    parameters: {
      type: "object",
      properties: { city: { type: "string" } },
      required: ["city"],
    },
  };
}

/** An Anthropic Messages request (count_tokens takes no `stream`). */
function anthropicBody(path: string, model: string): Record<string, unknown> {
  const tool = weatherTool();
  return {
    model,
    max_tokens: 64,
    system: [{ type: "text", text: "Be brief." }],
    messages: [
      { role: "user", content: "What is the weather in Paris?" },
      {
        role: "assistant",
        content: [
          { type: "text", text: "Checking." },
          {
            type: "tool_use",
            id: "toolu_1",
            name: "get_weather",
            input: { city: "Paris" },
          },
        ],
      },
      {
        role: "user",
        content: [
          { type: "tool_result", tool_use_id: "toolu_1", content: "Sunny" },
          {
            type: "image",
            source: {
              type: "base64",
              media_type: "image/png",
              data: "iVBORw0KGgo=",
            },
          },
        ],
      },
    ],
    tools: [{
      name: tool.name,
      description: tool.description,
      input_schema: tool.parameters,
    }],
    tool_choice: { type: "auto" },
    stop_sequences: ["END"],
    temperature: 0.5,
    top_p: 0.9,
    top_k: 40,
    metadata: { user_id: "u1" },
    thinking: { type: "enabled", budget_tokens: 1024 },
    ...(path.endsWith("count_tokens") ? {} : { stream: false }),
  };
}

/** An OpenAI Responses request. */
function responsesBody(model: string): Record<string, unknown> {
  const tool = weatherTool();
  return {
    model,
    instructions: "Be brief.",
    input: [
      { role: "user", content: [{ type: "input_text", text: "Weather?" }] },
      {
        type: "function_call",
        call_id: "call_1",
        name: "get_weather",
        arguments: '{"city":"Paris"}',
      },
      { type: "function_call_output", call_id: "call_1", output: "Sunny" },
    ],
    tools: [{ type: "function", ...tool }],
    tool_choice: "auto",
    max_output_tokens: 64,
    temperature: 0.5,
    text: { format: { type: "text" } },
    reasoning: { effort: "low" },
    store: false,
    stream: false,
  };
}

/** An OpenAI request: embeddings, legacy completions, or Chat Completions. */
function openaiBody(path: string, model: string): Record<string, unknown> {
  const tool = weatherTool();
  if (path.endsWith("/embeddings")) return { model, input: ["a", "b"] };
  if (path.endsWith("/completions") && !path.includes("chat")) {
    return { model, prompt: "Once", max_tokens: 8 };
  }
  return {
    model,
    messages: [
      { role: "system", content: "Be brief." },
      { role: "user", content: [{ type: "text", text: "Weather in Paris?" }] },
      {
        role: "assistant",
        content: null,
        tool_calls: [{
          id: "call_1",
          type: "function",
          function: { name: "get_weather", arguments: '{"city":"Paris"}' },
        }],
      },
      { role: "tool", tool_call_id: "call_1", content: "Sunny" },
    ],
    tools: [{ type: "function", function: tool }],
    tool_choice: "auto",
    max_tokens: 64,
    max_completion_tokens: 64,
    temperature: 0.5,
    top_p: 0.9,
    stop: ["END"],
    n: 1,
    stream: false,
    stream_options: { include_usage: true },
    response_format: { type: "text" },
    reasoning_effort: "low",
    user: "u1",
  };
}

/** A well-formed request body with every field of the format, for `model`. */
export function baseBody(
  format: ClientFormat,
  path: string,
  model: string,
): Record<string, unknown> {
  if (format === "anthropic") return anthropicBody(path, model);
  if (format === "responses") return responsesBody(model);
  return openaiBody(path, model);
}
