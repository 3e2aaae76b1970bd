/**
 * The performance targets of issue 8, checked against a run's summary.
 *
 * @module
 */
import type { Target, WorkloadName } from "./workloads.ts";

/** Medians over rounds for one workload and target. */
export interface Cell {
  rps: number;
  p50Us: number;
  p99Us: number;
  cpuUsPerRequest: number;
  c1TtfbP50Us: number;
  c1TtfbP99Us: number;
  c1TotalP50Us: number;
  c1TotalP99Us: number;
  /** Gateway minus direct at concurrency 1 (same round), median over rounds; absent for direct. */
  addedTotalP50Us?: number;
  addedTotalP99Us?: number;
  addedTtfbP50Us?: number;
  addedTtfbP99Us?: number;
}

/** Per gateway: resident memory in KiB. */
export interface MemoryReport {
  idleBeforeKib: number;
  peakKib: number;
  idleAfterKib: number;
  afterRoundKib: number[];
}

/** What the targets are checked against. */
export interface Summary {
  cells: Partial<
    Record<WorkloadName, Partial<Record<Target, Cell>>>
  >;
  memory: { tresor?: MemoryReport; portkey?: MemoryReport };
  startupMs: number;
}

/** One target and how the run fared. */
export interface TargetCheck {
  readonly name: string;
  readonly value: number | null;
  readonly limit: string;
  /** `null` when it could not be measured (e.g. Portkey skipped). */
  readonly pass: boolean | null;
}

function check(
  name: string,
  value: number | undefined,
  limit: number,
  kind: "min" | "max",
  unit: string,
): TargetCheck {
  const known = value !== undefined && Number.isFinite(value);
  return {
    name,
    value: known ? value : null,
    limit: `${kind === "min" ? "≥" : "≤"} ${limit}${unit}`,
    pass: known ? (kind === "min" ? value >= limit : value <= limit) : null,
  };
}

/** Checks every target of the issue against `summary`. */
export function checkTargets(summary: Summary): TargetCheck[] {
  const out: TargetCheck[] = [];
  const ratio = (w: WorkloadName) => {
    const t = summary.cells[w]?.tresor?.rps;
    const p = summary.cells[w]?.portkey?.rps;
    return t !== undefined && p !== undefined ? t / p : undefined;
  };
  out.push(
    check(
      "throughput passthrough Tresor/Portkey",
      ratio("passthrough"),
      10,
      "min",
      "×",
    ),
    check(
      "throughput translate Tresor/Portkey",
      ratio("translate"),
      10,
      "min",
      "×",
    ),
    check("throughput stream Tresor/Portkey", ratio("stream"), 5, "min", "×"),
    check(
      "throughput stream_translate Tresor/Portkey",
      ratio("stream_translate"),
      5,
      "min",
      "×",
    ),
    check(
      "added latency c1 p50 passthrough",
      summary.cells.passthrough?.tresor?.addedTotalP50Us,
      150,
      "max",
      " µs",
    ),
    check(
      "added latency c1 p50 translate",
      summary.cells.translate?.tresor?.addedTotalP50Us,
      250,
      "max",
      " µs",
    ),
  );
  for (
    const w of ["stream", "stream_translate", "anthropic_to_openai"] as const
  ) {
    const cell = summary.cells[w]?.tresor;
    out.push(
      check(`added TTFB c1 p50 ${w}`, cell?.addedTtfbP50Us, 300, "max", " µs"),
      check(
        `added last byte c1 p50 ${w}`,
        cell?.addedTotalP50Us,
        1000,
        "max",
        " µs",
      ),
    );
  }
  const memory = summary.memory.tresor;
  out.push(
    check(
      "peak RSS (whole run)",
      memory && memory.peakKib / 1024,
      80,
      "max",
      " MB",
    ),
    check(
      "idle RSS after − before",
      memory && (memory.idleAfterKib - memory.idleBeforeKib) / 1024,
      10,
      "max",
      " MB",
    ),
    check("start-up to listening", summary.startupMs, 300, "max", " ms"),
  );
  return out;
}
