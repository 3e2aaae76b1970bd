import assert from "node:assert/strict";
import { formatUsage } from "../../../cli/usage_command.ts";
import type { UsageReportJson } from "../../../store/mod.ts";
import { usageSums } from "../../_helpers/usage_rows.ts";

const sums = usageSums;

const LATENCY = {
  ttfb_ms_p50: 120,
  ttfb_ms_p95: 900,
  duration_ms_p50: 2000,
  duration_ms_p95: 9000,
};

Deno.test("formatUsage() prints a row per group and a total, unpriced requests called out", () => {
  const report: UsageReportJson = {
    from: "2026-12-05T12:00:00.000Z",
    to: "2026-12-06T12:00:00.000Z",
    group_by: "model",
    interval: "hour",
    totals: sums({
      requests: 1250,
      errors: 3,
      input_tokens: 1_500_000,
      output_tokens: 90_000,
      cost_usd: 4.5,
      unpriced_requests: 10,
    }),
    groups: [
      {
        key: "claude-sonnet-4",
        ...sums({
          requests: 1240,
          errors: 3,
          input_tokens: 1_400_000,
          output_tokens: 80_000,
          cost_usd: 4.5,
        }),
        ...LATENCY,
      },
      {
        key: null,
        ...sums({
          requests: 10,
          input_tokens: 100_000,
          output_tokens: 10_000,
          unpriced_requests: 10,
        }),
        ...LATENCY,
        ttfb_ms_p50: null,
        ttfb_ms_p95: null,
      },
    ],
    series: [],
  };
  assert.equal(
    formatUsage(report),
    [
      "MODEL            REQUESTS  ERRORS  INPUT      OUTPUT  CACHE READ  CACHE WRITE  COST USD              TTFB P50  TTFB P95",
      "claude-sonnet-4  1,240     3       1,400,000  80,000  0           0            $4.50                 120 ms    900 ms",
      "(none)           10        0       100,000    10,000  0           0            - (+10 unpriced)      -         -",
      "TOTAL            1,250     3       1,500,000  90,000  0           0            $4.50 (+10 unpriced)",
    ].join("\n"),
  );
});

Deno.test("formatUsage() says so when nothing happened in the span", () => {
  assert.equal(
    formatUsage({
      from: "2026-12-05T12:00:00.000Z",
      to: "2026-12-06T12:00:00.000Z",
      group_by: "key",
      interval: "hour",
      totals: sums({}),
      groups: [],
      series: [],
    }),
    "No requests between 2026-12-05T12:00:00.000Z and 2026-12-06T12:00:00.000Z",
  );
});

Deno.test("formatUsage() keeps three significant digits of a cost under a dollar, never $0.00 for a priced sum", () => {
  const cheap = sums({ requests: 3, input_tokens: 32, cost_usd: 0.000009 });
  const out = formatUsage({
    from: "2026-12-05T12:00:00.000Z",
    to: "2026-12-06T12:00:00.000Z",
    group_by: "model",
    interval: "hour",
    totals: { ...cheap, cost_usd: 0.123456 },
    groups: [{ ...cheap, key: "gpt-4o-mini", ...LATENCY }],
    series: [],
  });
  assert.match(out, /^gpt-4o-mini .* \$0\.000009 /m);
  assert.match(out, /^TOTAL .* \$0\.123$/m);
});
