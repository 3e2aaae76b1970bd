/**
 * `GET /api/usage`: one aggregation in SQL per interval and group (the series), summed into
 * groups and totals, plus nearest-rank p50/p95 of time to first byte and duration per group
 * (`usage_latency.ts`). Both read the range through the `usage_time` index, a time slice at a
 * time; the grouping column comes from a fixed table, never from the request.
 *
 * @module
 */
import type { DatabaseSync, SQLOutputValue } from "node:sqlite";
import type {
  UsageGroupBy,
  UsageGroupJson,
  UsagePointJson,
  UsageReportJson,
  UsageSumsJson,
} from "./admin_json.ts";
import { toInt } from "./sql_values.ts";
import { LatencyValues } from "./usage_latency.ts";

/** A validated usage query: `[from, to)` in epoch milliseconds. */
export interface UsageQuery {
  readonly from: number;
  readonly to: number;
  readonly groupBy: UsageGroupBy;
  readonly interval: "hour" | "day";
}

/** The column each grouping reads. */
const GROUP_COLUMNS = {
  downstream: "downstream_id",
  model: "model",
  alias: "alias_id",
  key: "key_name",
} as const satisfies Record<UsageGroupBy, string>;

const INTERVAL_MS = { hour: 3_600_000, day: 86_400_000 } as const;

/** The sums every level of the report carries, as SQL select expressions. */
const SUMS_SQL = `
  COUNT(*) AS requests,
  SUM(status >= 400 OR error_kind IS NOT NULL) AS errors,
  COALESCE(SUM(input_tokens), 0) AS input_tokens,
  COALESCE(SUM(output_tokens), 0) AS output_tokens,
  COALESCE(SUM(cache_read_tokens), 0) AS cache_read_tokens,
  COALESCE(SUM(cache_write_5m_tokens), 0) + COALESCE(SUM(cache_write_1h_tokens), 0)
    AS cache_write_tokens,
  COALESCE(SUM(reasoning_tokens), 0) AS reasoning_tokens,
  SUM(cost_usd) AS cost_usd,
  SUM(cost_usd IS NULL AND (input_tokens IS NOT NULL OR output_tokens IS NOT NULL))
    AS unpriced_requests`;

type Row = Record<string, SQLOutputValue>;
type Sums = { -readonly [K in keyof UsageSumsJson]: UsageSumsJson[K] };

function toSums(row: Row): Sums {
  const cost = row.cost_usd;
  return {
    requests: toInt(row.requests),
    errors: toInt(row.errors ?? 0),
    input_tokens: toInt(row.input_tokens),
    output_tokens: toInt(row.output_tokens),
    cache_read_tokens: toInt(row.cache_read_tokens),
    cache_write_tokens: toInt(row.cache_write_tokens),
    reasoning_tokens: toInt(row.reasoning_tokens),
    cost_usd: typeof cost === "number" ? roundCost(cost) : null,
    unpriced_requests: toInt(row.unpriced_requests ?? 0),
  };
}

/** Sums of small prices, rounded to a millionth of a cent, so 0.1 + 0.2 reads 0.3. */
function roundCost(cost: number): number {
  return Math.round(cost * 1e8) / 1e8;
}

function emptySums(): Sums {
  return {
    requests: 0,
    errors: 0,
    input_tokens: 0,
    output_tokens: 0,
    cache_read_tokens: 0,
    cache_write_tokens: 0,
    reasoning_tokens: 0,
    cost_usd: null,
    unpriced_requests: 0,
  };
}

/** Adds `part` into `into` (a cost stays null until something in it is priced). */
function addSums(into: Sums, part: UsageSumsJson): void {
  into.requests += part.requests;
  into.errors += part.errors;
  into.input_tokens += part.input_tokens;
  into.output_tokens += part.output_tokens;
  into.cache_read_tokens += part.cache_read_tokens;
  into.cache_write_tokens += part.cache_write_tokens;
  into.reasoning_tokens += part.reasoning_tokens;
  into.unpriced_requests += part.unpriced_requests;
  if (part.cost_usd !== null) {
    into.cost_usd = roundCost((into.cost_usd ?? 0) + part.cost_usd);
  }
}

function toKey(value: SQLOutputValue | undefined): string | null {
  return typeof value === "string" ? value : null;
}

