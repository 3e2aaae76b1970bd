/**
 * The Usage page's chart data: buckets, key ranking and the sums per bucket and key. Local
 * days are built with local-time constructors, so the cases hold in any time zone (a DST
 * change included: `TZ=America/New_York` has a 25-hour 1 November 2026).
 */
import assert from "node:assert/strict";
import type { UsagePointJson } from "../../../store/mod.ts";
import {
  metricOf,
  rankKeys,
  toStackedUsage,
  totalTokens,
  usageBuckets,
} from "../../../routes/_usage_series.ts";
import { usageSums } from "../../_helpers/usage_rows.ts";

const HOUR = 3_600_000;
const T0 = Date.UTC(2026, 11, 6, 10);

function point(
  t: number,
  key: string | null,
  sums: Partial<UsagePointJson> = {},
): UsagePointJson {
  return {
    t: new Date(t).toISOString(),
    key,
    ...usageSums({ requests: 1, ...sums }),
  };
}

Deno.test("usageBuckets() cuts a range into whole UTC hours, the first at or before from", () => {
  assert.deepStrictEqual(
    usageBuckets(T0 + 30 * 60_000, T0 + 2 * HOUR + 1, "hour"),
    [
      { start: T0, end: T0 + HOUR },
      { start: T0 + HOUR, end: T0 + 2 * HOUR },
      { start: T0 + 2 * HOUR, end: T0 + 3 * HOUR },
    ],
  );
  assert.deepStrictEqual(usageBuckets(T0, T0 + HOUR, "hour"), [
    { start: T0, end: T0 + HOUR },
  ]);
});

Deno.test("usageBuckets() cuts a range into local days from midnight to midnight", () => {
  const local = (d: number) => new Date(2026, 9, d).getTime();
  assert.deepStrictEqual(
    usageBuckets(new Date(2026, 9, 31, 12).getTime(), local(33), "day"),
    [
      { start: local(31), end: local(32) },
      { start: local(32), end: local(33) },
    ],
  );
});

Deno.test("totalTokens() and metricOf(): the whole prompt plus output; an unpriced cost adds 0", () => {
  const sums = point(T0, "m", {
    requests: 2,
    input_tokens: 10,
    cache_read_tokens: 100,
    cache_write_tokens: 1000,
    output_tokens: 5,
    reasoning_tokens: 3,
  });
  assert.equal(totalTokens(sums), 1115);
  assert.equal(metricOf(sums, "requests"), 2);
  assert.equal(metricOf(sums, "tokens"), 1115);
  assert.equal(metricOf(sums, "cost"), 0);
  assert.equal(metricOf({ ...sums, cost_usd: 0.25 }, "cost"), 0.25);
});

Deno.test("rankKeys() ranks by requests, then name; the rest past the palette share Other", () => {
  const points = [
    point(T0, "b", { requests: 5 }),
    point(T0, "a", { requests: 5 }),
    point(T0, null, { requests: 1 }),
    point(T0 + HOUR, "c", { requests: 7 }),
    point(T0 + HOUR, "d", { requests: 2 }),
  ];
  const { keys, idOf } = rankKeys(points, 3);
  assert.deepStrictEqual(keys, [
    { id: "k0", label: "c", colour: 1 },
    { id: "k1", label: "a", colour: 2 },
    { id: "other", label: "Other (3)", colour: 0 },
  ]);
  assert.deepStrictEqual([idOf("c"), idOf("a"), idOf("b"), idOf(null)], [
    "k0",
    "k1",
    "other",
    "other",
  ]);
  // Within the palette, every key keeps its own colour; a null key reads "(none)".
  assert.deepStrictEqual(rankKeys(points.slice(0, 3), 3).keys, [
    { id: "k0", label: "a", colour: 1 },
    { id: "k1", label: "b", colour: 2 },
    { id: "k2", label: "(none)", colour: 3 },
  ]);
});

Deno.test("toStackedUsage() sums each point into the bucket holding its start, per key and metric", () => {
  const buckets = [
    { start: T0, end: T0 + 2 * HOUR },
    { start: T0 + 2 * HOUR, end: T0 + 4 * HOUR },
  ];
  const points = [
    point(T0 - HOUR, "early", { requests: 9 }),
    point(T0, "x", { input_tokens: 10, output_tokens: 5, cost_usd: 0.5 }),
    point(T0 + HOUR, "x", { requests: 2, cost_usd: 0.25 }),
    point(T0 + HOUR, "y", { output_tokens: 7, unpriced_requests: 1 }),
    point(T0 + 3 * HOUR, "y", { requests: 3, cache_read_tokens: 4 }),
    point(T0 + 4 * HOUR, "late", { requests: 9 }),
  ];
  const stacked = toStackedUsage(points, buckets);
  // Points outside the buckets count nowhere, not even in the legend.
  assert.deepStrictEqual(stacked.keys.map((k) => k.label), ["y", "x"]);
  assert.deepStrictEqual(stacked.buckets.requests, [
    { ...buckets[0], values: { k0: 1, k1: 3 } },
    { ...buckets[1], values: { k0: 3, k1: 0 } },
  ]);
  assert.deepStrictEqual(stacked.buckets.tokens.map((b) => b.values), [
    { k0: 7, k1: 15 },
    { k0: 4, k1: 0 },
  ]);
  assert.deepStrictEqual(stacked.buckets.cost.map((b) => b.values), [
    { k0: 0, k1: 0.75 },
    { k0: 0, k1: 0 },
  ]);
  assert.equal(stacked.unpricedRequests, 1);
});

Deno.test("toStackedUsage() of no buckets or no points is empty", () => {
  assert.deepStrictEqual(toStackedUsage([point(T0, "m")], []), {
    keys: [],
    buckets: { requests: [], tokens: [], cost: [] },
    unpricedRequests: 0,
  });
  const empty = toStackedUsage([], [{ start: T0, end: T0 + HOUR }]);
  assert.deepStrictEqual(empty.keys, []);
  assert.deepStrictEqual(empty.buckets.requests, [
    { start: T0, end: T0 + HOUR, values: {} },
  ]);
});

Deno.test("toStackedUsage() puts UTC-hour points into local-day buckets", () => {
  const day = (d: number) => new Date(2026, 11, d).getTime();
  const buckets = usageBuckets(day(5), day(7), "day");
  const points = [
    point(day(5), "m"),
    point(day(6) - HOUR, "m", { requests: 2 }),
    point(day(6), "m", { requests: 4 }),
    point(day(7) - HOUR, "m", { requests: 8 }),
  ];
  assert.deepStrictEqual(
    toStackedUsage(points, buckets).buckets.requests.map((b) => b.values.k0),
    [3, 12],
  );
});
