/**
 * The Usage page's URL state. Times are built with local-time constructors, so the cases hold
 * in any time zone (`TZ=Asia/Kolkata deno test …` runs them at a half-hour offset).
 */
import assert from "node:assert/strict";
import {
  bucketUnit,
  exportHref,
  parseLocalTime,
  parseUsagePageQuery,
  presetRange,
  reportInterval,
  startOfLocalDay,
  toLocalInput,
  usageHref,
  type UsagePageQuery,
} from "../../../routes/_usage_query.ts";

const HOUR = 3_600_000;
const DAY = 86_400_000;
/** 6 December 2026, 15:45:30 local time. */
const NOW = new Date(2026, 11, 6, 15, 45, 30).getTime();

function parse(search: string) {
  return parseUsagePageQuery(new URLSearchParams(search), NOW);
}

Deno.test("parseUsagePageQuery() defaults to the last 24 hours, stacked and grouped by model, by cost", () => {
  assert.deepStrictEqual(parse(""), {
    ok: true,
    query: {
      range: "24h",
      from: NOW - DAY,
      to: NOW,
      stack: "model",
      group: "model",
      sort: "cost",
      dir: "desc",
    },
  });
});

Deno.test("presetRange() starts today at local midnight and the others back from now", () => {
  assert.deepStrictEqual(presetRange("today", NOW), {
    from: new Date(2026, 11, 6).getTime(),
    to: NOW,
  });
  assert.deepStrictEqual(presetRange("7d", NOW), {
    from: NOW - 7 * DAY,
    to: NOW,
  });
  assert.deepStrictEqual(presetRange("30d", NOW), {
    from: NOW - 30 * DAY,
    to: NOW,
  });
  assert.equal(startOfLocalDay(NOW), new Date(2026, 11, 6).getTime());
});

Deno.test("parseUsagePageQuery() reads a preset and every choice", () => {
  const parsed = parse("range=7d&stack=key&group=alias&sort=ttfb_p95&dir=asc");
  assert.deepStrictEqual(parsed, {
    ok: true,
    query: {
      range: "7d",
      from: NOW - 7 * DAY,
      to: NOW,
      stack: "key",
      group: "alias",
      sort: "ttfb_p95",
      dir: "asc",
    },
  });
});

Deno.test("parseUsagePageQuery() reads from/to as a custom range in local time", () => {
  const parsed = parse("from=2026-11-01T08:30&to=2026-11-02");
  assert.ok(parsed.ok);
  assert.equal(parsed.query.range, "custom");
  assert.equal(parsed.query.from, new Date(2026, 10, 1, 8, 30).getTime());
  assert.equal(parsed.query.to, new Date(2026, 10, 2).getTime());
  // Without `to`, the range runs to now.
  const open = parse("range=custom&from=2026-12-06T10:00");
  assert.ok(open.ok);
  assert.equal(open.query.to, NOW);
});

const BAD: [string, string][] = [
  [
    "range=week",
    'range must be one of today, 24h, 7d, 30d, custom, not "week"',
  ],
  ["stack=alias", 'stack must be one of downstream, model, key, not "alias"'],
  [
    "group=path",
    'group must be one of downstream, model, alias, key, not "path"',
  ],
  [
    "sort=name",
    'sort must be one of key, requests, input, output, cost, errors, ttfb_p50, ttfb_p95, duration_p50, duration_p95, not "name"',
  ],
  ["dir=up", 'dir must be one of asc, desc, not "up"'],
  ["range=custom", "Choose when the range starts (From)"],
  [
    "from=yesterday",
    'From must be a date and time such as 2026-12-01T09:30, not "yesterday"',
  ],
  [
    "from=2026-02-31",
    'From must be a date and time such as 2026-12-01T09:30, not "2026-02-31"',
  ],
  [
    "from=2026-12-01T24:30",
    'From must be a date and time such as 2026-12-01T09:30, not "2026-12-01T24:30"',
  ],
  [
    "from=2026-12-01&to=soon",
    'To must be a date and time such as 2026-12-01T18:00, not "soon"',
  ],
  ["from=2026-12-02&to=2026-12-01", "From must be before To"],
  ["from=2026-12-01T10:00&to=2026-12-01T10:00", "From must be before To"],
  ["from=2000-01-01&to=2026-01-01", "The range may span at most 2200 days"],
];

