import assert from "node:assert/strict";
import { parse } from "csv-parse/sync";
import {
  openUsageStore,
  USAGE_CSV_HEADER,
  type UsageStore,
} from "../../../store/mod.ts";
import { usageEntry } from "../../_helpers/usage_rows.ts";
import { DatabaseSync } from "node:sqlite";
import { queryUsageReport, sliceRange } from "../../../store/usage_report.ts";

const HOUR = 3_600_000;
const T0 = Date.UTC(2026, 11, 1, 0, 0, 0);
const at = (ms: number) => new Date(ms).toISOString();

function withStore(fn: (store: UsageStore) => Promise<void> | void) {
  return async () => {
    const store = openUsageStore({ path: ":memory:" });
    try {
      await fn(store);
    } finally {
      store.close();
    }
  };
}

/** Two models over two hours, one failure, one unpriced request, one request without usage. */
function seed(store: UsageStore): void {
  for (let i = 1; i <= 20; i++) {
    store.add(usageEntry({
      time: at(T0 + i * 60_000),
      model_forwarded: "gpt-4o",
      downstream: "openai",
      key_name: "laptop",
      ttfb_ms: i * 10,
      total_ms: i * 100,
      input_tokens: 100,
      output_tokens: 10,
      cost_usd: 0.001,
    }));
  }
  store.add(usageEntry({
    time: at(T0 + HOUR + 5 * 60_000),
    model_forwarded: "claude-sonnet-4",
    downstream: "anthropic",
    input_tokens: 50,
    output_tokens: 5,
    cache_read_tokens: 1000,
    cache_write_tokens: 300,
    cache_write_1h_tokens: 100,
    cost_usd: 0.002,
  }));
  store.add(usageEntry({
    time: at(T0 + HOUR + 6 * 60_000),
    model_forwarded: "local",
    downstream: "ollama",
    input_tokens: 7,
    output_tokens: 3,
    reasoning_tokens: 2,
  }));
  store.add(usageEntry({
    time: at(T0 + HOUR + 7 * 60_000),
    model_forwarded: "claude-sonnet-4",
    downstream: "anthropic",
    status: 529,
    error: "Upstream returned status 529",
    error_kind: "upstream_error",
    ttfb_ms: 40,
    total_ms: 40,
  }));
  // Outside the range asked below.
  store.add(usageEntry({ time: at(T0 + 2 * HOUR), cost_usd: 5 }));
}

Deno.test(
  "UsageStore.report() sums the range: totals, unpriced requests, errors",
  withStore(async (store) => {
    seed(store);
    const report = await store.report({
      from: T0,
      to: T0 + 2 * HOUR,
      groupBy: "model",
      interval: "hour",
    });
    assert.equal(report.from, "2026-12-01T00:00:00.000Z");
    assert.equal(report.to, "2026-12-01T02:00:00.000Z");
    assert.deepStrictEqual(report.totals, {
      requests: 23,
      errors: 1,
      input_tokens: 2057,
      output_tokens: 208,
      cache_read_tokens: 1000,
      cache_write_tokens: 300,
      reasoning_tokens: 2,
      cost_usd: 0.022,
      unpriced_requests: 1,
    });
  }),
);

Deno.test(
  "UsageStore.report() groups by cost, with nearest-rank p50/p95 latencies",
  withStore(async (store) => {
    seed(store);
    const report = await store.report({
      from: T0,
      to: T0 + 2 * HOUR,
      groupBy: "model",
      interval: "hour",
    });
    assert.deepStrictEqual(
      report.groups.map((g) => [g.key, g.requests, g.cost_usd, g.errors]),
      [
        ["gpt-4o", 20, 0.02, 0],
        ["claude-sonnet-4", 2, 0.002, 1],
        ["local", 1, null, 0],
      ],
    );
    const gpt = report.groups[0];
    // ttfb 10…200 ms in steps of 10: rank 10 is 100 ms, rank 19 is 190 ms.
    assert.deepStrictEqual(
      [
        gpt.ttfb_ms_p50,
        gpt.ttfb_ms_p95,
        gpt.duration_ms_p50,
        gpt.duration_ms_p95,
      ],
      [100, 190, 1000, 1900],
    );
    assert.equal(report.groups[2].unpriced_requests, 1);
  }),
);

Deno.test(
  "UsageStore.report() groups by downstream, alias or key, a missing one as null",
  withStore(async (store) => {
    seed(store);
    const range = { from: T0, to: T0 + 2 * HOUR, interval: "day" as const };
    const keys = async (groupBy: "downstream" | "key" | "alias") =>
      (await store.report({ ...range, groupBy })).groups.map((g) => [
        g.key,
        g.requests,
      ]);
    assert.deepStrictEqual(await keys("downstream"), [
      ["openai", 20],
      ["anthropic", 2],
      ["ollama", 1],
    ]);
    assert.deepStrictEqual(await keys("key"), [["laptop", 20], [null, 3]]);
    assert.deepStrictEqual(await keys("alias"), [[null, 23]]);
  }),
);

