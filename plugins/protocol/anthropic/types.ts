/**
 * Anthropic Messages wire types, hand-written from the API reference and covering what Tresor
 * reads or writes. Field names are the wire's own. Public: any plugin may import it
 * (`import type * as anthropic from "../protocol/anthropic/types.ts"`).
 *
 * Reference: https://docs.anthropic.com/en/api/messages
 *
 * @module
 */

/** Body of `POST /v1/messages`. https://docs.anthropic.com/en/api/messages */
export interface MessagesRequest {
  model: string;
  max_tokens: number;
  messages: InputMessage[];
  system?: string | TextBlock[];
  stop_sequences?: string[];
  stream?: boolean;
  temperature?: number;
  top_p?: number;
  top_k?: number;
  metadata?: { user_id?: string | null };
  tools?: Tool[];
  tool_choice?: ToolChoice;
  thinking?: ThinkingConfig;
  /** Effort and structured output. https://docs.anthropic.com/en/docs/build-with-claude/effort */
  output_config?: OutputConfig;
}

/** `output_config`: how hard the model works, and an optional JSON schema for the answer. */
export interface OutputConfig {
  effort?: Effort;
  format?: { type: "json_schema"; schema: Record<string, unknown> };
}

/** `output_config.effort`. */
export type Effort = "low" | "medium" | "high" | "max";

/** Body of `POST /v1/messages/count_tokens`. https://docs.anthropic.com/en/api/messages-count-tokens */
export interface CountTokensRequest {
  model: string;
  messages: InputMessage[];
  system?: string | TextBlock[];
  tools?: Tool[];
}

/** Answer of `POST /v1/messages/count_tokens`. */
export interface CountTokensResponse {
  input_tokens: number;
}

/**
 * `thinking`. `display` says whether thinking text is returned (`summarized`) or only its
 * signature (`omitted`). https://docs.anthropic.com/en/docs/build-with-claude/extended-thinking
 */
export type ThinkingConfig =
  | { type: "enabled"; budget_tokens: number; display?: ThinkingDisplay }
  | { type: "adaptive"; display?: ThinkingDisplay }
  | { type: "disabled" };

/** `thinking.display`. */
export type ThinkingDisplay = "summarized" | "omitted";

/** One turn of the conversation. */
export interface Message {
  role: "user" | "assistant";
  content: string | ContentBlock[];
}

/**
 * A system message inside `messages` (after the first turn): instructions that arrive
 * mid-conversation, as Claude Code sends them.
 */
export interface SystemMessage {
  role: "system";
  content: string | TextBlock[];
}

/** What a request's `messages` may hold. */
export type InputMessage = Message | SystemMessage;

/** Request content blocks Tresor understands. */
export type ContentBlock =
  | TextBlock
  | ImageBlock
  | DocumentBlock
  | ToolUseBlock
  | ToolResultBlock
  | ThinkingBlock
  | RedactedThinkingBlock
  | ServerToolBlock;

/**
 * Assistant content that a server tool made (`server_tool_use`, `web_search_tool_result`,
 * `mcp_tool_use`, …): only the Anthropic API that ran the tool can read it.
 * https://docs.anthropic.com/en/docs/agents-and-tools/tool-use/server-tools
 */
export interface ServerToolBlock {
  type: ServerBlockType;
}

/** Block types of {@link ServerToolBlock}. */
export type ServerBlockType =
  | "server_tool_use"
  | "web_search_tool_result"
  | "web_fetch_tool_result"
  | "code_execution_tool_result"
  | "bash_code_execution_tool_result"
  | "text_editor_code_execution_tool_result"
  | "tool_search_tool_result"
  | "mcp_tool_use"
  | "mcp_tool_result"
  | "container_upload";

/** Prompt-caching marker. https://docs.anthropic.com/en/docs/build-with-claude/prompt-caching */
export interface CacheControl {
  type: "ephemeral";
  ttl?: string;
}

/** `{ type: "text" }`. */
export interface TextBlock {
  type: "text";
  text: string;
  cache_control?: CacheControl;
}

/** `{ type: "image" }`. https://docs.anthropic.com/en/docs/build-with-claude/vision */
export interface ImageBlock {
  type: "image";
  source: ImageSource;
  cache_control?: CacheControl;
}

/** Where an image's bytes come from. */
export type ImageSource =
  | { type: "base64"; media_type: string; data: string }
  | { type: "url"; url: string };

/** `{ type: "document" }` (PDF or plain text). https://docs.anthropic.com/en/docs/build-with-claude/pdf-support */
export interface DocumentBlock {
  type: "document";
  source:
    | { type: "base64"; media_type: string; data: string }
    | { type: "text"; media_type: string; data: string }
    | { type: "url"; url: string };
  title?: string;
  cache_control?: CacheControl;
}

/** `{ type: "tool_use" }`: a tool call made by the assistant. */
export interface ToolUseBlock {
  type: "tool_use";
  id: string;
  name: string;
  input: Record<string, unknown>;
  cache_control?: CacheControl;
}

