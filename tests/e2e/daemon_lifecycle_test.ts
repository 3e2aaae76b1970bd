/**
 * The daemon as users start it: `deno task start --config FILE` in a subprocess, with the task's
 * own permission set, until SIGTERM.
 */
import assert from "node:assert/strict";
import {
  ROOT,
  spawnDaemon,
  type SpawnedDaemon,
} from "../_helpers/spawn_daemon.ts";

/** Starts `deno task <task> …args` and watches its output. */
function startTask(task: string, args: string[]): SpawnedDaemon {
  return spawnDaemon(Deno.execPath(), ["task", "-q", task, ...args]);
}

async function writeConfig(dir: string, body: string): Promise<string> {
  const path = `${dir}/tresor.yaml`;
  await Deno.writeTextFile(path, body);
  return path;
}

Deno.test("[e2e] deno task start serves /api/health and exits 0 on SIGTERM", async () => {
  const dir = await Deno.makeTempDir({ prefix: "tresor-daemon-" });
  try {
    const config = await writeConfig(dir, "listen: 127.0.0.1:0\n");
    const daemon = startTask("start", ["--config", config]);
    const url = await daemon.url;

    const health = await fetch(`${url}/api/health`);
    assert.equal(health.status, 200);
    assert.deepStrictEqual(await health.json(), { status: "ok" });
    const version = await fetch(`${url}/api/version`);
    assert.equal(version.status, 200);
    assert.match((await version.json()).version, /^\d+\.\d+\.\d+/);

    daemon.process.kill("SIGTERM");
    const status = await daemon.process.status;
    assert.equal(status.code, 0, daemon.stderr());
    // The database lives beside the config file by default.
    assert.ok((await Deno.stat(`${dir}/tresor.db`)).isFile);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("[e2e] a port in use is one clear line and exit 1", async () => {
  const dir = await Deno.makeTempDir({ prefix: "tresor-daemon-" });
  const blocker = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  try {
    const { port } = blocker.addr as Deno.NetAddr;
    const config = await writeConfig(dir, `listen: 127.0.0.1:${port}\n`);
    const daemon = startTask("cli", ["run", "--config", config]);
    await assert.rejects(daemon.url, /exited before listening/);
    const status = await daemon.process.status;
    assert.equal(status.code, 1);
    const lines = daemon.stderr().trim().split("\n").filter((l) =>
      !/Warning|experimental/.test(l)
    );
    assert.deepStrictEqual(lines, [
      `tresor: cannot listen on 127.0.0.1:${port}: address already in use`,
    ]);
  } finally {
    blocker.close();
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("[e2e] an invalid config is one line naming file, line and field, and exit 1", async () => {
  const dir = await Deno.makeTempDir({ prefix: "tresor-daemon-" });
  try {
    const config = await writeConfig(
      dir,
      [
        "listen: 127.0.0.1:0",
        "downstreams:",
        "  - id: broken",
        "    name: Broken",
        "    api_formats: [openai]",
        "    base_url: not-a-url",
        "",
      ].join("\n"),
    );
    const daemon = startTask("cli", ["run", "--config", config]);
    await assert.rejects(daemon.url, /exited before listening/);
    assert.equal((await daemon.process.status).code, 1);
    const lines = daemon.stderr().trim().split("\n").filter((l) =>
      !/Warning|experimental/.test(l)
    );
    assert.equal(lines.length, 1, daemon.stderr());
    assert.match(
      lines[0],
      /^tresor: .*tresor\.yaml:6: downstreams\[0\]\.base_url: /,
    );
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("[e2e] tresor version prints the version and build", async () => {
  const output = await new Deno.Command(Deno.execPath(), {
    args: ["task", "-q", "cli", "version"],
    cwd: ROOT,
    stdin: "null",
    env: { NO_COLOR: "1" },
  }).output();
  assert.equal(output.code, 0);
  const text = new TextDecoder().decode(output.stdout);
  assert.match(text, /tresor \d+\.\d+\.\d+/);
  assert.match(text, new RegExp(Deno.build.target.replaceAll(/[-.]/g, "\\$&")));
});
