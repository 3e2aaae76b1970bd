/**
 * Steps of `tests/e2e/cli_commands_test.ts`: `tresor version`, and how the CLI finds and reaches
 * the daemon — down, a wrong or missing password, address and password from the config or the
 * environment.
 *
 * @module
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import {
  cli,
  cliConfig,
  type CliRig,
  PASSWORD,
} from "../../_helpers/cli_process.ts";

/** A loopback port nothing listens on. */
function closedPort(): number {
  const listener = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const port = (listener.addr as Deno.NetAddr).port;
  listener.close();
  return port;
}

/** Runs the version and connection steps of the CLI test. */
export async function connectionSteps(
  t: Deno.TestContext,
  { daemon, provider, dir }: CliRig,
): Promise<void> {
  await t.step(
    "version prints the version; a leading -- is ignored",
    async () => {
      const plain = await cli(["version"]);
      assert.equal(plain.code, 0);
      assert.match(
        plain.stdout,
        /^tresor \d+\.\d+\.\d+ \(.+, deno \d+\.\d+\.\d+\)\n$/,
      );
      const dashed = await cli(["--", "--json", "version"]);
      assert.equal(dashed.code, 0);
      assert.equal(typeof JSON.parse(dashed.stdout).version, "string");
    },
  );

  await t.step(
    "the daemon being down is one clear line and exit 1",
    async () => {
      const url = `http://127.0.0.1:${closedPort()}`;
      const result = await cli(["--url", url, "downstream", "list"]);
      assert.equal(result.code, 1);
      assert.deepStrictEqual(result.stderr, [
        `tresor: cannot reach the daemon at ${url}: is it running? (tresor run)`,
      ]);
    },
  );

  await t.step(
    "a wrong or missing password is one clear line and exit 1",
    async () => {
      const wrong = await cli([
        "--url",
        daemon.url,
        "--password",
        "nope",
        "rule",
        "list",
      ]);
      assert.equal(wrong.code, 1);
      assert.deepStrictEqual(wrong.stderr, [
        `tresor: the daemon at ${daemon.url} rejected the admin password: check admin_password in the config, --password or TRESOR_PASSWORD`,
      ]);
      const missing = await cli(["--url", daemon.url, "rule", "list"], {
        TRESOR_CONFIG: join(dir, "absent.yaml"),
        TRESOR_PASSWORD: "",
      });
      assert.equal(missing.code, 1);
      assert.equal(missing.stderr.length, 1);
    },
  );

  await t.step(
    "address and password come from the config or the environment",
    async () => {
      const clientConfig = join(dir, "client.yaml");
      const listen = new URL(daemon.url).host;
      await Deno.writeTextFile(
        clientConfig,
        cliConfig(provider.baseUrl, listen),
      );
      const byConfig = await cli([
        "--config",
        clientConfig,
        "downstream",
        "list",
      ]);
      assert.equal(byConfig.code, 0, byConfig.stderr.join("\n"));
      assert.match(byConfig.stdout, /^alpha\s+Alpha\s+openai\s/m);
      const byEnv = await cli(["alias", "list"], {
        TRESOR_URL: daemon.url,
        TRESOR_PASSWORD: PASSWORD,
      });
      assert.equal(byEnv.code, 0, byEnv.stderr.join("\n"));
      assert.match(
        byEnv.stdout,
        /^smart\s+\*\s+smart-alpha\s+alpha\s+alpha-1/m,
      );
    },
  );
}
