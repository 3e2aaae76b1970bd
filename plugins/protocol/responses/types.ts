/**
 * OpenAI Responses API wire types (https://platform.openai.com/docs/api-reference/responses),
 * hand-written and covering what Tresor reads or writes; field names are the wire's own. Public:
 * any plugin may import it (`import type * as responses from "../protocol/responses/types.ts"`).
 *
 * @module
 */
import type { ReasoningEffort } from "../openai/types.ts";

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
  /** Client-executed tools; hosted ones (web search, …) never get this far. */
  tools?: Tool[];
  tool_choice?: ToolChoice;
  parallel_tool_calls?: boolean | null;
  text?: TextConfig | null;
  reasoning?: ReasoningConfig | null;
  metadata?: Record<string, string> | null;
  user?: string | null;
  /** Groups requests that share a prompt prefix, for the provider's prompt cache. */
  prompt_cache_key?: string | null;
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

/** One item of `input`. */
export type InputItem =
  | MessageItem
  | FunctionCallItem
  | FunctionCallOutputItem
  | CustomToolCallItem
  | CustomToolCallOutputItem
  | LocalShellCallItem
  | LocalShellCallOutputItem
  | ToolSearchCallItem
  | ToolSearchOutputItem
  | ReasoningItem
  | CompactionItem
  | CompactionTriggerItem
  | AdditionalToolsItem;

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
  /** The namespace of the called tool, when it belongs to one. */
  namespace?: string;
  id?: string;
  status?: ItemStatus;
}

/** What a tool call returned: text, or input parts. */
export type ToolOutput =
  | string
  | (InputTextPart | InputImagePart | InputFilePart)[];

/** The result of a function call, sent by the client on the next turn. */
export interface FunctionCallOutputItem {
  type: "function_call_output";
  call_id: string;
  output: ToolOutput;
  id?: string;
  status?: ItemStatus;
}

/** A custom (freeform) tool call: `input` is the raw text the model wrote. */
export interface CustomToolCallItem {
  type: "custom_tool_call";
  call_id: string;
  name: string;
  input: string;
  namespace?: string;
  id?: string;
  status?: ItemStatus;
}

/** The result of a custom tool call. */
export interface CustomToolCallOutputItem {
  type: "custom_tool_call_output";
  call_id: string;
  output: ToolOutput;
  id?: string;
}

/** What a local shell call runs. */
export interface LocalShellAction {
  type: "exec";
  command: string[];
  env: Record<string, string>;
  timeout_ms?: number | null;
  user?: string | null;
  working_directory?: string | null;
}

/** A local shell call made by the model. */
export interface LocalShellCallItem {
  type: "local_shell_call";
  call_id: string;
  action: LocalShellAction;
  id?: string;
  status?: ItemStatus;
}

/** The output of a local shell call (a JSON string of the command's result). */
export interface LocalShellCallOutputItem {
  type: "local_shell_call_output";
  call_id: string;
  output: string;
  id?: string;
}

/** A client-side tool search made by the model; `arguments` is its JSON object. */
export interface ToolSearchCallItem {
  type: "tool_search_call";
  call_id: string;
  arguments: Record<string, unknown>;
  execution: "client";
  id?: string;
  status?: ItemStatus;
}

/** The tools a client-side tool search loaded; they can be called from then on. */
export interface ToolSearchOutputItem {
  type: "tool_search_output";
  call_id: string;
  tools: Tool[];
  execution: "client";
  id?: string;
}

/** A compacted conversation; `encrypted_content` is opaque to the client. */
export interface CompactionItem {
  type: "compaction";
  encrypted_content: string;
  id?: string;
}

/** Tools offered from this point of the conversation on (Codex sends all its tools this way). */
export interface AdditionalToolsItem {
  type: "additional_tools";
  tools: Tool[];
  id?: string;
}

/** Asks for the conversation so far to be compacted; the last input item when present. */
export interface CompactionTriggerItem {
  type: "compaction_trigger";
  id?: string;
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
export type OutputItem =
  | OutputMessage
  | FunctionCallItem
  | CustomToolCallItem
  | LocalShellCallItem
  | ToolSearchCallItem
  | ReasoningItem
  | CompactionItem;

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

/** Token usage; the details are always present (0 when the upstream did not report them). */
export interface Usage {
  input_tokens: number;
  output_tokens: number;
  total_tokens: number;
  input_tokens_details: { cached_tokens: number };
  output_tokens_details: { reasoning_tokens: number };
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
  tools: Tool[];
  top_p: number | null;
  truncation: "disabled";
  usage: Usage | null;
  user: string | null;
  metadata: Record<string, string>;
}

/** Answer of `POST /v1/responses/compact`. https://platform.openai.com/docs/api-reference/responses/compact */
export interface CompactedResponse {
  id: string;
  object: "response.compaction";
  created_at: number;
  /** The conversation's user messages, then one `compaction` item. */
  output: (MessageItem | CompactionItem)[];
  usage: Usage;
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

/**
 * A client-executed tool Tresor translates: function, custom (freeform), a namespace of them,
 * the local shell, and client-side tool search.
 * https://platform.openai.com/docs/api-reference/responses/create#responses-create-tools
 */
export type Tool =
  | FunctionTool
  | CustomTool
  | NamespaceTool
  | LocalShellTool
  | ToolSearchTool;

/** A flat function tool. */
export interface FunctionTool {
  type: "function";
  name: string;
  description?: string | null;
  parameters?: Record<string, unknown> | null;
  strict?: boolean | null;
}

/** A custom (freeform) tool: the model writes raw text input, optionally in a grammar. */
export interface CustomTool {
  type: "custom";
  name: string;
  description?: string;
  format?: CustomToolFormat;
}

/** `format` of a custom tool. */
export type CustomToolFormat =
  | { type: "text" }
  | { type: "grammar"; syntax: string; definition: string };

/** A named group of function and custom tools; calls name the namespace and the tool. */
export interface NamespaceTool {
  type: "namespace";
  name: string;
  description: string;
  tools: (FunctionTool | CustomTool)[];
}

/** The local shell tool; calls are `local_shell_call` items. */
export interface LocalShellTool {
  type: "local_shell";
}

/** Tool search run by the client (`execution: "client"`); calls are `tool_search_call` items. */
export interface ToolSearchTool {
  type: "tool_search";
  execution: "client";
  description?: string | null;
  parameters?: Record<string, unknown> | null;
}

/** `tool_choice`. */
export type ToolChoice =
  | "none"
  | "auto"
  | "required"
  | { type: "function" | "custom"; name: string; namespace?: string };
