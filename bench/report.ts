/**
 * The markdown report of a run: the measurements table, the ratios to each peer, the relay
 * floor, memory and the targets.
 *
 * @module
 */
import type { MemoryReport, Summary, TargetCheck } from "./targets.ts";
import { TARGETS, WORKLOAD_NAMES } from "./workloads.ts";

function n(value: number | undefined, digits = 0): string {
  if (value === undefined || !Number.isFinite(value)) return "–";
  return value.toLocaleString("en-US", {
    maximumFractionDigits: digits,
    minimumFractionDigits: digits,
  });
}

function ms(us: number | undefined): string {
  if (us === undefined || !Number.isFinite(us)) return "–";
  return us >= 10_000 ? `${n(us / 1000, 1)} ms` : `${n(us)} µs`;
}

function mb(kib: number | undefined): string {
  return kib === undefined ? "–" : `${n(kib / 1024, 1)} MB`;
}

/** The report as markdown. */
export function toMarkdown(
  summary: Summary,
  checks: readonly TargetCheck[],
  meta: { header: string },
): string {
  const lines: string[] = [meta.header, ""];
  lines.push(
    "| workload | target | req/s | p50 | p99 | c1 last byte p50 | c1 p99 | c1 first byte p50 | added p50 | added p99 | added first byte p50 | CPU/req |",
    "|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
  );
  for (const w of WORKLOAD_NAMES) {
    for (const t of TARGETS) {
      const c = summary.cells[w]?.[t];
      if (!c) {
        lines.push(`| ${w} | ${t} | n/a | | | | | | | | | |`);
        continue;
      }
      lines.push(
        `| ${w} | ${t} | ${n(c.rps)} | ${ms(c.p50Us)} | ${ms(c.p99Us)} | ${
          ms(c.c1TotalP50Us)
        } | ${ms(c.c1TotalP99Us)} | ${ms(c.c1TtfbP50Us)} | ${
          ms(c.addedTotalP50Us)
        } | ${ms(c.addedTotalP99Us)} | ${ms(c.addedTtfbP50Us)} | ${
          t === "direct" ? "–" : ms(c.cpuUsPerRequest)
        } |`,
      );
    }
  }
  const ratio = (a?: number, b?: number, digits = 1) =>
    a && b ? `${n(a / b, digits)}×` : "n/a";
  lines.push(
    "",
    "| workload | Tresor/Portkey req/s | Tresor/CCR req/s | Tresor/direct req/s |",
    "|---|---:|---:|---:|",
  );
  for (const w of WORKLOAD_NAMES) {
    const cells = summary.cells[w];
    const t = cells?.tresor?.rps;
    lines.push(
      `| ${w} | ${ratio(t, cells?.portkey?.rps)} | ${
        ratio(t, cells?.ccr?.rps)
      } | ${ratio(t, cells?.direct?.rps, 2)} |`,
    );
  }
  // What a zero-logic hop through the gateway core already adds (bench/relay.ts), and what
  // Tresor adds on top of it: the part of its added latency that is its own work.
  lines.push(
    "",
    "| workload | relay added p50 | Tresor added p50 | Tresor above the relay |",
    "|---|---:|---:|---:|",
  );
  for (const w of WORKLOAD_NAMES) {
    const relay = summary.cells[w]?.relay?.addedTotalP50Us;
    const tresor = summary.cells[w]?.tresor?.addedTotalP50Us;
    lines.push(
      `| ${w} | ${ms(relay)} | ${ms(tresor)} | ${
        relay !== undefined && tresor !== undefined ? ms(tresor - relay) : "n/a"
      } |`,
    );
  }
  lines.push(
    "",
    "| gateway | idle RSS before | peak RSS | idle RSS after | RSS after each round |",
    "|---|---:|---:|---:|---|",
  );
  for (const [name, m] of Object.entries(summary.memory)) {
    const report = m as MemoryReport;
    lines.push(
      `| ${name} | ${mb(report.idleBeforeKib)} | ${mb(report.peakKib)} | ${
        mb(report.idleAfterKib)
      } | ${report.afterRoundKib.map((k) => mb(k)).join(", ") || "–"} |`,
    );
  }
  lines.push(
    "",
    `Tresor start-up to listening (median): ${n(summary.startupMs, 0)} ms`,
    "",
    ...targetTable(checks),
  );
  return lines.join("\n");
}

/** The targets as a markdown table: value, limit, met (n/a where not measured). */
export function targetTable(checks: readonly TargetCheck[]): string[] {
  return [
    "| target | value | limit | met |",
    "|---|---:|---:|:---:|",
    ...checks.map((c) =>
      `| ${c.name} | ${
        c.value === null ? "n/a" : n(c.value, 1)
      } | ${c.limit} | ${c.pass === null ? "n/a" : c.pass ? "yes" : "**no**"} |`
    ),
  ];
}
