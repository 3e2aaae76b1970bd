/**
 * The usage reports of the admin API on the real daemon: `GET /api/usage` (its exact shape over
 * seeded rows, its defaults and its 400s), `GET /api/usage/export.csv` and `tresor usage`.
 * Named keys and refresh-prices are in `api_prices_keys_test.ts`.
 */
import assert from "node:assert/strict";
import { withRouterDaemon } from "../_helpers/router_daemon.ts";
import { readUsageCsv, seedUsage, usageEntry } from "../_helpers/usage_rows.ts";
import { main } from "../../cli/mod.ts";
import type { UsageReportJson } from "../../store/mod.ts";

const PASSWORD = "pw-usage-1";
const AUTH = { authorization: `Bearer ${PASSWORD}` };
const T0 = Date.UTC(2026, 11, 1, 10, 0, 0);
const at = (ms: number) => new Date(ms).toISOString();

function seedTwoModels(dir: string): void {
  seedUsage(`${dir}/tresor.db`, [
    usageEntry({
      time: at(T0 + 60_000),
      downstream: "anthropic",
      model_forwarded: "claude-sonnet-4",
      key_name: "laptop",
      input_tokens: 100,
      output_tokens: 400,
      cache_read_tokens: 2000,
      cache_write_tokens: 500,
      cache_write_1h_tokens: 200,
      cost_usd: 0.009225,
      ttfb_ms: 300,
      total_ms: 2000,
    }),
    usageEntry({
      time: at(T0 + 2 * 3_600_000),
      downstream: "openai",
      model_forwarded: "gpt-4o",
      input_tokens: 1000,
      output_tokens: 300,
      reasoning_tokens: 50,
      cost_usd: 0.00575,
      ttfb_ms: 100,
      total_ms: 900,
    }),
    usageEntry({
      time: at(T0 + 2 * 3_600_000 + 1),
      downstream: "openai",
      model_forwarded: "local-model",
      status: 502,
      error: "Cannot reach downstream",
      error_kind: "upstream_unreachable",
      ttfb_ms: 5,
      total_ms: 5,
    }),
  ]);
}

Deno.test("[e2e] GET /api/usage answers the contract's shape over seeded rows", async () => {
  await withRouterDaemon(PASSWORD, async (url, dir) => {
    seedTwoModels(dir);
    const refused = await fetch(`${url}/api/usage`);
    await refused.body?.cancel();
    assert.equal(refused.status, 401);

    const res = await fetch(
      `${url}/api/usage?from=${at(T0)}&to=${
        at(T0 + 86_400_000)
      }&group_by=downstream&interval=day`,
      { headers: AUTH },
    );
    assert.equal(res.status, 200);
    const report: UsageReportJson = await res.json();
    const zero = {
      cache_read_tokens: 0,
      cache_write_tokens: 0,
      reasoning_tokens: 0,
      unpriced_requests: 0,
    };
    assert.deepStrictEqual(report, {
      from: "2026-12-01T10:00:00.000Z",
      to: "2026-12-02T10:00:00.000Z",
      group_by: "downstream",
      interval: "day",
      totals: {
        requests: 3,
        errors: 1,
        input_tokens: 1100,
        output_tokens: 700,
        cache_read_tokens: 2000,
        cache_write_tokens: 500,
        reasoning_tokens: 50,
        cost_usd: 0.014975,
        unpriced_requests: 0,
      },
      groups: [
        {
          key: "anthropic",
          requests: 1,
          errors: 0,
          input_tokens: 100,
          output_tokens: 400,
          cache_read_tokens: 2000,
          cache_write_tokens: 500,
          reasoning_tokens: 0,
          cost_usd: 0.009225,
          unpriced_requests: 0,
          ttfb_ms_p50: 300,
          ttfb_ms_p95: 300,
          duration_ms_p50: 2000,
          duration_ms_p95: 2000,
        },
        {
          key: "openai",
          requests: 2,
          errors: 1,
          input_tokens: 1000,
          output_tokens: 300,
          ...zero,
          reasoning_tokens: 50,
          cost_usd: 0.00575,
          ttfb_ms_p50: 5,
          ttfb_ms_p95: 100,
          duration_ms_p50: 5,
          duration_ms_p95: 900,
        },
      ],
      series: [
        {
          t: "2026-12-01T00:00:00.000Z",
          key: "anthropic",
          requests: 1,
          errors: 0,
          input_tokens: 100,
          output_tokens: 400,
          cache_read_tokens: 2000,
          cache_write_tokens: 500,
          reasoning_tokens: 0,
          cost_usd: 0.009225,
          unpriced_requests: 0,
        },
        {
          t: "2026-12-01T00:00:00.000Z",
          key: "openai",
          requests: 2,
          errors: 1,
          input_tokens: 1000,
          output_tokens: 300,
          ...zero,
          reasoning_tokens: 50,
          cost_usd: 0.00575,
        },
      ],
    });
  });
});

