/**
 * OpenAI Responses API tool types (part of `responses.ts`, which re-exports them): the
 * client-executed tools Tresor translates and `tool_choice`.
 * https://platform.openai.com/docs/api-reference/responses/create#responses-create-tools
 *
 * @module
 */

/**
 * A client-executed tool Tresor translates: function, custom (freeform), a namespace of them,
 * the local shell, and client-side tool search.
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
