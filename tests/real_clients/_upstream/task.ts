/**
 * What the scripted upstream asks a client to do, and the tool call that does it with whichever
 * file-writing tool the client offered (Claude Code's `Write`, OpenCode's `write`, Codex's
 * `apply_patch`, its code-mode `exec`, or a shell).
 */

/** One client run's job: write `content` into `file` (in `dir`), then answer `finalText`. */
export interface Task {
  /** The client's working directory (absolute). */
  readonly dir: string;
  /** A file name inside `dir`. */
  readonly file: string;
  readonly content: string;
  readonly finalText: string;
}

/** A tool the upstream calls: JSON arguments for function tools, raw text for freeform ones. */
export type PlannedCall =
  | {
    readonly kind: "function";
    readonly name: string;
    readonly args: Record<string, unknown>;
  }
  | { readonly kind: "custom"; readonly name: string; readonly input: string };

/** A tool offered in a request, as far as the scripted upstream cares. */
export interface OfferedTool {
  readonly name: string;
  /** Freeform (`custom`) tools take raw text, not JSON arguments. */
  readonly freeform: boolean;
  /** A function tool's only string parameter (how a translated freeform tool takes its text). */
  readonly stringArg?: string;
}

/**
 * Tool names tried in order: the first one a client offers is called. `exec` is Codex's code
 * mode (JavaScript calling the other tools).
 */
const PREFERRED = [
  "Write",
  "write",
  "apply_patch",
  "exec",
  "exec_command",
  "shell",
  "bash",
];

/** The `apply_patch` text that adds `file` with `content`. */
export function addFilePatch(file: string, content: string): string {
  const lines = content.split("\n").map((line) => `+${line}`).join("\n");
  return `*** Begin Patch\n*** Add File: ${file}\n${lines}\n*** End Patch\n`;
}

/** The only property of a JSON schema with exactly one property, when it is a string. */
export function singleStringArg(schema: unknown): string | undefined {
  if (
    typeof schema !== "object" || schema === null || !("properties" in schema)
  ) return undefined;
  const properties = schema.properties;
  if (typeof properties !== "object" || properties === null) return undefined;
  const entries = Object.entries(properties);
  if (entries.length !== 1) return undefined;
  const [name, property] = entries[0];
  return typeof property === "object" && property !== null &&
      "type" in property && property.type === "string"
    ? name
    : undefined;
}

/** The offered tool for `name`: that name, or one a translation prefixed with a namespace. */
function findTool(
  offered: readonly OfferedTool[],
  name: string,
): OfferedTool | undefined {
  return offered.find((t) => t.name === name) ??
    offered.find((t) =>
      [`__${name}`, `.${name}`, `/${name}`].some((end) => t.name.endsWith(end))
    );
}

/** A freeform call (raw text) as the offered tool takes it. */
function freeformCall(
  tool: OfferedTool,
  input: string,
  jsonArg: string,
): PlannedCall {
  if (tool.freeform) return { kind: "custom", name: tool.name, input };
  return {
    kind: "function",
    name: tool.name,
    args: { [tool.stringArg ?? jsonArg]: input },
  };
}

/** The tool call that performs `task` with one of `offered`, or undefined when none fits. */
export function planToolCall(
  task: Task,
  offered: readonly OfferedTool[],
): PlannedCall | undefined {
  const path = `${task.dir}/${task.file}`;
  for (const name of PREFERRED) {
    const tool = findTool(offered, name);
    if (!tool) continue;
    switch (name) {
      case "Write":
        return {
          kind: "function",
          name: tool.name,
          args: { file_path: path, content: task.content },
        };
      case "write":
        return {
          kind: "function",
          name: tool.name,
          args: { filePath: path, content: task.content },
        };
      case "apply_patch":
        return freeformCall(
          tool,
          addFilePatch(task.file, task.content),
          "input",
        );
      case "exec": {
        const patch = JSON.stringify(addFilePatch(task.file, task.content));
        return freeformCall(
          tool,
          `const result = await tools.apply_patch(${patch});\ntext(result);\n`,
          "code",
        );
      }
      default: {
        const script = `printf '%s' '${task.content}' > '${path}'`;
        return {
          kind: "function",
          name: tool.name,
          args: name === "bash"
            ? { command: script, description: "Write the file" }
            : name === "exec_command"
            ? { cmd: script, workdir: task.dir }
            : { command: ["bash", "-lc", script], workdir: task.dir },
        };
      }
    }
  }
  return undefined;
}
