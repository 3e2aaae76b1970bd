/**
 * Watching the config file for edits (issue 16's hot reload). The folder is watched, not the
 * file: editors save by writing a temp file and renaming it over the config (a new inode, which a
 * watch on the file itself would lose), by truncating and writing, or in several writes. Events
 * for the config's path are debounced — the callback runs once they stop for `debounceMs` — and
 * the store then compares the file's content hash with what it knows, so Tresor's own
 * write-backs (temp file + rename) change nothing.
 *
 * @module
 */
import { dirname, resolve } from "node:path";

/** How long events must stop before the file is read: an editor's save is a burst of them. */
const DEBOUNCE_MS = 200;

/** A running watch. */
export interface ConfigWatch {
  close(): void;
}

/** Calls `onChange` after each burst of changes to `path`; `close()` stops watching. */
export function watchConfigFile(
  path: string,
  options: {
    onChange: () => void;
    /** The watch failed and stopped (the folder went away, a system limit). */
    onError: (err: unknown) => void;
    debounceMs?: number;
  },
): ConfigWatch {
  const file = resolve(path);
  const debounceMs = options.debounceMs ?? DEBOUNCE_MS;
  const watcher = Deno.watchFs(dirname(file), { recursive: false });
  let timer: ReturnType<typeof setTimeout> | undefined;
  let closed = false;
  const fire = () => {
    timer = undefined;
    if (!closed) options.onChange();
  };
  (async () => {
    for await (const event of watcher) {
      if (!event.paths.some((p) => resolve(p) === file)) continue;
      clearTimeout(timer);
      timer = setTimeout(fire, debounceMs);
    }
  })().catch((err: unknown) => {
    // Closing the watcher ends the loop quietly.
    if (!closed) options.onError(err);
  });
  return {
    close() {
      closed = true;
      clearTimeout(timer);
      watcher.close();
    },
  };
}
