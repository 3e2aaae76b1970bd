/**
 * Applying an external edit of the config file to a running store (issue 16's hot reload): the
 * edited text is validated like the file on start and merged by the same upsert rules
 * (`merge.ts`): downstreams and rules by id (rows only in the database survive), aliases
 * created or updated (ones made through the API, or active, survive), at most one active per
 * group with the file's choice winning. Settings that only a restart can change are named.
 *
 * @module
 */
import type { Document } from "yaml";
import { parseConfigText } from "./config_file.ts";
import { mergeConfig } from "./merge.ts";
import { fromSettings } from "./records.ts";
import type { SettingsKey } from "./schemas.ts";
import type { StoreState } from "./state.ts";
import { applyStateToDocument, isDeepEqual } from "./write_back.ts";

/** Settings the running daemon cannot change: they take effect on the next start. */
const RESTART_KEYS = [
  "listen",
  "database",
  "log_buffer_size",
  "responses_max_stored",
  "responses_max_age_hours",
  "tls",
] as const satisfies readonly SettingsKey[];

/** The state an edit leads to, its Document (the user's comments kept) and what to tell. */
export interface ReloadPlan {
  readonly state: StoreState;
  /** The edited file's Document, holding the complete state for the next write-back. */
  readonly doc: Document;
  readonly warnings: readonly string[];
  /** Changed settings that wait for a restart. */
  readonly restartNeeded: readonly string[];
}

/**
 * Plans applying `text` (the edited file, named `file` in messages) over `current`. Throws
 * `ConfigError` (`file:line: field: message`) when the edit is invalid.
 */
export function planReload(
  current: StoreState,
  text: string,
  file: string,
): ReloadPlan {
  const config = parseConfigText(text, file);
  const { state } = mergeConfig(current, config);
  const doc = config.doc;
  applyStateToDocument(doc, state);
  const before = fromSettings(current.settings);
  const after = fromSettings(state.settings);
  return {
    state,
    doc,
    warnings: config.warnings,
    restartNeeded: RESTART_KEYS.filter((key) =>
      !isDeepEqual(before[key], after[key])
    ),
  };
}

/** The SHA-256 of `text` in hex: how the store knows the file holds what it wrote. */
export async function contentHash(text: string): Promise<string> {
  const digest = await crypto.subtle.digest(
    "SHA-256",
    new TextEncoder().encode(text),
  );
  return Array.from(
    new Uint8Array(digest),
    (b) => b.toString(16).padStart(2, "0"),
  ).join("");
}
