/**
 * The Usage page's charts' data: the range cut into buckets (UTC hours, or local days from
 * d3-time so a day starts at the server's midnight, DST included), the report's series points
 * summed into them per key, and the keys ranked so the few biggest get their own colour and
 * the rest are summed as "Other". The same keys and colours serve all three charts.
 *
 * @module
 */
// @ts-types="@types/d3-time"
import { timeDay, utcHour } from "d3-time";
import type { UsagePointJson, UsageSumsJson } from "../store/mod.ts";

/** One bar's time span, `[start, end)` in epoch milliseconds. */
export interface Bucket {
  readonly start: number;
  readonly end: number;
}

/**
 * The buckets covering `[from, to)`: whole UTC hours or whole local days, the first one
 * starting at or before `from`.
 */
export function usageBuckets(
  from: number,
  to: number,
  unit: "hour" | "day",
): Bucket[] {
  const interval = unit === "hour" ? utcHour : timeDay;
  const starts = interval.range(interval.floor(new Date(from)), new Date(to));
  return starts.map((start) => ({
    start: start.getTime(),
    end: interval.offset(start, 1).getTime(),
  }));
}

/** What a chart shows. */
export type ChartMetric = "requests" | "tokens" | "cost";

/** The whole prompt of a sum: uncached input plus cache reads and writes. */
export function promptTokens(sums: UsageSumsJson): number {
  return sums.input_tokens + sums.cache_read_tokens + sums.cache_write_tokens;
}

/** Every token of a sum: the whole prompt and the output. */
export function totalTokens(sums: UsageSumsJson): number {
  return promptTokens(sums) + sums.output_tokens;
}

/** The value a chart adds up for `metric` (an unpriced cost adds nothing; it is counted apart). */
export function metricOf(sums: UsageSumsJson, metric: ChartMetric): number {
  switch (metric) {
    case "requests":
      return sums.requests;
    case "tokens":
      return totalTokens(sums);
    case "cost":
      return sums.cost_usd ?? 0;
    default: {
      const never: never = metric;
      throw new TypeError(`Unknown metric ${never}`);
    }
  }
}

/** A stacked key: its id in the stack, its label and its colour (1…{@link MAX_KEYS}). */
export interface StackKey {
  readonly id: string;
  readonly label: string;
  readonly colour: number;
}

/** Colours the palette has for keys of their own; with more keys, the rest become "Other". */
export const MAX_KEYS = 7;
/** The id of the summed rest. */
export const OTHER_ID = "other";
/** How a null key (no downstream, no model, no key name) reads. */
export const NONE_LABEL = "(none)";

/** One bucket's values, per key id. */
export interface BucketValues extends Bucket {
  readonly values: Readonly<Record<string, number>>;
}

/** The charts' data. */
export interface StackedUsage {
  /** Biggest first (by requests, then label); "Other" last. */
  readonly keys: readonly StackKey[];
  readonly buckets: Readonly<Record<ChartMetric, readonly BucketValues[]>>;
  /** Requests with tokens and no known price: not in the cost chart. */
  readonly unpricedRequests: number;
}

function labelOf(key: string | null): string {
  return key ?? NONE_LABEL;
}

/** The keys ranked by requests (then label); past `maxKeys`, the rest share "Other". */
export function rankKeys(
  points: readonly UsagePointJson[],
  maxKeys = MAX_KEYS,
): { keys: StackKey[]; idOf: (key: string | null) => string } {
  const requests = new Map<string | null, number>();
  for (const p of points) {
    requests.set(p.key, (requests.get(p.key) ?? 0) + p.requests);
  }
  const ranked = [...requests].sort((a, b) =>
    b[1] - a[1] || labelOf(a[0]).localeCompare(labelOf(b[0]))
  ).map(([key]) => key);
  const own = ranked.length > maxKeys ? ranked.slice(0, maxKeys - 1) : ranked;
  const ids = new Map(own.map((key, i) => [key, `k${i}`]));
  const keys: StackKey[] = own.map((key, i) => ({
    id: `k${i}`,
    label: labelOf(key),
    colour: i + 1,
  }));
  const rest = ranked.length - own.length;
  if (rest > 0) {
    keys.push({ id: OTHER_ID, label: `Other (${rest})`, colour: 0 });
  }
  return { keys, idOf: (key) => ids.get(key) ?? OTHER_ID };
}

/**
 * Sums the report's `points` (sorted by time) into `buckets` per ranked key, for each chart
 * metric. A point belongs to the bucket holding its start; points outside every bucket are
 * left out, of the sums and of the keys.
 */
export function toStackedUsage(
  allPoints: readonly UsagePointJson[],
  buckets: readonly Bucket[],
  maxKeys = MAX_KEYS,
): StackedUsage {
  const first = buckets[0]?.start ?? 0;
  const last = buckets[buckets.length - 1]?.end ?? 0;
  const points = allPoints.filter((p) => {
    const t = Date.parse(p.t);
    return t >= first && t < last;
  });
  const { keys, idOf } = rankKeys(points, maxKeys);
  const metrics: ChartMetric[] = ["requests", "tokens", "cost"];
  const sums = metrics.map(() =>
    buckets.map(() => new Map<string, number>(keys.map((k) => [k.id, 0])))
  );
  let unpricedRequests = 0;
  let b = 0;
  for (const point of points) {
    const t = Date.parse(point.t);
    while (buckets[b].end <= t) b++;
    unpricedRequests += point.unpriced_requests;
    const id = idOf(point.key);
    metrics.forEach((metric, m) => {
      const values = sums[m][b];
      values.set(id, (values.get(id) ?? 0) + metricOf(point, metric));
    });
  }
  const toBuckets = (m: number): BucketValues[] =>
    buckets.map((bucket, i) => ({
      ...bucket,
      values: Object.fromEntries(sums[m][i]),
    }));
  return {
    keys,
    buckets: {
      requests: toBuckets(0),
      tokens: toBuckets(1),
      cost: toBuckets(2),
    },
    unpricedRequests,
  };
}
