/**
 * OpenAI Responses API wire types, hand-written from the API reference and covering what Tresor
 * reads or writes. Field names are the wire's own. Public: any plugin may import it
 * (`import type * as responses from "../protocol/responses.ts"`).
 *
 * Reference: https://platform.openai.com/docs/api-reference/responses
 *
 * @module
 */
import type { ReasoningEffort } from "./openai.ts";

/** Body of `POST /v1/responses`. https://platform.openai.com/docs/api-reference/responses/create */
export interface CreateRequest {
  model: string;
  input: string | InputItem[];
  instructions?: string | null;
  previous_response_id?: string | null;
  store?: boolean | null;
  stream?: boolean | null;
  max_output_tokens?: number | null;
  temperature?: number | null;
  top_p?: number | null;
  tools?: FunctionTool[];
  tool_choice?: ToolChoice;
  parallel_tool_calls?: boolean | null;
  text?: TextConfig | null;
  reasoning?: ReasoningConfig | null;
  metadata?: Record<string, string> | null;
  user?: string | null;
}

/** `reasoning`. https://platform.openai.com/docs/api-reference/responses/create#responses-create-reasoning */
export interface ReasoningConfig {
  effort?: ReasoningEffort | null;
  summary?: string | null;
}

/** `text`: the output format. */
export interface TextConfig {
  format?: TextFormat;
}

/** `text.format`; unlike Chat Completions, the json_schema fields are flat. */
export type TextFormat =
  | { type: "text" }
  | { type: "json_object" }
  | JsonSchemaFormat;

/** `text.format` of type `json_schema`. */
export interface JsonSchemaFormat {
  type: "json_schema";
  name: string;
  schema: Record<string, unknown>;
  description?: string;
  strict?: boolean | null;
}

/** A flat function tool (the only tool type Tresor translates). */
export interface FunctionTool {
  type: "function";
  name: string;
  description?: string | null;
  parameters?: Record<string, unknown> | null;
  strict?: boolean | null;
}

/** `tool_choice`. */
export type ToolChoice =
  | "none"
  | "auto"
  | "required"
  | { type: "function"; name: string };

/** One item of `input`. */
export type InputItem =
  | MessageItem
  | FunctionCallItem
  | FunctionCallOutputItem
  | ReasoningItem;

/** A message item; `type` may be absent on input ("easy input message"). */
export interface MessageItem {
  type: "message";
  role: "user" | "assistant" | "system" | "developer";
  content: string | ContentPart[];
  id?: string;
  status?: ItemStatus;
}

/** Content parts of input and output messages. */
export type ContentPart =
  | InputTextPart
  | InputImagePart
  | InputFilePart
  | OutputTextPart
  | RefusalPart;

/** `{ type: "input_text" }`. */
export interface InputTextPart {
  type: "input_text";
  text: string;
}

/** `{ type: "input_image" }`; `image_url` is an http(s) URL or a `data:` URI. */
export interface InputImagePart {
  type: "input_image";
  image_url?: string | null;
  file_id?: string | null;
  detail?: "auto" | "low" | "high";
}

/** `{ type: "input_file" }`; `file_data` is a `data:` URI. */
export interface InputFilePart {
  type: "input_file";
  file_data?: string | null;
  file_id?: string | null;
  filename?: string | null;
}

/** `{ type: "output_text" }` (assistant content). */
export interface OutputTextPart {
  type: "output_text";
  text: string;
  annotations: unknown[];
}

/** `{ type: "refusal" }` (assistant content). */
export interface RefusalPart {
  type: "refusal";
  refusal: string;
}

/** Status of an output item. */
export type ItemStatus = "in_progress" | "completed" | "incomplete";

/** A function tool call made by the model; `arguments` is a JSON string. */
export interface FunctionCallItem {
  type: "function_call";
  call_id: string;
  name: string;
  arguments: string;
  id?: string;
  status?: ItemStatus;
}

/** The result of a function call, sent by the client on the next turn. */
export interface FunctionCallOutputItem {
  type: "function_call_output";
  call_id: string;
  output: string | (InputTextPart | InputImagePart | InputFilePart)[];
  id?: string;
  status?: ItemStatus;
}

/** Reasoning text; `encrypted_content` carries what the provider needs to verify it. */
export interface ReasoningItem {
  type: "reasoning";
  id?: string;
  summary: { type: "summary_text"; text: string }[];
  content?: { type: "reasoning_text"; text: string }[];
  encrypted_content?: string | null;
  status?: ItemStatus;
}

/** An output item of a {@link Response}. */
export type OutputItem = OutputMessage | FunctionCallItem | ReasoningItem;

/** An assistant message in `output`. */
export interface OutputMessage {
  type: "message";
  id: string;
  role: "assistant";
  status: ItemStatus;
  content: (OutputTextPart | RefusalPart)[];
}

/** Status of a response. */
export type ResponseStatus =
  | "in_progress"
  | "completed"
  | "incomplete"
  | "failed";

/** Why a response is incomplete. */
export type IncompleteReason = "max_output_tokens" | "content_filter";

/** Token usage; details only when the upstream reported them. */
export interface Usage {
  input_tokens: number;
  output_tokens: number;
  total_tokens: number;
  input_tokens_details?: { cached_tokens: number };
  output_tokens_details?: { reasoning_tokens: number };
}

/** The response object. https://platform.openai.com/docs/api-reference/responses/object */
export interface Response {
  id: string;
  object: "response";
  created_at: number;
  status: ResponseStatus;
  error: { code: string; message: string } | null;
  incomplete_details: { reason: IncompleteReason } | null;
  instructions: string | null;
  max_output_tokens: number | null;
  model: string;
  output: OutputItem[];
  parallel_tool_calls: boolean;
  previous_response_id: string | null;
  reasoning: { effort: ReasoningEffort | null; summary: string | null };
  store: boolean;
  temperature: number | null;
  text: { format: TextFormat };
  tool_choice: ToolChoice;
  tools: FunctionTool[];
  top_p: number | null;
  truncation: "disabled";
  usage: Usage | null;
  user: string | null;
  metadata: Record<string, string>;
}

/** The `error` stream event. https://platform.openai.com/docs/api-reference/responses-streaming/error */
export interface ErrorEvent {
  type: "error";
  code: string | null;
  message: string;
  param: string | null;
  sequence_number: number;
}

/** Error body (the same shape as Chat Completions'). */
export interface ErrorResponse {
  error: {
    message: string;
    type: string;
    param: string | null;
    code: string | null;
  };
}
