/**
 * The markdown report of `deno task bench:streams`: one row per workload, concurrency and
 * target, and the paced-stream target.
 *
 * @module
 */
import type { StreamsOutcome } from "./paced_streams.ts";
import { targetTable } from "./report.ts";
import type { TargetCheck } from "./targets.ts";

/** One run: N concurrent paced streams against one target, and what its processes spent. */
export interface StreamsRun extends StreamsOutcome {
  workload: string;
  target: string;
  /** The target's p50 minus the mock's, same workload and concurrency (absent for direct). */
  addedTtfbP50Ms?: number;
  addedLastByteP50Ms?: number;
  /** RSS after the warm-up, before the streams. */
  idleRssMb?: number;
  /** `VmHWM` over the streams (reset after the warm-up). */
  peakRssMb?: number;
  /** (peak − idle) / streams. */
  rssPerStreamKib?: number;
  /** CPU time from the first request until the target is idle again. */
  cpuS?: number;
  /** `cpuS` / events delivered. */
  cpuUsPerEvent?: number;
  /** RSS every 250 ms during the streams. */
  rssMb?: number[];
}

function f(n: number | undefined, digits = 0): string {
  return n === undefined || !Number.isFinite(n) ? "–" : n.toFixed(digits);
}

function signed(n: number | undefined): string {
  return n === undefined || !Number.isFinite(n)
    ? "–"
    : `${n >= 0 ? "+" : ""}${n.toFixed(0)}`;
}

/** The report as markdown, under `header`. */
export function toMarkdown(
  runs: readonly StreamsRun[],
  checks: readonly TargetCheck[],
  header: string,
): string {
  const lines = [
    header,
    "",
    "| workload | streams | target | completed | failures | first byte p50 / p99 | last byte p50 / p99 | added first / last byte p50 | CPU per event | idle RSS | peak RSS | RSS per stream |",
    "|---|---:|---|---:|---|---:|---:|---:|---:|---:|---:|---:|",
  ];
  for (const r of runs) {
    const failures = Object.entries(r.failures).map(([why, n]) => `${n} ${why}`)
      .join(", ") || "0";
    const added = r.target === "direct"
      ? "–"
      : `${signed(r.addedTtfbP50Ms)} / ${signed(r.addedLastByteP50Ms)} ms`;
    lines.push(
      `| ${r.workload} | ${r.streams} | ${r.target} | ${r.ok} | ${failures} | ${
        f(r.ttfbP50Ms)
      } / ${f(r.ttfbP99Ms)} ms | ${f(r.lastByteP50Ms)} / ${
        f(r.lastByteP99Ms)
      } ms | ${added} | ${
        r.cpuUsPerEvent === undefined ? "–" : `${f(r.cpuUsPerEvent, 1)} µs`
      } | ${r.idleRssMb === undefined ? "–" : `${f(r.idleRssMb, 1)} MB`} | ${
        r.peakRssMb === undefined ? "–" : `${f(r.peakRssMb, 1)} MB`
      } | ${
        r.rssPerStreamKib === undefined ? "–" : `${f(r.rssPerStreamKib)} KB`
      } |`,
    );
  }
  if (checks.length > 0) lines.push("", ...targetTable(checks));
  return lines.join("\n");
}
