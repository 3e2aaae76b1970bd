/**
 * `openStore`: reads (or creates) the config file, opens and migrates SQLite, upserts the YAML,
 * and returns the {@link Store}.
 *
 * @module
 */
import { dirname, resolve } from "node:path";
import type { DatabaseSync } from "node:sqlite";
import { parseConfigText } from "./config_file.ts";
import { inTransaction, openDatabase } from "./database.ts";
import { loadState, saveState } from "./rows.ts";
import { DEFAULT_CONFIG_YAML } from "./defaults.ts";
import { ConfigError } from "./errors.ts";
import { mergeConfig } from "./merge.ts";
import { SqliteStore } from "./sqlite_store.ts";
import type { Store } from "./types.ts";
import { removeStaleTempFiles, writeFileAtomic } from "./write_back.ts";
import { contentHash } from "./reload.ts";
import type { ConfigWriter } from "./sqlite_store.ts";

/** Options of {@link openStore}. */
export interface OpenStoreOptions {
  /** Overrides the config's `database` (e.g. `:memory:` in tests). */
  databasePath?: string;
  /** Replaces the atomic config writer (tests inject failures here). */
  writeFile?: ConfigWriter;
}

/** What {@link openStore} returns: the store and warnings (unknown keys, …) for the caller to print. */
export interface OpenedStore {
  store: Store;
  warnings: string[];
}

/**
 * Opens the store for `configPath`: removes temp files an interrupted write-back left beside it,
 * creates a missing config file with the defaults (mode 0600),
 * validates it (throwing `ConfigError` as `file:line: field: message`), opens and migrates the
 * database, upserts the YAML into it, seeds examples where nothing is defined, and writes the
 * YAML back when it lacks something the database holds.
 */
export async function openStore(
  configPath: string,
  options: OpenStoreOptions = {},
): Promise<OpenedStore> {
  const absolutePath = resolve(configPath);
  // Before anything is written: a write-back killed between write and rename left these.
  const staleTempFiles = await removeStaleTempFiles(absolutePath);
  const text = await readOrCreateConfig(absolutePath, configPath);
  const config = parseConfigText(text, configPath);
  const databasePath = options.databasePath ??
    resolve(dirname(absolutePath), config.settings.database);
  if (databasePath !== ":memory:") {
    await Deno.mkdir(dirname(databasePath), { recursive: true });
  }
  let db: DatabaseSync;
  try {
    db = openDatabase(databasePath);
  } catch (error) {
    throw new Error(
      `Cannot open the database "${databasePath}": ${errorMessage(error)}`,
      { cause: error },
    );
  }
  try {
    const stored = loadState(db);
    const merged = mergeConfig(stored, config);
    inTransaction(db, () => saveState(db, stored, merged.state));
    const warnings = [...config.warnings];
    if (staleTempFiles.length > 0) {
      warnings.push(
        `${configPath}: removed ${staleTempFiles.length} temp file(s) left by an interrupted write: ${
          staleTempFiles.join(", ")
        }`,
      );
    }
    const store = new SqliteStore({
      db,
      doc: config.doc,
      state: merged.state,
      configPath: absolutePath,
      databasePath,
      writeFile: options.writeFile ?? writeFileAtomic,
      fileHash: await contentHash(text),
    });
    if (merged.needsWriteBack) {
      try {
        await store.writeBack();
      } catch (error) {
        if (!(error instanceof Error)) throw error;
        warnings.push(
          `${configPath}: Cannot write the config back: ${error.message}`,
        );
      }
    }
    return { store, warnings };
  } catch (error) {
    db.close();
    throw error;
  }
}

async function readOrCreateConfig(
  absolutePath: string,
  shownPath: string,
): Promise<string> {
  try {
    return await Deno.readTextFile(absolutePath);
  } catch (error) {
    if (!(error instanceof Deno.errors.NotFound)) {
      throw new ConfigError(
        shownPath,
        "",
        `Cannot read the config file: ${errorMessage(error)}`,
        { cause: error },
      );
    }
  }
  try {
    await Deno.mkdir(dirname(absolutePath), { recursive: true });
    await Deno.writeTextFile(absolutePath, DEFAULT_CONFIG_YAML, {
      createNew: true,
      mode: 0o600,
    });
  } catch (error) {
    // Another process may have created it meanwhile; then read theirs.
    if (!(error instanceof Deno.errors.AlreadyExists)) {
      throw new ConfigError(
        shownPath,
        "",
        `Cannot create the config file: ${errorMessage(error)}`,
        { cause: error },
      );
    }
    return await Deno.readTextFile(absolutePath);
  }
  return DEFAULT_CONFIG_YAML;
}

function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
