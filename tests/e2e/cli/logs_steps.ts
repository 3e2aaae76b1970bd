/**
 * Steps of `tests/e2e/cli_commands_test.ts`: `tresor logs`, `--json`, `--limit` and `--follow`.
 *
 * @module
 */
import assert from "node:assert/strict";
import {
  type CliRig,
  ok,
  spawnCli,
  withDaemon,
} from "../../_helpers/cli_process.ts";

/** Runs the `logs` steps of the CLI test. */
export async function logsSteps(
  t: Deno.TestContext,
  { daemon }: CliRig,
): Promise<void> {
  await t.step(
    "logs shows gateway requests; --follow prints new ones until Ctrl-C",
    async () => {
      const gateway = (model: string) =>
        fetch(`${daemon.url}/v1/chat/completions`, {
          method: "POST",
          headers: {
            authorization: "Bearer sk-proxy-cli-0001",
            "content-type": "application/json",
          },
          body: JSON.stringify({
            model,
            messages: [{ role: "user", content: "hi" }],
          }),
        }).then((res) => res.body?.cancel());
      await gateway("cli-ghost-model");
      assert.match(
        await ok(daemon, ["logs"]),
        /^\S+\s+warn\s+404\s+POST\s+\/v1\/chat\/completions\s+cli-ghost-model\s/m,
      );
      const json = JSON.parse(
        await ok(daemon, ["--json", "logs", "--limit", "1"]),
      );
      assert.equal(json.length, 1);
      assert.equal(json[0].model_requested, "cli-ghost-model");

      const { process: follower, stdout: lines } = spawnCli(
        withDaemon(daemon, ["logs", "--follow", "--limit", "1"]),
      );
      let seen = "";
      const waitFor = async (needle: string) => {
        while (!seen.includes(needle)) {
          const { value, done } = await lines.read();
          if (done) throw new Error(`logs --follow ended early: ${seen}`);
          seen += value;
        }
      };
      await waitFor("cli-ghost-model"); // the initial batch
      await gateway("cli-followed-model");
      await waitFor("cli-followed-model");
      follower.kill("SIGINT");
      await lines.cancel();
      assert.equal((await follower.status).code, 0);
    },
  );
}
