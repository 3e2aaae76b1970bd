/**
 * Nearest-rank p50 and p95 of time to first byte and duration per usage group. SQLite has no
 * percentile function and two window-function sorts cost several times more than reading the
 * values as arrays (no object per row) and sorting them as typed arrays, which is what this
 * does, a time slice at a time.
 *
 * @module
 */
import type { DatabaseSync, SQLOutputValue } from "node:sqlite";
import { returnArrays, toInt } from "./sql_values.ts";

/** Two percentiles of one measure. */
export interface Latency {
  readonly p50: number;
  readonly p95: number;
}

/** The latencies of one group (absent when none of its rows has the measure). */
export interface GroupLatency {
  readonly ttfb?: Latency;
  readonly duration?: Latency;
}

/** The nearest-rank `p`th percentile of sorted `values` (p in 0…100). */
export function nearestRank(values: Float64Array, p: number): number {
  return values[Math.max(0, Math.ceil((p / 100) * values.length) - 1)];
}

function summarise(list: number[]): Latency | undefined {
  if (list.length === 0) return undefined;
  const sorted = Float64Array.from(list).sort();
  return { p50: nearestRank(sorted, 50), p95: nearestRank(sorted, 95) };
}

function toKey(value: SQLOutputValue | undefined): string | null {
  return typeof value === "string" ? value : null;
}

/** Latency values gathered per group over one or more time slices. */
export class LatencyValues {
  readonly #values = new Map<
    string | null,
    { ttfb: number[]; duration: number[] }
  >();

  /** Reads the rows with `from <= time < to`, grouped by `column` (a fixed column name). */
  collect(db: DatabaseSync, column: string, from: number, to: number): void {
    const statement = returnArrays(db.prepare(
      `SELECT ${column}, ttfb_ms, duration_ms FROM usage WHERE time >= ? AND time < ?`,
    ));
    for (const row of statement.all(from, to)) {
      // Rows are arrays here: columns by position.
      const key = toKey(row["0"]);
      let lists = this.#values.get(key);
      if (lists === undefined) {
        lists = { ttfb: [], duration: [] };
        this.#values.set(key, lists);
      }
      if (row["1"] !== null) lists.ttfb.push(toInt(row["1"]));
      if (row["2"] !== null) lists.duration.push(toInt(row["2"]));
    }
  }

  /** The percentiles of each group. */
  summarise(): Map<string | null, GroupLatency> {
    const out = new Map<string | null, GroupLatency>();
    for (const [key, lists] of this.#values) {
      out.set(key, {
        ttfb: summarise(lists.ttfb),
        duration: summarise(lists.duration),
      });
    }
    return out;
  }
}
