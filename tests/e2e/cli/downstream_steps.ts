/**
 * Steps of `tests/e2e/cli_commands_test.ts`:
 * `tresor downstream list|add|models|fetch-models|remove`.
 *
 * @module
 */
import assert from "node:assert/strict";
import { SECRET_KEY } from "../../_helpers/api_server.ts";
import { type CliRig, fails, ok } from "../../_helpers/cli_process.ts";

/** Runs the `downstream` steps of the CLI test. */
export async function downstreamSteps(
  t: Deno.TestContext,
  { daemon, provider, configPath }: CliRig,
): Promise<void> {
  await t.step(
    "downstream list prints a table and --json the masked objects",
    async () => {
      const table = await ok(daemon, ["downstream", "list"]);
      assert.deepStrictEqual(
        table.trimEnd().split("\n").map((l) => l.split(/\s{2,}/)),
        [
          ["ID", "NAME", "FORMATS", "BASE URL", "KEY", "MODELS"],
          ["alpha", "Alpha", "openai", provider.baseUrl, "set", "1"],
          ["beta", "beta", "openai", provider.baseUrl, "set", "1"],
        ],
      );
      const json = JSON.parse(
        await ok(daemon, ["--json", "downstream", "list"]),
      );
      assert.deepStrictEqual(
        json.map((d: { api_key: string }) => d.api_key),
        ["***", "***"],
      );
      assert.ok(!table.includes(SECRET_KEY));
    },
  );

  await t.step(
    "downstream add, models, fetch-models and remove",
    async () => {
      assert.equal(
        await ok(daemon, [
          "downstream",
          "add",
          "gamma",
          "--base-url",
          "https://gamma.invalid/v1",
          "--format",
          "openai",
          "--model",
          "g-1,g-2",
        ]),
        "Added downstream gamma\n",
      );
      assert.equal(
        await fails(daemon, [
          "downstream",
          "add",
          "gamma",
          "--base-url",
          "https://x.invalid",
        ]),
        'tresor: Downstream "gamma" already exists',
      );
      assert.match(
        await fails(daemon, [
          "downstream",
          "add",
          "delta",
          "--base-url",
          "nope",
        ]),
        /^tresor: base_url: not a URL$/,
      );
      assert.equal(
        await ok(daemon, ["downstream", "models", "gamma"]),
        "g-1\ng-2\n",
      );
      assert.equal(
        await ok(daemon, ["downstream", "models", "gamma", "--add", "g-3"]),
        "g-1\ng-2\ng-3\n",
      );
      assert.equal(
        await ok(daemon, [
          "downstream",
          "models",
          "gamma",
          "--remove",
          "g-1",
        ]),
        "g-2\ng-3\n",
      );
      assert.equal(
        await ok(daemon, ["downstream", "fetch-models", "alpha"]),
        "Fetched 2 models from alpha: 1 new\n  alpha-2\n",
      );
      assert.equal(
        await ok(daemon, ["downstream", "remove", "gamma"]),
        "Removed downstream gamma\n",
      );
      assert.equal(
        await fails(daemon, ["downstream", "remove", "gamma"]),
        'tresor: Downstream "gamma" not found',
      );
      assert.match(await Deno.readTextFile(configPath), /alpha-2/);
    },
  );
}
