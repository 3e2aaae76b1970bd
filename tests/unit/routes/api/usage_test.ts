import assert from "node:assert/strict";
import {
  MAX_INTERVALS,
  parseUsageQuery,
  parseUsageRange,
} from "../../../../routes/api/usage.ts";

const NOW = Date.UTC(2026, 11, 6, 12, 0, 0);
const DAY = 86_400_000;

Deno.test("parseUsageQuery() defaults to the last 24 hours by model per hour", () => {
  assert.deepStrictEqual(parseUsageQuery(new URLSearchParams(), NOW), {
    from: NOW - DAY,
    to: NOW,
    groupBy: "model",
    interval: "hour",
  });
});

Deno.test("parseUsageQuery() reads ISO times, the grouping and the interval", () => {
  assert.deepStrictEqual(
    parseUsageQuery(
      new URLSearchParams({
        from: "2026-11-01T00:00:00Z",
        to: "2026-12-01T00:00:00.000Z",
        group_by: "key",
        interval: "day",
      }),
      NOW,
    ),
    {
      from: Date.UTC(2026, 10, 1),
      to: Date.UTC(2026, 11, 1),
      groupBy: "key",
      interval: "day",
    },
  );
  // `from` alone: up to now; `to` alone: the 24 hours before it.
  assert.equal(
    parseUsageRange(new URLSearchParams({ from: "2026-12-06T00:00:00Z" }), NOW)
      .to,
    NOW,
  );
  assert.equal(
    parseUsageRange(new URLSearchParams({ to: "2026-12-02T00:00:00Z" }), NOW)
      .from,
    Date.UTC(2026, 11, 1),
  );
});

const BAD: [string, Record<string, string>, string][] = [
  ["a time that is not ISO-8601", { from: "yesterday" }, "from"],
  ["an empty range", {
    from: "2026-12-02T00:00:00Z",
    to: "2026-12-02T00:00:00Z",
  }, "from"],
  ["a reversed range", {
    from: "2026-12-03T00:00:00Z",
    to: "2026-12-02T00:00:00Z",
  }, "from"],
  ["an unknown grouping", { group_by: "provider" }, "group_by"],
  ["an unknown interval", { interval: "minute" }, "interval"],
  ["too many hours", {
    from: "2025-01-01T00:00:00Z",
    to: "2026-01-01T00:00:00Z",
  }, "interval"],
];

for (const [name, params, field] of BAD) {
  Deno.test(`parseUsageQuery() refuses ${name}, naming the field`, () => {
    assert.throws(
      () => parseUsageQuery(new URLSearchParams(params), NOW),
      { name: "ValidationError", field },
    );
  });
}

Deno.test("parseUsageQuery() accepts 90 days of hours, the default retention", () => {
  const query = parseUsageQuery(
    new URLSearchParams({ from: new Date(NOW - 90 * DAY).toISOString() }),
    NOW,
  );
  assert.ok((query.to - query.from) / 3_600_000 <= MAX_INTERVALS);
});
