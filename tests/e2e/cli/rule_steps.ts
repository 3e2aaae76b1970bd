/**
 * Steps of `tests/e2e/cli_commands_test.ts`: `tresor rule add|list|disable|enable|delete`.
 *
 * @module
 */
import assert from "node:assert/strict";
import { type CliRig, fails, ok } from "../../_helpers/cli_process.ts";

/** Runs the `rule` steps of the CLI test. */
export async function ruleSteps(
  t: Deno.TestContext,
  { daemon }: CliRig,
): Promise<void> {
  await t.step("rule add, list, disable, enable and delete", async () => {
    assert.equal(
      await ok(daemon, [
        "rule",
        "add",
        "extra",
        "--path",
        "*",
        "--downstream",
        "beta",
        "--plugin",
        'custom_header={"headers":{"x-extra":"1"}}',
      ]),
      "Added rule extra\n",
    );
    assert.match(
      await ok(daemon, ["rule", "list"]),
      /^extra\s+extra\s+\*\s+\*\s+yes\s+beta\s+custom_header$/m,
    );
    assert.equal(
      await ok(daemon, ["rule", "disable", "extra"]),
      "Disabled rule extra\n",
    );
    assert.match(
      await ok(daemon, ["rule", "list"]),
      /^extra\s+extra\s+\*\s+\*\s+no\s/m,
    );
    assert.equal(
      await ok(daemon, ["rule", "enable", "extra"]),
      "Enabled rule extra\n",
    );
    assert.equal(
      await ok(daemon, ["rule", "delete", "extra"]),
      "Deleted rule extra\n",
    );
    assert.doesNotMatch(await ok(daemon, ["rule", "list"]), /^extra/m);
    assert.equal(
      await fails(daemon, [
        "rule",
        "add",
        "bad",
        "--path",
        "*",
        "--plugin",
        "nope",
      ]),
      'tresor: pipeline_config[0].plugin_id: unknown plugin "nope"',
    );
    assert.equal(
      await fails(daemon, ["rule", "enable", "ghost"]),
      'tresor: Rule "ghost" not found',
    );
  });
}
