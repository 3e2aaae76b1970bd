/**
 * The real daemon (`runDaemon`, the composition root) in-process, over a config in a temporary
 * folder, stopped by the test instead of a signal.
 */
import { runDaemon } from "../../cli/run.ts";

/** A running in-process daemon. */
export interface InProcessDaemon {
  /** `http://127.0.0.1:PORT`. */
  readonly url: string;
  readonly port: number;
  readonly dir: string;
  readonly configPath: string;
  /** Lines the daemon printed to stderr (warnings, start-up errors). */
  readonly errors: string[];
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
  const exitCode = runDaemon({
    configPath,
    stopSignal,
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
    stop: () => stop(),
    exitCode,
  };
}
