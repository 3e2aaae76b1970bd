/**
 * Where the config file is: the contract's lookup order.
 *
 * @module
 */
import { join } from "node:path";
import { ConfigError } from "./errors.ts";

/** Inputs of {@link resolveConfigPath}; the environment is passed in so tests stay hermetic. */
export interface ResolveConfigPathOptions {
  /** `--config FILE`, when given. */
  explicit?: string;
  env: (name: string) => string | undefined;
  cwd: string;
  home: string | undefined;
}

/**
 * Picks the config file: `explicit`, then `$TRESOR_CONFIG`, then `./tresor.yaml` when it exists,
 * then `~/.config/tresor/tresor.yaml` (returned even when missing: `openStore` creates it).
 * Explicit and environment paths are returned as given.
 */
export async function resolveConfigPath(
  options: ResolveConfigPathOptions,
): Promise<string> {
  if (options.explicit !== undefined && options.explicit !== "") {
    return options.explicit;
  }
  const fromEnv = options.env("TRESOR_CONFIG");
  if (fromEnv !== undefined && fromEnv !== "") return fromEnv;
  const local = join(options.cwd, "tresor.yaml");
  if (await isFile(local)) return local;
  if (options.home === undefined || options.home === "") {
    throw new ConfigError(
      "tresor.yaml",
      "",
      "Cannot locate the config file: no --config, no $TRESOR_CONFIG, no ./tresor.yaml and no home folder",
    );
  }
  return join(options.home, ".config", "tresor", "tresor.yaml");
}

async function isFile(path: string): Promise<boolean> {
  try {
    return (await Deno.stat(path)).isFile;
  } catch (error) {
    if (error instanceof Deno.errors.NotFound) return false;
    throw error;
  }
}
