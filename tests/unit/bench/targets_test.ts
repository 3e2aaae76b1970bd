import assert from "node:assert/strict";
import {
  type Cell,
  checkStreamTargets,
  checkTargets,
  type Summary,
} from "../../../bench/targets.ts";

function cell(rps: number, addedTotalP50Us?: number): Cell {
  return {
    rps,
    p50Us: 1,
    p99Us: 1,
    cpuUsPerRequest: 1,
    c1TtfbP50Us: 1,
    c1TtfbP99Us: 1,
    c1TotalP50Us: 1,
    c1TotalP99Us: 1,
    ...(addedTotalP50Us !== undefined && { addedTotalP50Us }),
  };
}

function byName(summary: Summary) {
  return new Map(checkTargets(summary).map((c) => [c.name, c]));
}

Deno.test("the targets: throughput ratios to each peer, latency above the relay floor, peak RSS", () => {
  const checks = byName({
    cells: {
      passthrough: {
        relay: cell(9000, 300),
        tresor: cell(5000, 390),
        portkey: cell(500),
      },
      translate: { tresor: cell(3000), portkey: cell(400) },
      anthropic_to_openai_json: { tresor: cell(3000), ccr: cell(150) },
      anthropic_to_openai: { tresor: cell(2000), ccr: cell(200) },
    },
    memory: {
      tresor: { idleBeforeKib: 1, peakKib: 170 * 1024, afterRoundKib: [] },
    },
    startupMs: 1,
  });
  assert.deepStrictEqual(
    [...checks.values()].map((c) => [c.name, c.value, c.limit, c.pass]),
    [
      ["throughput passthrough Tresor/Portkey", 10, "≥ 10×", true],
      ["throughput translate Tresor/Portkey", 7.5, "≥ 10×", false],
      ["throughput anthropic_to_openai_json Tresor/CCR", 20, "≥ 15×", true],
      [
        "throughput anthropic_to_openai (stream) Tresor/CCR",
        10,
        "≥ 15×",
        false,
      ],
      [
        "added latency above the relay, c1 p50 passthrough",
        90,
        "≤ 100 µs",
        true,
      ],
      ["peak RSS (whole run)", 170, "≤ 160 MB", false],
    ],
  );
});

Deno.test("a target whose peer or floor was not measured is n/a, not failed", () => {
  const checks = byName({
    cells: { passthrough: { tresor: cell(5000, 390) } },
    memory: {},
    startupMs: 1,
  });
  for (const c of checks.values()) {
    assert.equal(c.pass, null, c.name);
    assert.equal(c.value, null, c.name);
  }
});

Deno.test("the paced-stream target reads Tresor's RSS per open stream at 1,000 streams only", () => {
  const checks = checkStreamTargets([
    {
      workload: "stream",
      target: "tresor",
      streams: 100,
      rssPerStreamKib: 500,
    },
    {
      workload: "stream",
      target: "tresor",
      streams: 1000,
      rssPerStreamKib: 80,
    },
    { workload: "stream", target: "ccr", streams: 1000, rssPerStreamKib: 900 },
    { workload: "anthropic_to_openai", target: "tresor", streams: 1000 },
  ]);
  assert.deepStrictEqual(
    checks.map((c) => [c.name, c.value, c.pass]),
    [
      ["RSS per open paced stream at 1,000 streams, stream", 80, true],
      [
        "RSS per open paced stream at 1,000 streams, anthropic_to_openai",
        null,
        null,
      ],
    ],
  );
});
