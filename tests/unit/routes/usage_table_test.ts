import assert from "node:assert/strict";
import type { UsageGroupJson } from "../../../store/mod.ts";
import {
  nextDir,
  sortGroups,
  sortValue,
} from "../../../routes/_usage_table.ts";
import { SORT_COLUMNS } from "../../../routes/_usage_query.ts";
import { usageGroup } from "../../_helpers/usage_rows.ts";

const group = usageGroup;

const GROUPS = [
  group("b", { requests: 3, cost_usd: 0.5, ttfb_ms_p50: 200 }),
  group("a", { requests: 3, cost_usd: null, unpriced_requests: 3 }),
  group(null, { requests: 1, cost_usd: 0.01, ttfb_ms_p50: 50 }),
  group("c", { requests: 7, cost_usd: 2, ttfb_ms_p50: 100 }),
];

const keys = (groups: UsageGroupJson[]) => groups.map((g) => g.key);

Deno.test("sortGroups() sorts by a number either way, ties by key", () => {
  assert.deepStrictEqual(keys(sortGroups(GROUPS, "requests", "desc")), [
    "c",
    "a",
    "b",
    null,
  ]);
  assert.deepStrictEqual(keys(sortGroups(GROUPS, "requests", "asc")), [
    null,
    "a",
    "b",
    "c",
  ]);
});

Deno.test("sortGroups() puts an unknown cost or latency last in both directions", () => {
  assert.deepStrictEqual(keys(sortGroups(GROUPS, "cost", "desc")), [
    "c",
    "b",
    null,
    "a",
  ]);
  assert.deepStrictEqual(keys(sortGroups(GROUPS, "cost", "asc")), [
    null,
    "b",
    "c",
    "a",
  ]);
  assert.deepStrictEqual(keys(sortGroups(GROUPS, "ttfb_p50", "asc")), [
    null,
    "c",
    "b",
    "a",
  ]);
});

Deno.test("sortGroups() sorts by name, a null key reading (none)", () => {
  assert.deepStrictEqual(keys(sortGroups(GROUPS, "key", "asc")), [
    null,
    "a",
    "b",
    "c",
  ]);
  assert.deepStrictEqual(keys(sortGroups(GROUPS, "key", "desc")), [
    "c",
    "b",
    "a",
    null,
  ]);
});

Deno.test("sortGroups() leaves its input alone", () => {
  const before = keys([...GROUPS]);
  sortGroups(GROUPS, "requests", "asc");
  assert.deepStrictEqual(keys([...GROUPS]), before);
});

Deno.test("sortValue() reads every column; tokens in are the whole prompt", () => {
  const g = group("m", {
    requests: 2,
    errors: 1,
    input_tokens: 10,
    cache_read_tokens: 100,
    cache_write_tokens: 1000,
    output_tokens: 7,
    cost_usd: 0.5,
    ttfb_ms_p50: 1,
    ttfb_ms_p95: 2,
    duration_ms_p50: 3,
    duration_ms_p95: 4,
  });
  assert.deepStrictEqual(
    SORT_COLUMNS.map((c) => [c, sortValue(g, c)]),
    [
      ["key", "m"],
      ["requests", 2],
      ["input", 1110],
      ["output", 7],
      ["cost", 0.5],
      ["errors", 1],
      ["ttfb_p50", 1],
      ["ttfb_p95", 2],
      ["duration_p50", 3],
      ["duration_p95", 4],
    ],
  );
});

Deno.test("nextDir() flips the sorted column; names start A→Z, amounts biggest first", () => {
  assert.equal(nextDir("cost", "cost", "desc"), "asc");
  assert.equal(nextDir("cost", "cost", "asc"), "desc");
  assert.equal(nextDir("requests", "cost", "asc"), "desc");
  assert.equal(nextDir("key", "cost", "desc"), "asc");
});
