/**
 * Reading the config file's settings without opening the database, for commands that only need
 * to know where the daemon listens and how to authenticate.
 *
 * @module
 */
import { parseConfigText } from "./config_file.ts";
import { ConfigError } from "./errors.ts";
import type { Settings } from "./types.ts";

/** Settings from a config file plus its warnings. */
export interface LoadedSettings {
  settings: Settings;
  warnings: string[];
}

/**
 * Reads and validates `configPath` (nothing is created or written). Throws `ConfigError` when
 * the file is missing, unreadable or invalid.
 */
export async function loadConfig(configPath: string): Promise<LoadedSettings> {
  let text: string;
  try {
    text = await Deno.readTextFile(configPath);
  } catch (error) {
    if (
      error instanceof Deno.errors.NotFound ||
      error instanceof Deno.errors.PermissionDenied ||
      error instanceof Deno.errors.IsADirectory
    ) {
      throw new ConfigError(
        configPath,
        "",
        `Cannot read the config file: ${error.message}`,
        { cause: error },
      );
    }
    throw error;
  }
  const config = parseConfigText(text, configPath);
  return { settings: config.settings, warnings: [...config.warnings] };
}
