/**
 * Tresor's entry point: hands the command line to the CLI.
 *
 * @module
 */
import { main } from "./cli/mod.ts";

if (import.meta.main) {
  // Exit explicitly: after a bounded drain, connections still open must not keep the process alive.
  Deno.exit(await main(Deno.args));
}
