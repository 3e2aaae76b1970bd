import assert from "node:assert/strict";
import {
  costCell,
  timingCell,
  tokensCell,
  tokensDetail,
} from "../../../islands/_LogUsage.tsx";
import { compactCount, formatUsd } from "../../../islands/usage_format.ts";
import { toModelPrice } from "../../../islands/_PriceList.tsx";
import { keyLabel, withNewKey } from "../../../islands/_ProxyKeys.tsx";
import { usageEntry } from "../../_helpers/usage_rows.ts";

const T = "2026-12-01T00:00:00.000Z";

Deno.test("compactCount() shortens large counts", () => {
  assert.deepStrictEqual(
    [0, 999, 1000, 1234, 12_345, 999_999, 2_000_000, 12_340_000].map(
      compactCount,
    ),
    ["0", "999", "1k", "1.2k", "12k", "1M", "2M", "12.3M"],
  );
});

Deno.test("tokensCell() shows the whole prompt → output, ~ for an estimate, – when unknown", () => {
  assert.equal(
    tokensCell(usageEntry({
      time: T,
      input_tokens: 100,
      cache_read_tokens: 2000,
      cache_write_tokens: 500,
      output_tokens: 400,
    })),
    "2.6k → 400",
  );
  assert.equal(
    tokensCell(usageEntry({
      time: T,
      input_tokens: 4,
      output_tokens: 11,
      usage_estimated: true,
    })),
    "~4 → 11",
  );
  assert.equal(tokensCell(usageEntry({ time: T, input_tokens: 8 })), "8 → –");
  assert.equal(tokensCell(usageEntry({ time: T })), "–");
});

Deno.test("costCell() shows the cost, unpriced tokens as unpriced, nothing used as –", () => {
  assert.equal(
    costCell(usageEntry({ time: T, cost_usd: 0.009225 })),
    "$0.00923",
  );
  assert.equal(
    costCell(usageEntry({ time: T, output_tokens: 3 })),
    "unpriced",
  );
  assert.equal(costCell(usageEntry({ time: T })), "–");
  assert.deepStrictEqual(
    [0, 0.000001, 0.00000075, 0.5, 1, 12.345].map(formatUsd),
    ["$0", "$0.000001", "$0.00000075", "$0.5", "$1.00", "$12.35"],
  );
});

Deno.test("timingCell() and tokensDetail() spell the numbers out", () => {
  assert.equal(
    timingCell(usageEntry({ time: T, ttfb_ms: 120.4, total_ms: 900 })),
    "120 / 900 ms",
  );
  assert.equal(
    timingCell(usageEntry({ time: T, ttfb_ms: null, total_ms: 5 })),
    "– / 5 ms",
  );
  assert.equal(
    tokensDetail(usageEntry({
      time: T,
      input_tokens: 100,
      cache_read_tokens: 2000,
      cache_write_tokens: 500,
      cache_write_1h_tokens: 200,
      output_tokens: 1400,
      reasoning_tokens: 300,
    })),
    "input 100, cache read 2,000, cache write 500 (200 for 1 h), output 1,400 (300 reasoning)",
  );
  assert.equal(
    tokensDetail(usageEntry({
      time: T,
      input_tokens: 4,
      output_tokens: 11,
      usage_estimated: true,
    })),
    "input 4, output 11 — estimated",
  );
});

Deno.test("toModelPrice() leaves blank optional prices out", () => {
  assert.deepStrictEqual(
    toModelPrice({
      model: "m",
      input: "2.5",
      output: "10",
      cache_read: "",
      cache_write: "3.75",
      cache_write_1h: " ",
    }),
    { input: 2.5, output: 10, cache_write: 3.75 },
  );
});

Deno.test("withNewKey() adds a plain or a named key; keyLabel() shows names with the masked key", () => {
  assert.deepStrictEqual(withNewKey(["***-123"], "", " sk-new "), [
    "***-123",
    "sk-new",
  ]);
  assert.deepStrictEqual(withNewKey([], " laptop ", "sk-l"), [
    { name: "laptop", key: "sk-l" },
  ]);
  assert.deepStrictEqual(withNewKey(["***-123"], "laptop", "  "), ["***-123"]);
  assert.equal(
    keyLabel({ name: "laptop", key: "***0042" }),
    "laptop (***0042)",
  );
  assert.equal(keyLabel("***-123"), "***-123");
});
