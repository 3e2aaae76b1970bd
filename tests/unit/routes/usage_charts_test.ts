/**
 * The Usage page's server-rendered pieces as markup: the stacked chart's bars, titles, ticks
 * and empty state, the latency chart's models, and how costs and latencies read.
 */
import assert from "node:assert/strict";
import { h } from "preact";
import { renderToString } from "preact-render-to-string";
import type { UsageGroupJson } from "../../../store/mod.ts";
import { StackedChart } from "../../../routes/_StackedChart.tsx";
import {
  LATENCY_MODELS,
  LatencyChart,
} from "../../../routes/_LatencyChart.tsx";
import {
  costText,
  formatMs,
  unpricedNote,
} from "../../../routes/_usage_text.ts";
import { usageGroup } from "../../_helpers/usage_rows.ts";

const HOUR = 3_600_000;
const T0 = Date.UTC(2026, 11, 6, 10);
const KEYS = [
  { id: "k0", label: "gpt-4o", colour: 1 },
  { id: "k1", label: "<b>bold</b>", colour: 2 },
];

function chart(values: Record<string, number>[], days = false): string {
  return renderToString(h(StackedChart, {
    title: "Requests",
    unit: "requests per hour",
    keys: KEYS,
    buckets: values.map((v, i) => ({
      start: T0 + i * HOUR,
      end: T0 + (i + 1) * HOUR,
      values: v,
    })),
    format: String,
    integer: true,
    days,
    emptyText: "No requests in this range",
  }));
}

Deno.test("StackedChart draws one bar per non-zero key and bucket, titled with key, span and value", () => {
  const html = chart([{ k0: 2, k1: 1 }, { k0: 0, k1: 0 }, { k0: 3, k1: 0 }]);
  assert.equal(html.match(/<rect /g)?.length, 3);
  assert.match(html, /<g class="c1"><rect [^>]+><title>gpt-4o · /);
  assert.match(html, /&lt;b>bold&lt;\/b> · [^<]+: 1<\/title>/);
  assert.doesNotMatch(html, /<b>bold/);
  assert.match(html, /<text class="axis-title"[^>]*>requests per hour<\/text>/);
  // Integer values get integer ticks only: 0…5 for a stack of at most 3.
  const ticks = [...html.matchAll(/text-anchor="end">(\d+(?:\.\d+)?)</g)].map(
    (m) => m[1],
  );
  assert.ok(ticks.every((t) => Number.isInteger(Number(t))), ticks.join());
});

Deno.test("StackedChart shows its empty message instead of an empty axis", () => {
  const html = chart([{ k0: 0, k1: 0 }]);
  assert.doesNotMatch(html, /<svg/);
  assert.match(html, /<p class="chart-empty">No requests in this range<\/p>/);
  assert.match(chart([]), /No requests in this range/);
});

function latencyGroup(key: string, requests: number): UsageGroupJson {
  return usageGroup(key, {
    requests,
    ttfb_ms_p50: 100,
    ttfb_ms_p95: 300,
    duration_ms_p50: 1000,
    duration_ms_p95: 2500,
  });
}

Deno.test("LatencyChart draws the busiest models, names cut to fit, and says how many more", () => {
  const long = "x".repeat(80);
  const groups = [
    ...Array.from(
      { length: LATENCY_MODELS + 2 },
      (_, i) => latencyGroup(`m${i}`, i + 1),
    ),
    latencyGroup(long, 100),
    {
      ...latencyGroup("unmeasured", 1000),
      ttfb_ms_p95: null,
      duration_ms_p95: null,
    },
  ];
  const html = renderToString(h(LatencyChart, { groups }));
  const models = [...html.matchAll(/data-model="([^"]+)"/g)].map((m) => m[1]);
  assert.deepStrictEqual(models, [
    long,
    "m9",
    "m8",
    "m7",
    "m6",
    "m5",
    "m4",
    "m3",
  ]);
  assert.match(html, new RegExp(`>${"x".repeat(51)}…</text>`));
  assert.match(html, /100 \/ 300 ms/);
  assert.match(html, /1,000 \/ 2,500 ms/);
  assert.match(html, /3 more models in the table below/);
  const none = renderToString(h(LatencyChart, { groups: [] }));
  assert.match(none, /No latency measured in this range/);
});

Deno.test("costText() is honest about unknown prices; formatMs() about unmeasured times", () => {
  const cases: [number | null, number, string, string | undefined][] = [
    [0.0125, 0, "$0.0125", undefined],
    [0.0125, 3, "$0.0125", "+ 3 unpriced"],
    [null, 2, "unpriced", undefined],
    [null, 0, "–", undefined],
    [0, 0, "$0", undefined],
    [1234.5, 1, "$1234.50", "+ 1 unpriced"],
  ];
  for (const [cost_usd, unpriced_requests, text, note] of cases) {
    const sums = { cost_usd, unpriced_requests };
    assert.deepStrictEqual([costText(sums), unpricedNote(sums)], [text, note]);
  }
  assert.equal(formatMs(null), "–");
  assert.equal(formatMs(1234.4), "1,234 ms");
});
