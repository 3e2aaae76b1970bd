/**
 * What the scripted upstream asks a client to do, and the tool call that does it with whichever
 * file-writing tool the client offered (Claude Code's `Write`, OpenCode's `write`, Codex's
 * `apply_patch` or shell).
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
}

/** Tool names tried in order: the first one a client offers is called. */
const PREFERRED = [
  "Write",
  "write",
  "apply_patch",
  "exec_command",
  "shell",
  "bash",
];

/** The `apply_patch` text that adds `file` with `content`. */
export function addFilePatch(file: string, content: string): string {
  const lines = content.split("\n").map((line) => `+${line}`).join("\n");
  return `*** Begin Patch\n*** Add File: ${file}\n${lines}\n*** End Patch\n`;
}

/** The tool call that performs `task` with one of `offered`, or undefined when none fits. */
export function planToolCall(
  task: Task,
  offered: readonly OfferedTool[],
): PlannedCall | undefined {
  const path = `${task.dir}/${task.file}`;
  for (const name of PREFERRED) {
    const tool = offered.find((t) => t.name === name);
    if (!tool) continue;
    switch (name) {
      case "Write":
        return {
          kind: "function",
          name,
          args: { file_path: path, content: task.content },
        };
      case "write":
        return {
          kind: "function",
          name,
          args: { filePath: path, content: task.content },
        };
      case "apply_patch": {
        const patch = addFilePatch(task.file, task.content);
        return tool.freeform
          ? { kind: "custom", name, input: patch }
          : { kind: "function", name, args: { input: patch } };
      }
      default: {
        const script = `printf '%s' '${task.content}' > '${path}'`;
        return {
          kind: "function",
          name,
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
