/**
 * `GET /api/usage` in SQL: totals, groups (with nearest-rank p50/p95 of time to first byte and
 * duration, from window functions: SQLite has no percentile function) and series per interval.
 * Every query reads one time range through the `usage_time` index; the grouping column comes
 * from a fixed table, never from the request.
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

function toSums(row: Row): UsageSumsJson {
  const cost = row.cost_usd;
  return {
    requests: toInt(row.requests),
    errors: toInt(row.errors ?? 0),
    input_tokens: toInt(row.input_tokens),
    output_tokens: toInt(row.output_tokens),
    cache_read_tokens: toInt(row.cache_read_tokens),
    cache_write_tokens: toInt(row.cache_write_tokens),
    reasoning_tokens: toInt(row.reasoning_tokens),
    // Sums of small prices: rounded to a millionth of a cent, so 0.1 + 0.2 reads 0.3.
    cost_usd: typeof cost === "number" ? Math.round(cost * 1e8) / 1e8 : null,
    unpriced_requests: toInt(row.unpriced_requests ?? 0),
  };
}

function toKey(value: SQLOutputValue | undefined): string | null {
  return typeof value === "string" ? value : null;
}

/** Nearest-rank p50 and p95 of `metric` per group. */
function percentiles(
  db: DatabaseSync,
  query: UsageQuery,
  metric: "ttfb_ms" | "duration_ms",
): Map<string | null, { p50: number; p95: number }> {
  const column = GROUP_COLUMNS[query.groupBy];
  const rows = db.prepare(`
    SELECT k, MIN(CASE WHEN n * 100 >= c * 50 THEN v END) AS p50,
      MIN(CASE WHEN n * 100 >= c * 95 THEN v END) AS p95
    FROM (
      SELECT ${column} AS k, ${metric} AS v,
        ROW_NUMBER() OVER (PARTITION BY ${column} ORDER BY ${metric}) AS n,
        COUNT(*) OVER (PARTITION BY ${column}) AS c
      FROM usage WHERE time >= ? AND time < ? AND ${metric} IS NOT NULL
    )
    GROUP BY k`).all(query.from, query.to);
  return new Map(
    rows.map((row) => [
      toKey(row.k),
      { p50: toInt(row.p50), p95: toInt(row.p95) },
    ]),
  );
}

function groups(db: DatabaseSync, query: UsageQuery): UsageGroupJson[] {
  const column = GROUP_COLUMNS[query.groupBy];
  const ttfb = percentiles(db, query, "ttfb_ms");
  const duration = percentiles(db, query, "duration_ms");
  return db.prepare(`
    SELECT ${column} AS k, ${SUMS_SQL}
    FROM usage WHERE time >= ? AND time < ?
    GROUP BY k
    ORDER BY cost_usd IS NULL, cost_usd DESC, requests DESC, k`)
    .all(query.from, query.to)
    .map((row) => {
      const key = toKey(row.k);
      return {
        key,
        ...toSums(row),
        ttfb_ms_p50: ttfb.get(key)?.p50 ?? null,
        ttfb_ms_p95: ttfb.get(key)?.p95 ?? null,
        duration_ms_p50: duration.get(key)?.p50 ?? null,
        duration_ms_p95: duration.get(key)?.p95 ?? null,
      };
    });
}

function series(db: DatabaseSync, query: UsageQuery): UsagePointJson[] {
  const column = GROUP_COLUMNS[query.groupBy];
  const step = INTERVAL_MS[query.interval];
  return db.prepare(`
    SELECT (time / ${step}) * ${step} AS t, ${column} AS k, ${SUMS_SQL}
    FROM usage WHERE time >= ? AND time < ?
    GROUP BY t, k
    ORDER BY t, k`)
    .all(query.from, query.to)
    .map((row) => ({
      t: new Date(toInt(row.t)).toISOString(),
      key: toKey(row.k),
      ...toSums(row),
    }));
}

/** The report of `query` (CONTRACT "Usage, cost, metrics"). */
export function queryUsageReport(
  db: DatabaseSync,
  query: UsageQuery,
): UsageReportJson {
  const totals = db.prepare(
    `SELECT ${SUMS_SQL} FROM usage WHERE time >= ? AND time < ?`,
  ).get(query.from, query.to);
  return {
    from: new Date(query.from).toISOString(),
    to: new Date(query.to).toISOString(),
    group_by: query.groupBy,
    interval: query.interval,
    totals: toSums(totals ?? {}),
    groups: groups(db, query),
    series: series(db, query),
  };
}
