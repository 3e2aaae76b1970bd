/**
 * The benchmark's smoke mode (`deno task bench --smoke`) runs end to end offline: it starts the
 * mock upstream and Tresor, measures every workload, and writes a results JSON. No timing is
 * asserted (timing belongs to the benchmark itself).
 */
import assert from "node:assert/strict";
import { fileURLToPath } from "node:url";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));
const WORKLOADS = [
  "passthrough",
  "translate",
  "stream",
  "stream_translate",
  "anthropic_to_openai",
];

/** Runs `deno task -q <args>` in the repository root; asserts it exits 0; returns its stdout. */
async function runTask(args: string[]): Promise<string> {
  const output = await new Deno.Command(Deno.execPath(), {
    args: ["task", "-q", ...args],
    cwd: ROOT,
    stdin: "null",
    stdout: "piped",
    stderr: "piped",
    env: { NO_COLOR: "1" },
  }).output();
  const stdout = new TextDecoder().decode(output.stdout);
  const stderr = new TextDecoder().decode(output.stderr);
  assert.equal(output.code, 0, `${stdout}\n${stderr}`);
  return stdout;
}

Deno.test("[e2e] deno task bench --smoke writes results for every workload: direct, the relay floor and Tresor", async () => {
  const dir = await Deno.makeTempDir({ prefix: "tresor-bench-smoke-" });
  try {
    const stdout = await runTask(["bench", "--smoke", "--results-dir", dir]);
    assert.match(stdout, /\| passthrough \| tresor \|/);

    const files = [];
    for await (const entry of Deno.readDir(dir)) files.push(entry.name);
    assert.equal(files.length, 1, files.join(", "));
    assert.match(files[0], /^bench-smoke-.*\.json$/);
    const result = JSON.parse(await Deno.readTextFile(`${dir}/${files[0]}`));

    assert.equal(result.meta.mode, "smoke");
    assert.deepStrictEqual(Object.keys(result.summary.cells), WORKLOADS);
    for (const workload of WORKLOADS) {
      for (const target of ["direct", "relay", "tresor"]) {
        const cell = result.summary.cells[workload][target];
        assert.ok(cell, `${workload}/${target} missing`);
        assert.ok(cell.rps > 0, `${workload}/${target} rps ${cell.rps}`);
        assert.ok(cell.c1TotalP50Us > 0, `${workload}/${target} c1`);
      }
      assert.equal(
        typeof result.summary.cells[workload].tresor.addedTotalP50Us,
        "number",
      );
    }
    const measured = result.measurements.filter((m: { target: string }) =>
      m.target !== "portkey"
    );
    assert.ok(
      measured.every((m: { load: { errors: number } }) => m.load.errors === 0),
      "a direct, relay or Tresor request failed",
    );
    assert.ok(result.summary.memory.tresor.peakKib > 0);
    assert.ok(Array.isArray(result.checks) && result.checks.length > 0);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("[e2e] deno task bench:streams runs paced concurrent streams through Tresor and reports each run", async () => {
  const dir = await Deno.makeTempDir({ prefix: "tresor-streams-smoke-" });
  try {
    await runTask([
      "bench:streams",
      "--streams",
      "20",
      "--events",
      "3",
      "--pace-ms",
      "10",
      "--workloads",
      "stream,anthropic_to_openai",
      "--no-portkey",
      "--results-dir",
      dir,
    ]);
    const files = [];
    for await (const entry of Deno.readDir(dir)) files.push(entry.name);
    assert.equal(files.length, 1, files.join(", "));
    const { results } = JSON.parse(
      await Deno.readTextFile(`${dir}/${files[0]}`),
    );
    const targets = results.map((r: { workload: string; target: string }) =>
      `${r.workload}/${r.target}`
    );
    assert.deepStrictEqual(targets, [
      "stream/direct",
      "stream/tresor",
      "anthropic_to_openai/direct",
      "anthropic_to_openai/tresor",
    ]);
    for (const r of results) {
      assert.equal(
        r.ok,
        20,
        `${r.workload}/${r.target}: ${JSON.stringify(r.failures)}`,
      );
    }
    const tresor = results.filter((r: { target: string }) =>
      r.target === "tresor"
    );
    assert.ok(tresor.every((r: { peakRssMb: number }) => r.peakRssMb > 0));
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