/** `{ type: "tool_result" }`: the answer to a `tool_use`, sent in the next user turn. */
export interface ToolResultBlock {
  type: "tool_result";
  tool_use_id: string;
  content?: string | (TextBlock | ImageBlock | DocumentBlock)[];
  is_error?: boolean;
  cache_control?: CacheControl;
}

/** `{ type: "thinking" }`; `signature` proves it came from Anthropic. */
export interface ThinkingBlock {
  type: "thinking";
  thinking: string;
  signature: string;
}

/** `{ type: "redacted_thinking" }`. */
export interface RedactedThinkingBlock {
  type: "redacted_thinking";
  data: string;
}

/** A client tool. https://docs.anthropic.com/en/docs/agents-and-tools/tool-use/overview */
export interface Tool {
  /** Absent or `"custom"` for client tools; server tools carry a versioned type. */
  type?: string;
  name: string;
  description?: string;
  input_schema: Record<string, unknown>;
  cache_control?: CacheControl;
}

/** `tool_choice`. */
export type ToolChoice =
  | { type: "auto"; disable_parallel_tool_use?: boolean }
  | { type: "any"; disable_parallel_tool_use?: boolean }
  | { type: "tool"; name: string; disable_parallel_tool_use?: boolean }
  | { type: "none" };

/** Why the model stopped. https://docs.anthropic.com/en/api/handling-stop-reasons */
export type StopReason =
  | "end_turn"
  | "max_tokens"
  | "stop_sequence"
  | "tool_use"
  | "pause_turn"
  | "refusal"
  | "model_context_window_exceeded";

/** Token usage; uncached `input_tokens` exclude cache reads and writes. */
export interface Usage {
  input_tokens: number;
  output_tokens: number;
  cache_creation_input_tokens?: number | null;
  cache_read_input_tokens?: number | null;
}

/** Response content blocks. */
export type ResponseBlock =
  | TextBlock
  | ToolUseBlock
  | ThinkingBlock
  | RedactedThinkingBlock;

/** Non-streamed response. https://docs.anthropic.com/en/api/messages#response */
export interface MessagesResponse {
  id: string;
  type: "message";
  role: "assistant";
  model: string;
  content: ResponseBlock[];
  stop_reason: StopReason | null;
  stop_sequence: string | null;
  usage?: Usage;
}

/** `usage` of `message_delta`: cumulative; `input_tokens` and cache fields are optional there. */
export interface DeltaUsage {
  output_tokens: number;
  input_tokens?: number | null;
  cache_creation_input_tokens?: number | null;
  cache_read_input_tokens?: number | null;
}

/**
 * Streamed events, discriminated by `type` (equal to the SSE `event:` name).
 * https://docs.anthropic.com/en/docs/build-with-claude/streaming
 */
export type StreamEvent =
  | MessageStartEvent
  | ContentBlockStartEvent
  | ContentBlockDeltaEvent
  | ContentBlockStopEvent
  | MessageDeltaEvent
  | MessageStopEvent
  | PingEvent
  | ErrorEvent;

/** First event: the message with empty content. */
export interface MessageStartEvent {
  type: "message_start";
  message: MessagesResponse;
}

/** Opens block `index`; text and thinking start empty, tool_use with `input: {}`. */
export interface ContentBlockStartEvent {
  type: "content_block_start";
  index: number;
  content_block: ResponseBlock;
}

/** Incremental content of block `index`. */
export interface ContentBlockDeltaEvent {
  type: "content_block_delta";
  index: number;
  delta: BlockDelta;
}

/** Deltas, discriminated by `type`. */
export type BlockDelta =
  | { type: "text_delta"; text: string }
  | { type: "input_json_delta"; partial_json: string }
  | { type: "thinking_delta"; thinking: string }
  | { type: "signature_delta"; signature: string };

/** Closes block `index`. */
export interface ContentBlockStopEvent {
  type: "content_block_stop";
  index: number;
}

/** Top-level changes: the stop reason and cumulative usage. */
export interface MessageDeltaEvent {
  type: "message_delta";
  delta: { stop_reason: StopReason | null; stop_sequence: string | null };
  usage?: DeltaUsage;
}

/** Last event of a successful stream. */
export interface MessageStopEvent {
  type: "message_stop";
}

/** Keep-alive. */
export interface PingEvent {
  type: "ping";
}

/** An error after the stream began; it ends the stream. */
export interface ErrorEvent {
  type: "error";
  error: { type: ErrorType; message: string };
}

/** Error types. https://docs.anthropic.com/en/api/errors */
export type ErrorType =
  | "invalid_request_error"
  | "authentication_error"
  | "billing_error"
  | "permission_error"
  | "not_found_error"
  | "request_too_large"
  | "rate_limit_error"
  | "api_error"
  | "timeout_error"
  | "overloaded_error";

/** Error body. https://docs.anthropic.com/en/api/errors */
export interface ErrorResponse {
  type: "error";
  error: { type: ErrorType; message: string };
}
