/**
 * The daemon as a child process (`deno task start`, `deno run … main.ts run`, or either behind
 * `setsid`), with its output watched: the listening URL from stdout, stderr kept and waitable.
 */
import { fileURLToPath } from "node:url";

/** The repository root, where the tasks run. */
export const ROOT: string = fileURLToPath(new URL("../../", import.meta.url));

/** A spawned daemon. */
export interface SpawnedDaemon {
  readonly process: Deno.ChildProcess;
  /** Resolves with the listening URL, or rejects with everything printed when it exits first. */
  readonly url: Promise<string>;
  /** Everything written to stderr so far. */
  stderr(): string;
  /** Resolves once stderr holds something matching `pattern`. */
  waitForStderr(pattern: RegExp): Promise<void>;
}

/** Spawns `command args…` in the repository root and watches its output. */
export function spawnDaemon(command: string, args: string[]): SpawnedDaemon {
  const process = new Deno.Command(command, {
    args,
    cwd: ROOT,
    stdin: "null",
    stdout: "piped",
    stderr: "piped",
    env: { NO_COLOR: "1" },
  }).spawn();
  let errText = "";
  const waiters: { pattern: RegExp; resolve(): void }[] = [];
  const errDone = process.stderr.pipeThrough(new TextDecoderStream()).pipeTo(
    new WritableStream({
      write(chunk) {
        errText += chunk;
        for (const w of [...waiters]) {
          if (!w.pattern.test(errText)) continue;
          waiters.splice(waiters.indexOf(w), 1);
          w.resolve();
        }
      },
    }),
  );
  const url = (async () => {
    let outText = "";
    for await (
      const chunk of process.stdout.pipeThrough(new TextDecoderStream())
    ) {
      outText += chunk;
      const match = /tresor listening on (https?:\/\/\S+)/.exec(outText);
      if (match) {
        // The rest of stdout is discarded so the child never blocks on a full pipe.
        process.stdout.cancel().catch(() => {});
        return match[1];
      }
    }
    await errDone;
    throw new Error(`daemon exited before listening:\n${outText}\n${errText}`);
  })();
  return {
    process,
    url,
    stderr: () => errText,
    waitForStderr: (pattern) =>
      pattern.test(errText) ? Promise.resolve() : new Promise((resolve) => {
        waiters.push({ pattern, resolve });
      }),
  };
}

/** `deno run -q -P --no-prompt main.ts run --config PATH`: one process, no `deno task`. */
export function spawnRun(configPath: string): SpawnedDaemon {
  return spawnDaemon(Deno.execPath(), [
    "run",
    "-q",
    "-P",
    "--no-prompt",
    "main.ts",
    "run",
    "--config",
    configPath,
  ]);
}

/** SIGKILL, unless the process is already gone. */
export function killNow(process: Deno.ChildProcess): void {
  try {
    process.kill("SIGKILL");
  } catch (err) {
    if (!(err instanceof TypeError)) throw err;
  }
}
