/**
 * The daemon's hot reload (issue 16): the config file watched (`net/config_watcher.ts`), each
 * burst of changes handed to `store.reload()`, and the outcome logged — an applied edit at info
 * (with settings that wait for a restart at warn), a refused one at error with its
 * `file:line: field: message`, the running config kept. The admin pages show the refused edit
 * from `store.configError`.
 *
 * @module
 */
import type { Logger } from "../gateway/mod.ts";
import { watchConfigFile } from "../net/mod.ts";
import type { ReloadOutcome, Store } from "../store/mod.ts";

/** Starts watching; returns the function that stops it. */
export function startConfigReload(
  store: Store,
  log: Logger,
  onOutcome?: (outcome: ReloadOutcome) => void,
): () => void {
  const file = store.configPath;
  const watch = watchConfigFile(file, {
    onChange: () => {
      store.reload().then(
        (outcome) => {
          report(log, file, outcome);
          onOutcome?.(outcome);
        },
        (err: unknown) =>
          log.error("Cannot reload the config file", {
            file,
            error: String(err),
          }),
      );
    },
    onError: (err) =>
      log.error("Cannot watch the config file: edits apply on restart", {
        file,
        error: String(err),
      }),
  });
  return () => watch.close();
}

function report(log: Logger, file: string, outcome: ReloadOutcome): void {
  switch (outcome.kind) {
    case "unchanged":
      return;
    case "skipped":
      log.debug("Config file not reloaded", { file, reason: outcome.reason });
      return;
    case "invalid":
      log.error("Config file edit refused; the running config is kept", {
        error: outcome.error,
      });
      return;
    case "applied":
      log.info("Config file reloaded", { file });
      for (const warning of outcome.warnings) {
        log.warn("Config file warning", { warning });
      }
      if (outcome.restartNeeded.length > 0) {
        log.warn("Config settings take effect on restart", {
          settings: outcome.restartNeeded.join(", "),
        });
      }
      return;
    default:
      throw new TypeError(
        `Unknown reload outcome ${JSON.stringify(outcome satisfies never)}`,
      );
  }
}