Deno.test("[e2e] GET /api/usage refuses bad parameters with the field named", async () => {
  await withRouterDaemon(PASSWORD, async (url) => {
    for (
      const [search, field] of [
        ["from=last-week", "from"],
        ["group_by=provider", "group_by"],
        ["interval=week", "interval"],
        ["from=2020-01-01T00:00:00Z&to=2026-01-01T00:00:00Z", "interval"],
      ]
    ) {
      const res = await fetch(`${url}/api/usage?${search}`, { headers: AUTH });
      assert.equal(res.status, 400, search);
      assert.equal((await res.json()).field, field, search);
    }
  });
});

Deno.test("[e2e] GET /api/usage/export.csv streams the range's rows with the contract's header", async () => {
  await withRouterDaemon(PASSWORD, async (url, dir) => {
    seedTwoModels(dir);
    const res = await fetch(
      `${url}/api/usage/export.csv?from=${at(T0)}&to=${at(T0 + 3_600_000)}`,
      { headers: AUTH },
    );
    assert.equal(res.headers.get("content-type"), "text/csv; charset=utf-8");
    assert.match(
      res.headers.get("content-disposition") ?? "",
      /^attachment; filename="tresor-usage-2026-12-01\.csv"$/,
    );
    await res.body?.cancel();
    const { header, rows } = await readUsageCsv(
      url,
      `?from=${at(T0)}&to=${at(T0 + 3_600_000)}`,
      AUTH,
    );
    assert.equal(
      header.join(","),
      "time,key_name,path,client_format,downstream_id,alias_id,input_model,model,stream,status,input_tokens,output_tokens,cache_read_tokens,cache_write_tokens,reasoning_tokens,ttfb_ms,duration_ms,cost_usd,estimated",
    );
    assert.deepStrictEqual(
      rows.map((r) => [r.model, r.key_name, r.cache_write_tokens]),
      [
        ["claude-sonnet-4", "laptop", "500"],
      ],
    );
  });
});

Deno.test("[e2e] tresor usage prints the daemon's usage as a table, or as JSON", async () => {
  await withRouterDaemon(PASSWORD, async (url, dir) => {
    const now = Date.now();
    seedUsage(`${dir}/tresor.db`, [
      usageEntry({
        time: at(now - 3_600_000),
        downstream: "router",
        model_forwarded: "openai/gpt-4o-mini",
        key_name: "laptop",
        input_tokens: 1234,
        output_tokens: 56,
        cost_usd: 0.0002,
      }),
    ]);
    const run = async (args: string[]) => {
      const out: string[] = [];
      const err: string[] = [];
      const code = await main(
        ["--url", url, "--password", PASSWORD, ...args],
        {
          out: (t) => out.push(t),
          err: (t) => err.push(t),
          env: () => undefined,
          cwd: dir,
          home: undefined,
        },
      );
      return { code, out: out.join("\n"), err };
    };
    const table = await run(["usage", "--by", "key", "--since", "7d"]);
    assert.equal(table.code, 0, table.err.join("\n"));
    assert.match(table.out, /^KEY\s+REQUESTS/m);
    assert.match(
      table.out,
      /^laptop\s+1\s+0\s+1,234\s+56\s+0\s+0\s+\$0\.000\d+\s/m,
    );
    assert.match(table.out, /^TOTAL\s+1\s/m);
    const json = await run(["usage", "--json"]);
    assert.equal(json.code, 0);
    const report: UsageReportJson = JSON.parse(json.out);
    assert.equal(report.group_by, "model");
    assert.equal(report.totals.input_tokens, 1234);
    const bad = await run(["usage", "--by", "provider"]);
    assert.notEqual(bad.code, 0);
    assert.match(bad.err.join("\n"), /provider/);
  });
});
