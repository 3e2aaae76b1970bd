/**
 * The benchmark's smoke modes (`deno task bench --smoke`, `deno task bench:streams --smoke`) run
 * end to end offline: they start the mock upstream and Tresor, measure every workload, and write
 * a results JSON. The peers are left out (`--no-portkey --no-ccr`: CI never installs them, and a
 * machine that has them stays as fast). No timing is asserted (timing belongs to the benchmark).
 */
import assert from "node:assert/strict";
import { fileURLToPath } from "node:url";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));
const WORKLOADS = [
  "passthrough",
  "anthropic_passthrough",
  "translate",
  "anthropic_to_openai_json",
  "stream",
  "stream_translate",
  "anthropic_to_openai",
];
const NO_PEERS = ["--no-portkey", "--no-ccr"];

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
    const stdout = await runTask([
      "bench",
      "--smoke",
      ...NO_PEERS,
      "--results-dir",
      dir,
    ]);
    assert.match(stdout, /\| passthrough \| tresor \|/);
    assert.match(stdout, /\| anthropic_to_openai_json \| ccr \| n\/a \|/);

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
    assert.ok(
      result.measurements.every((m: { load: { errors: number } }) =>
        m.load.errors === 0
      ),
      "a direct, relay or Tresor request failed",
    );
    assert.deepStrictEqual(Object.keys(result.summary.memory), ["tresor"]);
    assert.ok(result.summary.memory.tresor.peakKib > 0);
    assert.ok(
      result.notes.some((n: string) => n.includes("claude-code-router")),
      result.notes.join("\n"),
    );
    // The targets: each one reported, the peers' ratios not measured here.
    const checks = new Map(
      result.checks.map((c: { name: string; pass: boolean | null }) => [
        c.name,
        c.pass,
      ]),
    );
    assert.equal(checks.get("throughput passthrough Tresor/Portkey"), null);
    assert.equal(
      checks.get("throughput anthropic_to_openai (stream) Tresor/CCR"),
      null,
    );
    assert.equal(
      typeof checks.get("added latency above the relay, c1 p50 passthrough"),
      "boolean",
    );
    assert.equal(typeof checks.get("peak RSS (whole run)"), "boolean");
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("[e2e] deno task bench:streams runs paced streams at each concurrency level through Tresor and reports CPU per event and RSS per stream", async () => {
  const dir = await Deno.makeTempDir({ prefix: "tresor-streams-smoke-" });
  try {
    await runTask([
      "bench:streams",
      "--smoke",
      "--streams",
      "1,6",
      "--workloads",
      "stream,anthropic_to_openai",
      ...NO_PEERS,
      "--results-dir",
      dir,
    ]);
    const files = [];
    for await (const entry of Deno.readDir(dir)) files.push(entry.name);
    assert.equal(files.length, 1, files.join(", "));
    const { runs, checks } = JSON.parse(
      await Deno.readTextFile(`${dir}/${files[0]}`),
    );
    type Run = {
      workload: string;
      target: string;
      streams: number;
      ok: number;
      events: number;
      failures: unknown;
      cpuUsPerEvent: number;
      rssPerStreamKib: number;
      peakRssMb: number;
      idleRssMb: number;
      addedLastByteP50Ms: number;
    };
    assert.deepStrictEqual(
      runs.map((r: Run) => `${r.workload}/${r.streams}/${r.target}`),
      [
        "stream/1/direct",
        "stream/1/tresor",
        "stream/6/direct",
        "stream/6/tresor",
        "anthropic_to_openai/1/direct",
        "anthropic_to_openai/1/tresor",
        "anthropic_to_openai/6/direct",
        "anthropic_to_openai/6/tresor",
      ],
    );
    for (const r of runs as Run[]) {
      const name = `${r.workload}/${r.streams}/${r.target}`;
      assert.equal(r.ok, r.streams, `${name}: ${JSON.stringify(r.failures)}`);
      assert.ok(r.events >= 5 * r.streams, `${name}: ${r.events} events`);
    }
    // The mock's OpenAI stream, straight: the smoke's 5 events (role, 1 delta, finish, usage,
    // [DONE]) per stream.
    assert.equal(runs[2].events, 5 * 6);
    for (const r of runs.filter((r: Run) => r.target === "tresor") as Run[]) {
      assert.ok(r.cpuUsPerEvent > 0, `cpu ${r.cpuUsPerEvent}`);
      assert.ok(r.peakRssMb >= r.idleRssMb, `${r.peakRssMb} ${r.idleRssMb}`);
      assert.equal(typeof r.rssPerStreamKib, "number");
      assert.equal(typeof r.addedLastByteP50Ms, "number");
    }
    // Its target concerns 1,000 streams: not run here, so not reported.
    assert.deepStrictEqual(checks, []);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
