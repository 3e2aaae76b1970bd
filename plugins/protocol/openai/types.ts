/**
 * OpenAI Chat Completions wire types, hand-written from the API reference and covering what
 * Tresor reads or writes. Field names are the wire's own. Public: any plugin may import it
 * (`import type * as openai from "../protocol/openai/types.ts"`).
 *
 * Reference: https://platform.openai.com/docs/api-reference/chat
 *
 * @module
 */

/** `reasoning_effort` values. https://platform.openai.com/docs/api-reference/chat/create#chat-create-reasoning_effort */
export type ReasoningEffort =
  | "none"
  | "minimal"
  | "low"
  | "medium"
  | "high"
  | "xhigh";

/** Body of `POST /v1/chat/completions`. https://platform.openai.com/docs/api-reference/chat/create */
export interface ChatCompletionRequest {
  model: string;
  messages: ChatMessage[];
  max_tokens?: number | null;
  max_completion_tokens?: number | null;
  stop?: string | string[] | null;
  temperature?: number | null;
  top_p?: number | null;
  n?: number | null;
  stream?: boolean | null;
  stream_options?: StreamOptions | null;
  tools?: Tool[];
  tool_choice?: ToolChoice;
  parallel_tool_calls?: boolean;
  user?: string;
  reasoning_effort?: ReasoningEffort;
  /** Groups requests that share a prompt prefix, for OpenAI's prompt cache. */
  prompt_cache_key?: string;
  response_format?: ResponseFormat;
  logprobs?: boolean | null;
  top_logprobs?: number | null;
  modalities?: string[] | null;
  audio?: unknown;
  frequency_penalty?: number | null;
  presence_penalty?: number | null;
  seed?: number | null;
  logit_bias?: Record<string, number> | null;
}

/** A request's parameters: everything but its conversation. */
export type ChatParams = Omit<ChatCompletionRequest, "messages">;

/** `stream_options`. https://platform.openai.com/docs/api-reference/chat/create#chat-create-stream_options */
export interface StreamOptions {
  include_usage?: boolean;
}

/** A message of the conversation, discriminated by `role`. */
export type ChatMessage =
  | SystemMessage
  | DeveloperMessage
  | UserMessage
  | AssistantMessage
  | ToolMessage;

/** `role: "system"`. */
export interface SystemMessage {
  role: "system";
  content: string | TextPart[];
  name?: string;
}

/** `role: "developer"` (replaces system for reasoning models). */
export interface DeveloperMessage {
  role: "developer";
  content: string | TextPart[];
  name?: string;
}

/** `role: "user"`. */
export interface UserMessage {
  role: "user";
  content: string | ContentPart[];
  name?: string;
}

/** `role: "assistant"`, possibly with tool calls. */
export interface AssistantMessage {
  role: "assistant";
  content?: string | (TextPart | RefusalPart)[] | null;
  refusal?: string | null;
  tool_calls?: ToolCall[];
  name?: string;
  /** Not in OpenAI's API; DeepSeek, vLLM and others use it for reasoning text. */
  reasoning_content?: string | null;
}

/** `role: "tool"`: the result of one tool call. */
export interface ToolMessage {
  role: "tool";
  tool_call_id: string;
  content: string | TextPart[];
}

/** User content parts. https://platform.openai.com/docs/api-reference/chat/create#chat-create-messages */
export type ContentPart = TextPart | ImagePart | InputAudioPart | FilePart;

/** `{ type: "text" }`. */
export interface TextPart {
  type: "text";
  text: string;
}

/** `{ type: "refusal" }` (assistant content only). */
export interface RefusalPart {
  type: "refusal";
  refusal: string;
}

/** `{ type: "image_url" }`; `url` is an http(s) URL or a `data:` URI. */
export interface ImagePart {
  type: "image_url";
  image_url: { url: string; detail?: "auto" | "low" | "high" };
}

/** `{ type: "input_audio" }`. */
export interface InputAudioPart {
  type: "input_audio";
  input_audio: { data: string; format: string };
}

