/**
 * The real daemon (`runDaemon`, the composition root) in-process, over a config in a temporary
 * folder, stopped by the test instead of a signal.
 */
import { runDaemon } from "../../cli/run.ts";
import type { ReloadOutcome } from "../../store/mod.ts";

/** A running in-process daemon. */
export interface InProcessDaemon {
  /** `http://127.0.0.1:PORT`. */
  readonly url: string;
  readonly port: number;
  readonly dir: string;
  readonly configPath: string;
  /** Lines the daemon printed to stderr (warnings, start-up errors). */
  readonly errors: string[];
  /** Its diagnostic log lines (JSON). */
  readonly logs: string[];
  /** Resolves with what the next look at the edited config file found. */
  nextReload(): Promise<ReloadOutcome>;
  /** Starts the drain; `exitCode` resolves when it is done. */
  stop(): void;
  readonly exitCode: Promise<number>;
}

/**
 * Writes `yaml` as `tresor.yaml` into `dir` (a new temp folder when absent) and runs the daemon
 * until {@link InProcessDaemon.stop}. The caller removes the folder.
 */
export async function startInProcessDaemon(
  yaml: string,
  options: { dir?: string } = {},
): Promise<InProcessDaemon> {
  const dir = options.dir ??
    await Deno.makeTempDir({ prefix: "tresor-daemon-" });
  const configPath = `${dir}/tresor.yaml`;
  await Deno.writeTextFile(configPath, yaml);
  const { promise: listening, resolve: onListening } = Promise.withResolvers<
    string
  >();
  const { promise: stopSignal, resolve: stop } = Promise.withResolvers<void>();
  const errors: string[] = [];
  const logs: string[] = [];
  const outcomes: ReloadOutcome[] = [];
  const waiters: ((outcome: ReloadOutcome) => void)[] = [];
  const exitCode = runDaemon({
    configPath,
    stopSignal,
    logSink: (line) => logs.push(line),
    onConfigReload: (outcome) => {
      const waiter = waiters.shift();
      if (waiter) waiter(outcome);
      else outcomes.push(outcome);
    },
    print: (line) => {
      const match = /tresor listening on (\S+)/.exec(line);
      if (match) onListening(match[1]);
    },
    printError: (line) => errors.push(line),
  });
  const url = await Promise.race([
    listening,
    exitCode.then((code) => {
      throw new Error(
        `daemon exited with ${code} before listening: ${errors.join("\n")}`,
      );
    }),
  ]);
  return {
    url,
    port: Number(new URL(url).port),
    dir,
    configPath,
    errors,
    logs,
    nextReload: () => {
      const ready = outcomes.shift();
      return ready
        ? Promise.resolve(ready)
        : new Promise((resolve) => waiters.push(resolve));
    },
    stop: () => stop(),
    exitCode,
  };
}
