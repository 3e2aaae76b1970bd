/**
 * From the benchmark's measurements to its summary: medians over rounds per workload and target,
 * and each gateway's latency minus direct's in the same round (`deno task bench`, bench/run.ts).
 *
 * @module
 */
import { type LoadResult, median, type ProbeResult } from "./load.ts";
import type { Cell, Summary } from "./targets.ts";
import { type Target, TARGETS, type WorkloadName } from "./workloads.ts";

/** One measurement: a load run and a concurrency-1 probe of one target on one workload. */
export interface Measurement {
  round: number;
  workload: WorkloadName;
  target: Target;
  load: LoadResult;
  cpuUsPerRequest: number | null;
  c1: ProbeResult;
}

/** Medians over rounds per workload and target, and gateway-minus-direct per round. */
export function summarise(
  measurements: readonly Measurement[],
): Summary["cells"] {
  const cells: Summary["cells"] = {};
  const pick = (w: WorkloadName, t: Target) =>
    measurements.filter((m) => m.workload === w && m.target === t);
  const workloads = [...new Set(measurements.map((m) => m.workload))];
  for (const w of workloads) {
    const direct = pick(w, "direct");
    const row: Partial<Record<Target, Cell>> = {};
    for (const t of TARGETS) {
      const ms = pick(w, t);
      if (ms.length === 0) continue;
      const added = (f: (p: ProbeResult) => number) =>
        median(ms.map((m) => {
          const d = direct.find((x) => x.round === m.round);
          return d ? f(m.c1) - f(d.c1) : NaN;
        }));
      row[t] = {
        rps: median(ms.map((m) => m.load.rps)),
        p50Us: median(ms.map((m) => m.load.p50Us)),
        p99Us: median(ms.map((m) => m.load.p99Us)),
        cpuUsPerRequest: median(ms.map((m) => m.cpuUsPerRequest ?? NaN)),
        c1TtfbP50Us: median(ms.map((m) => m.c1.ttfbP50Us)),
        c1TtfbP99Us: median(ms.map((m) => m.c1.ttfbP99Us)),
        c1TotalP50Us: median(ms.map((m) => m.c1.totalP50Us)),
        c1TotalP99Us: median(ms.map((m) => m.c1.totalP99Us)),
        ...(t !== "direct" && {
          addedTotalP50Us: added((p) => p.totalP50Us),
          addedTotalP99Us: added((p) => p.totalP99Us),
          addedTtfbP50Us: added((p) => p.ttfbP50Us),
          addedTtfbP99Us: added((p) => p.ttfbP99Us),
        }),
      };
    }
    cells[w] = row;
  }
  return cells;
}
