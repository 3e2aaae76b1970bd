/**
 * {@link ToolNames}: the client's tools as plain functions for a Chat Completions or Messages
 * upstream, and the way back. Namespaces are flattened (a tool keeps its bare name when no
 * other tool has it, else becomes `namespace__name`), custom (freeform) tools take their raw
 * input as one string argument `input`, the local shell and client-side tool search become
 * functions, and every name is made valid for the upstream (`^[a-zA-Z0-9_-]{1,64}$`: other
 * characters become `_`, long names are cut and suffixed with a hash) and unique. The same
 * request always yields the same names, so history items and answers map consistently.
 *
 * @module
 */
import type * as responses from "../protocol/responses/types.ts";
import { hash8, shortenWithHash } from "../convert_shared/short_hash.ts";
import type { ClientToolRef } from "../protocol/responses/client_calls.ts";

/** A client tool as one upstream function. */
export interface UpstreamFunction {
  readonly name: string;
  readonly description?: string;
  readonly parameters: Record<string, unknown>;
  readonly strict?: boolean;
  readonly client: ClientToolRef;
}

/** Longest tool name OpenAI and Anthropic accept. */
export const MAX_TOOL_NAME_LENGTH = 64;
const INVALID_NAME_CHAR_REGEXP = /[^a-zA-Z0-9_-]/g;

const CUSTOM_PARAMETERS = {
  type: "object",
  properties: {
    input: { type: "string", description: "The raw free-form input" },
  },
  required: ["input"],
  additionalProperties: false,
} as const;

const LOCAL_SHELL_PARAMETERS = {
  type: "object",
  properties: {
    command: {
      type: "array",
      items: { type: "string" },
      description: 'The program and its arguments, e.g. ["bash", "-lc", "ls"]',
    },
    working_directory: { type: "string" },
    timeout_ms: { type: "number" },
  },
  required: ["command"],
  additionalProperties: false,
} as const;

const TOOL_SEARCH_PARAMETERS = {
  type: "object",
  properties: { query: { type: "string" } },
  required: ["query"],
  additionalProperties: false,
} as const;

function keyOf(ref: ClientToolRef): string {
  return `${ref.kind}:${ref.namespace ?? ""}:${ref.name}`;
}

/** `name` made valid for an upstream: invalid characters → `_`, at most 64 characters. */
export function toValidToolName(name: string): string {
  const clean = name.replace(INVALID_NAME_CHAR_REGEXP, "_");
  if (clean === "") return "_";
  return shortenWithHash(clean, MAX_TOOL_NAME_LENGTH);
}

function customDescription(tool: responses.CustomTool): string {
  const parts = tool.description ? [tool.description] : [];
  parts.push(
    'This tool takes free-form text, not JSON: put the raw text in the string argument "input".',
  );
  if (tool.format?.type === "grammar") {
    parts.push(
      `The text must match this ${tool.format.syntax} grammar:\n${tool.format.definition}`,
    );
  }
  return parts.join("\n\n");
}

/** The client tools of a request mapped to upstream functions, both ways. */
export class ToolNames {
  readonly #byKey = new Map<string, string>();
  readonly #byName = new Map<string, ClientToolRef>();
  readonly #bareCounts = new Map<string, number>();
  readonly #functions: UpstreamFunction[] = [];

  /** Names the tools (later definitions of the same tool replace earlier ones). */
  constructor(tools: readonly responses.Tool[]) {
    const entries = new Map<
      string,
      { ref: ClientToolRef; fn: Omit<UpstreamFunction, "name" | "client"> }
    >();
    const add = (
      ref: ClientToolRef,
      fn: Omit<UpstreamFunction, "name" | "client">,
    ) => {
      entries.delete(keyOf(ref));
      entries.set(keyOf(ref), { ref, fn });
    };
    for (const tool of tools) {
      switch (tool.type) {
        case "function":
        case "custom":
          add(...toEntry(tool, undefined, ""));
          break;
        case "namespace":
          for (const inner of tool.tools) {
            add(...toEntry(inner, tool.name, tool.description));
          }
          break;
        case "local_shell":
          add({ kind: "local_shell", name: "local_shell" }, {
            description:
              "Runs a command on the user's machine and returns its output.",
            parameters: LOCAL_SHELL_PARAMETERS,
          });
          break;
        case "tool_search":
          add({ kind: "tool_search", name: "tool_search" }, {
            description: tool.description ??
              "Searches for more tools; the ones found can be called next.",
            parameters: tool.parameters ?? TOOL_SEARCH_PARAMETERS,
          });
          break;
        default: {
          const never: never = tool;
          throw new TypeError(`Unhandled tool ${JSON.stringify(never)}`);
        }
      }
    }
    for (const { ref } of entries.values()) {
      this.#bareCounts.set(ref.name, (this.#bareCounts.get(ref.name) ?? 0) + 1);
    }
    for (const { ref, fn } of entries.values()) {
      this.#functions.push({
        ...fn,
        name: this.upstreamName(ref),
        client: ref,
      });
    }
  }

  /** The tools as upstream functions, in the client's order. */
  get functions(): readonly UpstreamFunction[] {
    return this.#functions;
  }

  /**
   * The upstream name of a client tool; a tool the request does not offer (named in history
   * only) is named the same way and remembered.
   */
  upstreamName(ref: ClientToolRef): string {
    const key = keyOf(ref);
    const known = this.#byKey.get(key);
    if (known !== undefined) return known;
    const shared = (this.#bareCounts.get(ref.name) ?? 0) > 1;
    const preferred = ref.namespace !== undefined && shared
      ? `${ref.namespace}__${ref.name}`
      : ref.name;
    let name = toValidToolName(preferred);
    if (this.#byName.has(name)) {
      name = `${name.slice(0, MAX_TOOL_NAME_LENGTH - 9)}_${hash8(key)}`;
    }
    this.#byKey.set(key, name);
    this.#byName.set(name, ref);
    return name;
  }

  /** The client tool an upstream call names; an unknown name is a plain function of that name. */
  clientTool(upstreamName: string): ClientToolRef {
    return this.#byName.get(upstreamName) ??
      { kind: "function", name: upstreamName };
  }
}

function toEntry(
  tool: responses.FunctionTool | responses.CustomTool,
  namespace: string | undefined,
  namespaceDescription: string,
): [ClientToolRef, Omit<UpstreamFunction, "name" | "client">] {
  const ref: ClientToolRef = namespace === undefined
    ? { kind: tool.type, name: tool.name }
    : { kind: tool.type, name: tool.name, namespace };
  const own = tool.type === "custom"
    ? customDescription(tool)
    : tool.description ?? undefined;
  const description = namespaceDescription && own
    ? `${namespaceDescription}\n\n${own}`
    : namespaceDescription || own;
  if (tool.type === "custom") {
    return [ref, { description, parameters: CUSTOM_PARAMETERS }];
  }
  const fn: Omit<UpstreamFunction, "name" | "client"> = {
    ...(description !== undefined && { description }),
    parameters: tool.parameters ?? { type: "object", properties: {} },
    ...(tool.strict !== undefined && tool.strict !== null &&
      { strict: tool.strict }),
  };
  return [ref, fn];
}
