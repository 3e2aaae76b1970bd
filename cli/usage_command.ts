/**
 * `tresor usage [--since 24h|7d|30d] [--by downstream|model|alias|key] [--json]`: what the
 * gateway's requests used and cost over a recent span, one row per group and a total, from
 * `GET /api/usage`.
 *
 * @module
 */
import { type Command, Option } from "commander";
import type {
  UsageGroupBy,
  UsageReportJson,
  UsageSumsJson,
} from "../store/mod.ts";
import { type CliIo, connect } from "./context.ts";
import { formatTable } from "./table.ts";

/** The spans `--since` accepts, in milliseconds. */
const SPANS = {
  "24h": 86_400_000,
  "7d": 7 * 86_400_000,
  "30d": 30 * 86_400_000,
} as const;

const HEADERS = [
  "REQUESTS",
  "ERRORS",
  "INPUT",
  "OUTPUT",
  "CACHE READ",
  "CACHE WRITE",
  "COST USD",
  "TTFB P50",
  "TTFB P95",
];

const COUNT = new Intl.NumberFormat("en-US");
const DOLLARS = new Intl.NumberFormat("en-US", {
  style: "currency",
  currency: "USD",
});
// Small sums keep three significant digits: a day of cheap requests never reads as $0.00.
const CENTS = new Intl.NumberFormat("en-US", {
  style: "currency",
  currency: "USD",
  maximumSignificantDigits: 3,
});

function usd(sums: UsageSumsJson): string {
  const value = sums.cost_usd;
  const cost = value === null
    ? "-"
    : (value >= 1 ? DOLLARS : CENTS).format(value);
  return sums.unpriced_requests > 0
    ? `${cost} (+${sums.unpriced_requests} unpriced)`
    : cost;
}

function ms(value: number | null | undefined): string {
  return value === null || value === undefined ? "-" : `${value} ms`;
}

function sumCells(sums: UsageSumsJson): string[] {
  return [
    COUNT.format(sums.requests),
    COUNT.format(sums.errors),
    COUNT.format(sums.input_tokens),
    COUNT.format(sums.output_tokens),
    COUNT.format(sums.cache_read_tokens),
    COUNT.format(sums.cache_write_tokens),
    usd(sums),
  ];
}

/** The report as a table: one row per group, then the total. */
export function formatUsage(report: UsageReportJson): string {
  if (report.totals.requests === 0) {
    return `No requests between ${report.from} and ${report.to}`;
  }
  const rows = report.groups.map((g) => [
    g.key ?? "(none)",
    ...sumCells(g),
    ms(g.ttfb_ms_p50),
    ms(g.ttfb_ms_p95),
  ]);
  rows.push(["TOTAL", ...sumCells(report.totals), "", ""]);
  return formatTable([report.group_by.toUpperCase(), ...HEADERS], rows);
}

/** Adds the `usage` command to `program`. */
export function addUsageCommand(program: Command, io: CliIo): void {
  program.command("usage")
    .description(
      "show requests, tokens and cost by downstream, model, alias or key",
    )
    .addOption(
      new Option("--since <span>", "how far back").choices(Object.keys(SPANS))
        .default("24h"),
    )
    .addOption(
      new Option("--by <group>", "group rows by").choices(
        [
          "downstream",
          "model",
          "alias",
          "key",
        ] satisfies UsageGroupBy[],
      ).default("model"),
    )
    .action(async (
      options: { since: keyof typeof SPANS; by: UsageGroupBy },
      command: Command,
    ) => {
      const s = await connect(command, io);
      const to = Date.now();
      const params = new URLSearchParams({
        from: new Date(to - SPANS[options.since]).toISOString(),
        to: new Date(to).toISOString(),
        group_by: options.by,
        interval: options.since === "24h" ? "hour" : "day",
      });
      const report = await s.client.request<UsageReportJson>(
        "GET",
        `/api/usage?${params}`,
      );
      s.print(report, () => formatUsage(report));
    });
}
