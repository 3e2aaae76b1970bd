/**
 * Steps of `tests/e2e/cli_commands_test.ts`: `tresor alias add|switch|list|delete`, and the
 * gateway following a switch at once.
 *
 * @module
 */
import assert from "node:assert/strict";
import { type CliRig, fails, ok } from "../../_helpers/cli_process.ts";

/** Runs the `alias` steps of the CLI test. */
export async function aliasSteps(
  t: Deno.TestContext,
  { daemon }: CliRig,
): Promise<void> {
  await t.step("alias add, switch by downstream or id, delete", async () => {
    assert.equal(
      await ok(daemon, [
        "alias",
        "add",
        "smart",
        "alpha",
        "alpha-2",
        "--id",
        "smart-alpha2",
      ]),
      "Added alias smart-alpha2: smart → alpha (alpha-2)\n",
    );
    assert.equal(
      await ok(daemon, ["alias", "switch", "smart", "beta"]),
      "Switched smart → beta (beta-1) [smart-beta]\n",
    );
    assert.match(
      await ok(daemon, ["alias", "list"]),
      /^smart\s+\*\s+smart-beta\s/m,
    );
    // The daemon's very next gateway request follows the switch.
    const res = await fetch(`${daemon.url}/v1/chat/completions`, {
      method: "POST",
      headers: {
        authorization: "Bearer sk-proxy-cli-0001",
        "content-type": "application/json",
      },
      body: JSON.stringify({
        model: "smart",
        messages: [{ role: "user", content: "hi" }],
      }),
    });
    assert.equal(res.status, 200);
    assert.equal((await res.json()).model, "beta-1");
    assert.match(
      await fails(daemon, ["alias", "switch", "smart", "alpha"]),
      /^tresor: "alpha" matches several aliases of "smart": name one by id: /,
    );
    assert.equal(
      await ok(daemon, ["alias", "switch", "smart", "smart-alpha2"]),
      "Switched smart → alpha (alpha-2) [smart-alpha2]\n",
    );
    assert.match(
      await fails(daemon, ["alias", "switch", "nobody", "beta"]),
      /^tresor: no alias group for input model "nobody"$/,
    );
    assert.match(
      await fails(daemon, ["alias", "add", "x", "nope", "y"]),
      /^tresor: downstream_id: unknown downstream "nope"$/,
    );
    assert.equal(
      await ok(daemon, ["alias", "delete", "smart-alpha2"]),
      "Deleted alias smart-alpha2\n",
    );
    assert.equal(
      await fails(daemon, ["alias", "delete", "smart-alpha2"]),
      'tresor: Alias "smart-alpha2" not found',
    );
  });
}
