/**
 * The `tresor` command line.
 *
 * @module
 */

/** Runs the CLI with `args` and resolves to the process exit code. */
export function main(_args: string[]): Promise<number> {
  return Promise.resolve(0);
}
