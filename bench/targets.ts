/**
 * The performance targets (issue 18), checked against a run's summary: reported by the
 * benchmark, never asserted in tests.
 *
 * @module
 */
import type { PeerName } from "./peer.ts";
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

/** Per gateway: resident memory in KiB (a peer's summed over its processes). */
export interface MemoryReport {
  /** Before the first measured request; for a peer, the median over its starts. */
  idleBeforeKib: number;
  /** The highest `VmHWM`; for a peer, over its starts (one per measurement). */
  peakKib: number;
  /** Tresor only (it runs the whole benchmark): after the idle wait at the end. */
  idleAfterKib?: number;
  /** Tresor only: after each round. */
  afterRoundKib: number[];
}

/** The gateways whose memory is reported. */
export type Gateway = "tresor" | PeerName;

/** What the targets are checked against. */
export interface Summary {
  cells: Partial<
    Record<WorkloadName, Partial<Record<Target, Cell>>>
  >;
  memory: Partial<Record<Gateway, MemoryReport>>;
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

/** Checks the targets of the standard benchmark (issue 18) against `summary`. */
export function checkTargets(summary: Summary): TargetCheck[] {
  const ratio = (w: WorkloadName, peer: PeerName) => {
    const t = summary.cells[w]?.tresor?.rps;
    const p = summary.cells[w]?.[peer]?.rps;
    return t !== undefined && p !== undefined ? t / p : undefined;
  };
  const passthrough = summary.cells.passthrough;
  const aboveRelay = passthrough?.tresor?.addedTotalP50Us !== undefined &&
      passthrough.relay?.addedTotalP50Us !== undefined
    ? passthrough.tresor.addedTotalP50Us - passthrough.relay.addedTotalP50Us
    : undefined;
  const memory = summary.memory.tresor;
  return [
    check(
      "throughput passthrough Tresor/Portkey",
      ratio("passthrough", "portkey"),
      10,
      "min",
      "×",
    ),
    check(
      "throughput translate Tresor/Portkey",
      ratio("translate", "portkey"),
      10,
      "min",
      "×",
    ),
    check(
      "throughput anthropic_to_openai_json Tresor/CCR",
      ratio("anthropic_to_openai_json", "ccr"),
      15,
      "min",
      "×",
    ),
    check(
      "throughput anthropic_to_openai (stream) Tresor/CCR",
      ratio("anthropic_to_openai", "ccr"),
      15,
      "min",
      "×",
    ),
    check(
      "added latency above the relay, c1 p50 passthrough",
      aboveRelay,
      100,
      "max",
      " µs",
    ),
    check(
      "peak RSS (whole run)",
      memory && memory.peakKib / 1024,
      160,
      "max",
      " MB",
    ),
  ];
}

/** One paced-stream run, as far as its target needs. */
export interface StreamRun {
  readonly workload: string;
  readonly target: string;
  readonly streams: number;
  /** (peak − idle RSS) / streams, in KiB; absent where not measured. */
  readonly rssPerStreamKib?: number;
}

/** The paced-stream target (`deno task bench:streams`): Tresor's RSS per open stream at 1,000. */
export function checkStreamTargets(
  runs: readonly StreamRun[],
): TargetCheck[] {
  return runs.filter((r) => r.target === "tresor" && r.streams === 1000).map(
    (r) =>
      check(
        `RSS per open paced stream at 1,000 streams, ${r.workload}`,
        r.rssPerStreamKib,
        100,
        "max",
        " KB",
      ),
  );
}
