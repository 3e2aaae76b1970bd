/**
 * SIGINT/SIGTERM for the daemon. The first starts the drain; a repeat is expected and ignored
 * (Ctrl-C, `systemctl stop` and `docker stop` signal the whole process group, and `deno task`
 * forwards its copy to Tresor as well); a third is the user insisting and forces the exit.
 *
 * @module
 */

/** The two signals that stop the daemon. */
export type StopSignal = "SIGINT" | "SIGTERM";

/** What {@link listenForStopSignals} reports. */
export interface StopSignals {
  /** Resolves on the first signal: stop accepting and drain. */
  readonly stop: Promise<void>;
  /** Resolves on the third signal: stop waiting for the drain. */
  readonly force: Promise<StopSignal>;
}

/** Dependencies of {@link listenForStopSignals}; the defaults are the process's own. */
export interface StopSignalOptions {
  /** Receives the line printed for a repeated and for the forcing signal. */
  readonly print: (line: string) => void;
  /** Registers a listener; defaults to `Deno.addSignalListener`. */
  readonly listen?: (signal: StopSignal, listener: () => void) => void;
  /** How long the drain may take, for the message. */
  readonly drainMs: number;
}

/** The conventional exit code of a process stopped by `signal` (128 + its number). */
export function exitCodeFor(signal: StopSignal): number {
  return signal === "SIGINT" ? 130 : 143;
}

/**
 * Listens for SIGINT and SIGTERM for the rest of the process's life. The listeners are never
 * removed: a copy forwarded late (after the drain, before the exit) would otherwise meet the
 * default action and end the process with 130/143 instead of 0.
 */
export function listenForStopSignals(options: StopSignalOptions): StopSignals {
  const listen = options.listen ?? Deno.addSignalListener;
  const stop = Promise.withResolvers<void>();
  const force = Promise.withResolvers<StopSignal>();
  let count = 0;
  for (const signal of ["SIGINT", "SIGTERM"] as const) {
    listen(signal, () => {
      count++;
      if (count === 1) {
        stop.resolve();
      } else if (count === 2) {
        options.print(
          `tresor: already stopping: finishing in-flight requests (up to ${
            options.drainMs / 1000
          } s); a third signal forces an exit`,
        );
      } else if (count === 3) {
        options.print(
          `tresor: ${signal} again: exiting now without finishing in-flight requests`,
        );
        force.resolve(signal);
      }
    });
  }
  return { stop: stop.promise, force: force.promise };
}
