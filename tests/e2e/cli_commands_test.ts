/**
 * The CLI as a subprocess (`deno run -P main.ts …`) against a daemon started the same way
 * (tests/_helpers/cli_process.ts). The management test's steps live by command in
 * `tests/e2e/cli/`, run in order against one daemon.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { SECRET_KEY, startMockProvider } from "../_helpers/api_server.ts";
import { cli, cliConfig, startDaemon } from "../_helpers/cli_process.ts";
import { aliasSteps } from "./cli/alias_steps.ts";
import { connectionSteps } from "./cli/connection_steps.ts";
import { downstreamSteps } from "./cli/downstream_steps.ts";
import { logsSteps } from "./cli/logs_steps.ts";
import { ruleSteps } from "./cli/rule_steps.ts";

Deno.test("[e2e] cli: management commands against a running daemon", async (t) => {
  const dir = await Deno.makeTempDir({ prefix: "tresor-cli-" });
  const provider = startMockProvider({
    name: "mock",
    key: SECRET_KEY,
    models: ["alpha-1", "alpha-2"],
  });
  const configPath = join(dir, "tresor.yaml");
  await Deno.writeTextFile(configPath, cliConfig(provider.baseUrl));
  const daemon = await startDaemon(configPath);
  const rig = { daemon, provider, configPath, dir };
  try {
    await connectionSteps(t, rig);
    await downstreamSteps(t, rig);
    await ruleSteps(t, rig);
    await aliasSteps(t, rig);
    await logsSteps(t, rig);
  } finally {
    daemon.process.kill("SIGTERM");
    await daemon.stdout.cancel();
    const status = await daemon.process.status;
    await provider.close();
    await Deno.remove(dir, { recursive: true });
    assert.equal(status.code, 0, "the daemon drains and exits 0");
  }
});

Deno.test("[e2e] cli: usage errors exit non-zero", async () => {
  const unknown = await cli(["frobnicate"]);
  assert.notEqual(unknown.code, 0);
  assert.match(unknown.stderr.join("\n"), /unknown command 'frobnicate'/);
  const missingArg = await cli(["rule", "enable"]);
  assert.notEqual(missingArg.code, 0);
  assert.match(missingArg.stderr.join("\n"), /missing required argument 'id'/);
});
