/**
 * A temporary folder holding a config file, for store tests.
 *
 * @module
 */

/** A temp folder with `tresor.yaml` (written when text is given); remove it with `cleanup()`. */
export interface TempConfig {
  readonly dir: string;
  readonly path: string;
  read(): Promise<string>;
  cleanup(): Promise<void>;
}

/** Creates a temp folder and, when `text` is given, writes it as `tresor.yaml` there. */
export async function createTempConfig(text?: string): Promise<TempConfig> {
  const dir = await Deno.makeTempDir({ prefix: "tresor-store-" });
  const path = `${dir}/tresor.yaml`;
  if (text !== undefined) await Deno.writeTextFile(path, text);
  return {
    dir,
    path,
    read: () => Deno.readTextFile(path),
    cleanup: () => Deno.remove(dir, { recursive: true }),
  };
}