/** The sums per interval and key of the rows with `from <= time < to`, in time then key order. */
function seriesOf(
  db: DatabaseSync,
  query: UsageQuery,
  from: number,
  to: number,
): UsagePointJson[] {
  const column = GROUP_COLUMNS[query.groupBy];
  const step = INTERVAL_MS[query.interval];
  return db.prepare(`
    SELECT (time / ${step}) * ${step} AS t, ${column} AS k, ${SUMS_SQL}
    FROM usage WHERE time >= ? AND time < ?
    GROUP BY t, k
    ORDER BY t, k`)
    .all(from, to)
    .map((row) => ({
      t: new Date(toInt(row.t)).toISOString(),
      key: toKey(row.k),
      ...toSums(row),
    }));
}

/**
 * `[from, to)` cut into slices of about `sliceRows` rows (judged from the range's row count, a
 * read of the time index alone), each slice's inner bounds on interval boundaries so no
 * interval is split between two slices.
 */
export function sliceRange(
  db: DatabaseSync,
  query: UsageQuery,
  sliceRows: number,
): [number, number][] {
  const rows = toInt(
    db.prepare("SELECT COUNT(*) AS n FROM usage WHERE time >= ? AND time < ?")
      .get(query.from, query.to)?.n,
  );
  const step = INTERVAL_MS[query.interval];
  const slices = Math.max(1, Math.ceil(rows / sliceRows));
  const width = Math.max(
    step,
    Math.ceil((query.to - query.from) / slices / step) * step,
  );
  const out: [number, number][] = [];
  let from = query.from;
  while (from < query.to) {
    const to = Math.min(query.to, (Math.floor(from / step) * step) + width);
    out.push([from, to]);
    from = to;
  }
  return out;
}

/** Groups by cost (unpriced last), then requests, highest first; then key. */
function byCost(a: UsageGroupJson, b: UsageGroupJson): number {
  if ((a.cost_usd === null) !== (b.cost_usd === null)) {
    return a.cost_usd === null ? 1 : -1;
  }
  return (b.cost_usd ?? 0) - (a.cost_usd ?? 0) || b.requests - a.requests ||
    String(a.key).localeCompare(String(b.key));
}

/** Options of {@link queryUsageReport}. */
export interface ReportOptions {
  /** Rows read at most between two turns of the event loop (about; default 5,000). */
  readonly sliceRows?: number;
  /** Hands the event loop back between slices; defaults to a zero-delay timer. */
  readonly yieldTurn?: () => Promise<void>;
}

function nextTurn(): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, 0));
}

/**
 * The report of `query` (CONTRACT "Usage, cost, metrics"): the series aggregated in SQL and the
 * latencies read, a time slice at a time with the event loop handed back in between (a 30-day
 * range of 100,000 rows is a few hundred milliseconds of work; the gateway keeps serving
 * meanwhile); groups and totals are the series' sums.
 */
export async function queryUsageReport(
  db: DatabaseSync,
  query: UsageQuery,
  options: ReportOptions = {},
): Promise<UsageReportJson> {
  const yieldTurn = options.yieldTurn ?? nextTurn;
  const points: UsagePointJson[] = [];
  const latency = new LatencyValues();
  const column = GROUP_COLUMNS[query.groupBy];
  for (const [from, to] of sliceRange(db, query, options.sliceRows ?? 5000)) {
    points.push(...seriesOf(db, query, from, to));
    latency.collect(db, column, from, to);
    await yieldTurn();
  }
  const totals = emptySums();
  const sums = new Map<string | null, Sums>();
  for (const point of points) {
    addSums(totals, point);
    let group = sums.get(point.key);
    if (group === undefined) {
      group = emptySums();
      sums.set(point.key, group);
    }
    addSums(group, point);
  }
  const latencies = latency.summarise();
  const groups = [...sums].map(([key, group]): UsageGroupJson => {
    const l = latencies.get(key);
    return {
      key,
      ...group,
      ttfb_ms_p50: l?.ttfb?.p50 ?? null,
      ttfb_ms_p95: l?.ttfb?.p95 ?? null,
      duration_ms_p50: l?.duration?.p50 ?? null,
      duration_ms_p95: l?.duration?.p95 ?? null,
    };
  }).sort(byCost);
  return {
    from: new Date(query.from).toISOString(),
    to: new Date(query.to).toISOString(),
    group_by: query.groupBy,
    interval: query.interval,
    totals,
    groups,
    series: points,
  };
}
