/**
 * Tresor's entry point: hands the command line to the CLI.
 *
 * @module
 */
import { main } from "./cli/mod.ts";

if (import.meta.main) {
  Deno.exitCode = await main(Deno.args);
}