/** `{ type: "file" }`; `file_data` is a `data:` URI. */
export interface FilePart {
  type: "file";
  file: { file_data?: string; file_id?: string; filename?: string };
}

/** A function tool call made by the assistant; `arguments` is a JSON string. */
export interface ToolCall {
  id: string;
  type: "function";
  function: { name: string; arguments: string };
}

/** A function tool the model may call. */
export interface Tool {
  type: "function";
  function: FunctionDefinition;
}

/** The function a {@link Tool} describes; `parameters` is a JSON Schema. */
export interface FunctionDefinition {
  name: string;
  description?: string;
  parameters?: Record<string, unknown>;
  strict?: boolean | null;
}

/** `tool_choice`. https://platform.openai.com/docs/api-reference/chat/create#chat-create-tool_choice */
export type ToolChoice =
  | "none"
  | "auto"
  | "required"
  | { type: "function"; function: { name: string } };

/** `response_format`. https://platform.openai.com/docs/api-reference/chat/create#chat-create-response_format */
export type ResponseFormat =
  | { type: "text" }
  | { type: "json_object" }
  | { type: "json_schema"; json_schema: JsonSchemaFormat };

/** The `json_schema` member of {@link ResponseFormat}. */
export interface JsonSchemaFormat {
  name: string;
  description?: string;
  schema?: Record<string, unknown>;
  strict?: boolean | null;
}

/** Why a choice stopped. */
export type FinishReason =
  | "stop"
  | "length"
  | "tool_calls"
  | "content_filter"
  | "function_call";

/** Token usage. https://platform.openai.com/docs/api-reference/chat/object#chat/object-usage */
export interface Usage {
  prompt_tokens: number;
  completion_tokens: number;
  total_tokens: number;
  prompt_tokens_details?: { cached_tokens?: number };
  completion_tokens_details?: { reasoning_tokens?: number };
}

/** Non-streamed response. https://platform.openai.com/docs/api-reference/chat/object */
export interface ChatCompletion {
  id: string;
  object: "chat.completion";
  created: number;
  model: string;
  choices: Choice[];
  usage?: Usage;
}

/** One choice of a {@link ChatCompletion}. */
export interface Choice {
  index: number;
  message: ResponseMessage;
  finish_reason: FinishReason | null;
  logprobs?: null;
}

/** The assistant message of a {@link Choice}. */
export interface ResponseMessage {
  role: "assistant";
  content: string | null;
  refusal?: string | null;
  tool_calls?: ToolCall[];
  /** Not in OpenAI's API; reasoning text from DeepSeek-style providers. */
  reasoning_content?: string;
}

/** One streamed chunk. https://platform.openai.com/docs/api-reference/chat-streaming/streaming */
export interface ChatCompletionChunk {
  id: string;
  object: "chat.completion.chunk";
  created: number;
  model: string;
  choices: ChunkChoice[];
  /** Only on the last chunk when `stream_options.include_usage` is set (then `choices` is empty). */
  usage?: Usage | null;
}

/** One choice of a {@link ChatCompletionChunk}. */
export interface ChunkChoice {
  index: number;
  delta: ChunkDelta;
  finish_reason: FinishReason | null;
}

/** The incremental part of a streamed message. */
export interface ChunkDelta {
  role?: "assistant";
  content?: string | null;
  refusal?: string | null;
  tool_calls?: ToolCallDelta[];
  /** Not in OpenAI's API; reasoning text from DeepSeek-style providers. */
  reasoning_content?: string | null;
}

/** A tool call fragment; `id` and `function.name` come with the first fragment of a call. */
export interface ToolCallDelta {
  index: number;
  id?: string;
  type?: "function";
  function?: { name?: string; arguments?: string };
}

/** Error body. https://platform.openai.com/docs/guides/error-codes */
export interface ErrorResponse {
  error: {
    message: string;
    type: string;
    code: string | null;
    param?: string | null;
  };
}
