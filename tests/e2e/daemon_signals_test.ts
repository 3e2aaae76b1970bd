/**
 * Stop signals on the real process. Ctrl-C in a terminal, `systemctl stop` and `docker stop`
 * signal the whole process group, and `deno task` forwards its copy to Tresor as well, so
 * Tresor may see a signal twice. The real `deno task start` is spawned as the leader of its own
 * process group (`setsid`) and the group is signalled (`kill -TERM -PGID`) with a stream in
 * flight: the stream finishes and everything exits 0.
 *
 * Whether the forwarded copy arrives as a second signal depends on timing (two pending copies of
 * one signal merge into one), so the repeat is also tested deterministically on a plain
 * `tresor run`: one signal per step, each step waiting for its visible effect.
 */
import assert from "node:assert/strict";
import {
  heldConfig,
  type HeldUpstream,
  openHeldStream,
  readRest,
  startHeldUpstream,
} from "../_helpers/held_upstream.ts";
import { spawnDaemon, spawnRun } from "../_helpers/spawn_daemon.ts";

const CAN_SIGNAL_GROUPS = ["/usr/bin/setsid", "/usr/bin/kill"].every((p) => {
  try {
    return Deno.statSync(p).isFile;
  } catch (err) {
    if (err instanceof Deno.errors.NotFound) return false;
    throw err;
  }
});

/** Runs `fn` with a held upstream and a config for it; removes everything afterwards. */
async function withHeldConfig(
  fn: (configPath: string, upstream: HeldUpstream) => Promise<void>,
): Promise<void> {
  const dir = await Deno.makeTempDir({ prefix: "tresor-signals-" });
  const upstream = startHeldUpstream();
  try {
    const configPath = `${dir}/tresor.yaml`;
    await Deno.writeTextFile(configPath, heldConfig(upstream));
    await fn(configPath, upstream);
  } finally {
    await upstream.close();
    await Deno.remove(dir, { recursive: true });
  }
}

/** `kill -SIGNAL -- TARGET`: a negative target is a whole process group. */
async function kill(signal: "TERM" | "INT" | "KILL", target: number) {
  const out = await new Deno.Command("kill", {
    args: [`-${signal}`, "--", String(target)],
    stderr: "piped",
  }).output();
  return out.code;
}

for (const signal of ["TERM", "INT"] as const) {
  Deno.test({
    name:
      `[e2e] a process-group SIG${signal} to deno task start finishes the stream in flight and exits 0`,
    ignore: !CAN_SIGNAL_GROUPS,
    fn: () =>
      withHeldConfig(async (configPath, upstream) => {
        // setsid execs the task as the leader of a new group: its pid is the group id.
        const task = spawnDaemon("setsid", [
          Deno.execPath(),
          "task",
          "-q",
          "start",
          "--config",
          configPath,
        ]);
        const pgid = task.process.pid;
        try {
          const url = await task.url;
          const { reader, text } = await openHeldStream(url);

          assert.equal(await kill(signal, -pgid), 0);
          await task.waitForStderr(/^tresor: stopping/m);
          // The drain has begun: new connections are refused.
          await assert.rejects(fetch(`${url}/api/health`));
          upstream.release();
          const all = await readRest(reader, text);
          assert.match(all, /second/);
          assert.match(all, /data: \[DONE\]/);
          const status = await task.process.status;
          assert.deepStrictEqual(
            { code: status.code, signal: status.signal },
            { code: 0, signal: null },
            task.stderr(),
          );
        } finally {
          // Never leave the group behind, whatever failed above.
          await kill("KILL", -pgid);
          await task.process.status;
        }
      }),
  });
}

Deno.test("[e2e] a repeated stop signal during the drain is ignored: the stream finishes, exit 0", () =>
  withHeldConfig(async (configPath, upstream) => {
    const daemon = spawnRun(configPath);
    try {
      const url = await daemon.url;
      const { reader, text } = await openHeldStream(url);

      daemon.process.kill("SIGTERM");
      await daemon.waitForStderr(/^tresor: stopping/m);
      // The copy `deno task` or a second `docker stop` would deliver, mid-drain.
      daemon.process.kill("SIGINT");
      await daemon.waitForStderr(/already stopping/);
      upstream.release();
      const all = await readRest(reader, text);
      assert.match(all, /data: \[DONE\]/);
      const status = await daemon.process.status;
      assert.equal(status.code, 0, daemon.stderr());
      assert.match(
        daemon.stderr(),
        /^tresor: already stopping: finishing in-flight requests \(up to 10 s\); a third signal forces an exit$/m,
      );
    } finally {
      await kill("KILL", daemon.process.pid);
      await daemon.process.status;
    }
  }));

Deno.test("[e2e] a third stop signal forces the exit, saying so", () =>
  withHeldConfig(async (configPath) => {
    const daemon = spawnRun(configPath);
    try {
      const url = await daemon.url;
      const { reader } = await openHeldStream(url);

      daemon.process.kill("SIGINT");
      await daemon.waitForStderr(/^tresor: stopping/m);
      daemon.process.kill("SIGINT");
      await daemon.waitForStderr(/already stopping/);
      daemon.process.kill("SIGINT");
      const status = await daemon.process.status;
      assert.equal(status.code, 130, daemon.stderr());
      assert.match(
        daemon.stderr(),
        /^tresor: SIGINT again: exiting now without finishing in-flight requests$/m,
      );
      // The held stream is cut rather than finished.
      await assert.rejects(readRest(reader, ""));
    } finally {
      await kill("KILL", daemon.process.pid);
      await daemon.process.status;
    }
  }));