for (const [search, error] of BAD) {
  Deno.test(`parseUsagePageQuery() refuses ${search} with a message`, () => {
    const parsed = parse(search);
    assert.equal(parsed.ok, false);
    assert.equal(parsed.ok ? "" : parsed.error, error);
    // The page still has a query to draw its controls with: the defaults.
    assert.deepStrictEqual(parsed.query, parse("").query);
  });
}

Deno.test("parseLocalTime() takes datetime-local values, dates and zoned ISO times", () => {
  assert.equal(
    parseLocalTime("2026-12-01T09:30"),
    new Date(2026, 11, 1, 9, 30).getTime(),
  );
  assert.equal(
    parseLocalTime("2026-12-01T09:30:15"),
    new Date(2026, 11, 1, 9, 30, 15).getTime(),
  );
  assert.equal(parseLocalTime("2026-12-01"), new Date(2026, 11, 1).getTime());
  assert.equal(
    parseLocalTime("2026-12-01T09:30:00.000Z"),
    Date.UTC(2026, 11, 1, 9, 30),
  );
  assert.equal(
    parseLocalTime("2026-12-01T09:30+02:00"),
    Date.UTC(2026, 11, 1, 7, 30),
  );
  for (const bad of ["", "2026-13-01", "2026-12-01T9:30", "1733040000000"]) {
    assert.equal(parseLocalTime(bad), undefined, bad);
  }
});

Deno.test("toLocalInput() writes what a datetime-local input shows, to the minute", () => {
  assert.equal(toLocalInput(NOW), "2026-12-06T15:45");
  assert.equal(
    parseLocalTime(toLocalInput(NOW)),
    new Date(2026, 11, 6, 15, 45).getTime(),
  );
});

Deno.test("bucketUnit() charts up to two days per hour, longer per day; reportInterval() reads hours while the report allows", () => {
  const at = (span: number): UsagePageQuery => ({
    ...parse("").query,
    from: NOW - span,
  });
  assert.equal(bucketUnit(at(2 * DAY)), "hour");
  assert.equal(bucketUnit(at(2 * DAY + 1)), "day");
  assert.equal(reportInterval(at(30 * DAY)), "hour");
  assert.equal(reportInterval(at(2200 * HOUR)), "hour");
  assert.equal(reportInterval(at(2200 * HOUR + 1)), "day");
});

Deno.test("usageHref() writes only what differs from the defaults, and parses back", () => {
  const base = parse("").query;
  assert.equal(usageHref(base), "/usage");
  assert.equal(usageHref(base, { stack: "key" }), "/usage?stack=key");
  const query = parse("range=30d&group=key&sort=requests&dir=asc").query;
  const href = usageHref(query, { stack: "downstream" });
  assert.equal(
    href,
    "/usage?range=30d&stack=downstream&group=key&sort=requests&dir=asc",
  );
  const back = parseUsagePageQuery(new URL(href, "http://x").searchParams, NOW);
  assert.deepStrictEqual(back, {
    ok: true,
    query: { ...query, stack: "downstream" },
  });
});

Deno.test("usageHref() keeps a custom range as local from/to", () => {
  const query = parse("from=2026-11-01T08:30&to=2026-11-03T00:00").query;
  assert.equal(
    usageHref(query, { group: "alias" }),
    "/usage?from=2026-11-01T08%3A30&to=2026-11-03T00%3A00&group=alias",
  );
});

Deno.test("exportHref() asks the CSV for the same range in UTC", () => {
  const query = parse("from=2026-11-01T08:30&to=2026-11-03").query;
  assert.equal(
    exportHref(query),
    `/api/usage/export.csv?from=${
      encodeURIComponent(new Date(2026, 10, 1, 8, 30).toISOString())
    }&to=${encodeURIComponent(new Date(2026, 10, 3).toISOString())}`,
  );
});