Deno.test(
  "UsageStore.report() series: one point per interval and key, in time order",
  withStore(async (store) => {
    seed(store);
    const report = await store.report({
      from: T0,
      to: T0 + 2 * HOUR,
      groupBy: "downstream",
      interval: "hour",
    });
    assert.deepStrictEqual(
      report.series.map((p) => [p.t, p.key, p.requests, p.cost_usd]),
      [
        ["2026-12-01T00:00:00.000Z", "openai", 20, 0.02],
        ["2026-12-01T01:00:00.000Z", "anthropic", 2, 0.002],
        ["2026-12-01T01:00:00.000Z", "ollama", 1, null],
      ],
    );
    const daily = await store.report({
      from: T0,
      to: T0 + 2 * HOUR,
      groupBy: "downstream",
      interval: "day",
    });
    assert.deepStrictEqual(
      daily.series.map((p) => [p.t, p.key, p.requests]),
      [
        ["2026-12-01T00:00:00.000Z", "anthropic", 2],
        ["2026-12-01T00:00:00.000Z", "ollama", 1],
        ["2026-12-01T00:00:00.000Z", "openai", 20],
      ],
    );
  }),
);

Deno.test(
  "UsageStore.report() of an empty range has zero totals and no cost",
  withStore(async (store) => {
    const report = await store.report({
      from: T0,
      to: T0 + HOUR,
      groupBy: "model",
      interval: "hour",
    });
    assert.deepStrictEqual(report.totals, {
      requests: 0,
      errors: 0,
      input_tokens: 0,
      output_tokens: 0,
      cache_read_tokens: 0,
      cache_write_tokens: 0,
      reasoning_tokens: 0,
      cost_usd: null,
      unpriced_requests: 0,
    });
    assert.deepStrictEqual([report.groups, report.series], [[], []]);
  }),
);

async function csvOf(
  store: UsageStore,
  range: { from: number; to: number },
): Promise<string[][]> {
  return parse(await new Response(store.exportCsv(range)).text());
}

Deno.test(
  "UsageStore.exportCsv() writes the contract's header and one quoted row per request",
  withStore(async (store) => {
    store.add(usageEntry({
      time: at(T0),
      key_name: 'team "a", laptop',
      model_requested: '=HYPERLINK("http://evil")',
      path: "/v1/chat/completions",
      streamed: true,
      input_tokens: 1,
      output_tokens: 2,
      cache_write_tokens: 3,
      cost_usd: 0.5,
    }));
    const [header, row, ...rest] = await csvOf(store, { from: T0, to: T0 + 1 });
    assert.deepStrictEqual(header, [...USAGE_CSV_HEADER]);
    assert.deepStrictEqual(rest, []);
    assert.deepStrictEqual(row, [
      "2026-12-01T00:00:00.000Z",
      'team "a", laptop',
      "/v1/chat/completions",
      "openai",
      "openai",
      "",
      // A spreadsheet would run it as a formula: it is made text.
      '\'=HYPERLINK("http://evil")',
      "gpt-4o",
      "true",
      "200",
      "1",
      "2",
      "",
      "3",
      "",
      "100",
      "1000",
      "0.5",
      "false",
    ]);
  }),
);

Deno.test(
  "UsageStore.exportCsv() pages through many rows, oldest first, within the range",
  withStore(async (store) => {
    for (let i = 0; i < 2500; i++) {
      store.add(usageEntry({ time: at(T0 + Math.floor(i / 3)), id: `r${i}` }));
    }
    store.add(usageEntry({ time: at(T0 - 1), id: "before" }));
    store.add(usageEntry({ time: at(T0 + 10_000), id: "after" }));
    const rows = await csvOf(store, { from: T0, to: T0 + 10_000 });
    assert.equal(rows.length, 1 + 2500);
    const times = rows.slice(1).map((r) => r[0]);
    assert.deepStrictEqual(times, [...times].sort());
  }),
);

Deno.test("queryUsageReport() gives the same report however finely it slices the range", async () => {
  const store = openUsageStore({ path: ":memory:" });
  const dir = await Deno.makeTempDir({ prefix: "tresor-usage-" });
  const path = `${dir}/t.db`;
  const file = openUsageStore({ path });
  try {
    for (let i = 0; i < 300; i++) {
      file.add(usageEntry({
        time: at(T0 + i * 7 * 60_000),
        model_forwarded: i % 3 === 0 ? "a" : "b",
        ttfb_ms: i,
        total_ms: 1000 - i,
        input_tokens: i,
        cost_usd: i % 5 === 0 ? undefined : 0.001,
      }));
    }
    file.flush();
    const db = new DatabaseSync(path);
    try {
      const query = {
        from: T0 + 13 * 60_000,
        to: T0 + 30 * HOUR,
        groupBy: "model" as const,
        interval: "hour" as const,
      };
      let turns = 0;
      const yieldTurn = () => {
        turns++;
        return Promise.resolve();
      };
      const whole = await queryUsageReport(db, query, { yieldTurn });
      assert.equal(turns, 1);
      const sliced = await queryUsageReport(db, query, {
        sliceRows: 7,
        yieldTurn,
      });
      assert.ok(turns > 20, `${turns} turns`);
      assert.deepStrictEqual(sliced, whole);
      assert.equal(whole.totals.requests, 256);
      assert.deepStrictEqual(
        sliceRange(db, { ...query, interval: "day" }, 7).length,
        2,
      );
    } finally {
      db.close();
    }
  } finally {
    file.close();
    store.close();
    await Deno.remove(dir, { recursive: true });
  }
});
