import assert from "node:assert/strict";
import parsePrometheusTextFormat from "parse-prometheus-text-format";
import { GatewayMetrics, MAX_SERIES } from "../../../gateway/metrics.ts";
import { toPrometheusText } from "../../../gateway/prometheus_text.ts";
import type { RequestLogEntry } from "../../../gateway/request_log.ts";

function entry(overrides: Partial<RequestLogEntry> = {}): RequestLogEntry {
  return {
    id: crypto.randomUUID(),
    time: "2026-12-01T00:00:00.000Z",
    level: "info",
    method: "POST",
    path: "/v1/messages",
    format_in: "anthropic",
    format_out: "anthropic",
    model_requested: "claude",
    model_forwarded: "claude-sonnet-4",
    alias: null,
    downstream: "ant",
    rules: [],
    plugins: [],
    status: 200,
    streamed: false,
    ttfb_ms: 80,
    total_ms: 700,
    ...overrides,
  };
}

function seriesOf(
  m: GatewayMetrics,
  family: "requests" | "tokens" | "cost" | "upstreamErrors",
) {
  return [...m[family].values.values()].map((s) => [...s.labels, s.value]);
}

Deno.test("GatewayMetrics.observe() counts requests, tokens by kind, cost and upstream errors", () => {
  const m = new GatewayMetrics();
  m.observe(entry({
    input_tokens: 10,
    output_tokens: 20,
    cache_read_tokens: 30,
    cache_write_tokens: 40,
    reasoning_tokens: 5,
    cost_usd: 0.5,
  }));
  m.observe(entry({ input_tokens: 1, output_tokens: 2, cost_usd: 0.25 }));
  m.observe(entry({
    status: 529,
    error: "Upstream returned status 529",
    error_kind: "upstream_error",
  }));
  m.observe(entry({
    downstream: null,
    model_forwarded: null,
    status: 401,
    error_kind: "authentication",
    ttfb_ms: 1,
    total_ms: 1,
  }));
  assert.deepStrictEqual(seriesOf(m, "requests"), [
    ["ant", "claude-sonnet-4", "200", 2],
    ["ant", "claude-sonnet-4", "529", 1],
    ["", "", "401", 1],
  ]);
  assert.deepStrictEqual(seriesOf(m, "tokens"), [
    ["ant", "claude-sonnet-4", "input", 11],
    ["ant", "claude-sonnet-4", "output", 22],
    ["ant", "claude-sonnet-4", "cache_read", 30],
    ["ant", "claude-sonnet-4", "cache_write", 40],
    ["ant", "claude-sonnet-4", "reasoning", 5],
  ]);
  assert.deepStrictEqual(seriesOf(m, "cost"), [[
    "ant",
    "claude-sonnet-4",
    0.75,
  ]]);
  assert.deepStrictEqual(seriesOf(m, "upstreamErrors"), [[
    "ant",
    "upstream_error",
    1,
  ]]);
  // Requests refused before routing have no downstream latency to record.
  assert.deepStrictEqual([...m.duration.keys()], ["ant"]);
  assert.equal(m.duration.get("ant")?.count, 3);
});

Deno.test("GatewayMetrics puts latencies in the first bucket that holds them", () => {
  const m = new GatewayMetrics();
  m.observe(entry({ ttfb_ms: 10, total_ms: 50 }));
  m.observe(entry({ ttfb_ms: 11, total_ms: 50_001 }));
  m.observe(entry({ ttfb_ms: 40_000, total_ms: 400_000 }));
  const ttfb = m.ttfb.get("ant")!;
  assert.equal(ttfb.counts[0], 1, "10 ms ≤ 0.01 s");
  assert.equal(ttfb.counts[1], 1, "11 ms ≤ 0.025 s");
  assert.equal(
    ttfb.counts[ttfb.buckets.length],
    1,
    "40 s is past the last bound",
  );
  const duration = m.duration.get("ant")!;
  assert.equal(duration.counts[0], 1);
  assert.equal(duration.counts[duration.buckets.indexOf(60)], 1);
  assert.equal(duration.counts[duration.buckets.length], 1);
  assert.equal(Math.round(duration.sum * 1000), 450_051);
});

Deno.test('GatewayMetrics folds models past the series bound into model="other"', () => {
  const m = new GatewayMetrics();
  for (let i = 0; i < MAX_SERIES + 50; i++) {
    m.observe(entry({ model_forwarded: `model-${i}` }));
  }
  assert.equal(m.requests.values.size, MAX_SERIES + 1);
  const other = [...m.requests.values.values()].find((s) =>
    s.labels[1] === "other"
  );
  assert.equal(other?.value, 50);
});

Deno.test("GatewayMetrics counts streams in flight", () => {
  const m = new GatewayMetrics();
  m.streamOpened();
  m.streamOpened();
  m.streamClosed();
  assert.equal(m.streamsInFlight, 1);
});

Deno.test("toPrometheusText() writes parseable text with escaped label values", () => {
  const m = new GatewayMetrics();
  m.observe(entry({
    model_forwarded: 'odd "model"\\with\nnewline',
    input_tokens: 3,
    cost_usd: 0.000001,
  }));
  const text = toPrometheusText(m, { version: "1.2.3" });
  const families: {
    name: string;
    type: string;
    metrics: { value?: string; labels?: Record<string, string> }[];
  }[] = parsePrometheusTextFormat(text);
  const byName = new Map(families.map((f) => [f.name, f]));
  assert.deepStrictEqual(
    [...byName.keys()],
    [
      "tresor_requests_total",
      "tresor_upstream_errors_total",
      "tresor_tokens_total",
      "tresor_cost_usd_total",
      "tresor_request_duration_seconds",
      "tresor_ttfb_seconds",
      "tresor_streams_in_flight",
      "tresor_build_info",
    ],
  );
  const request = byName.get("tresor_requests_total")!.metrics[0];
  assert.deepStrictEqual(request.labels, {
    downstream: "ant",
    model: 'odd "model"\\with\nnewline',
    status: "200",
  });
  assert.equal(
    byName.get("tresor_cost_usd_total")!.metrics[0].value,
    "0.000001",
  );
  assert.deepStrictEqual(byName.get("tresor_build_info")!.metrics[0], {
    value: "1",
    labels: { version: "1.2.3" },
  });
  assert.match(text, /^# TYPE tresor_ttfb_seconds histogram$/m);
  assert.match(
    text,
    /^tresor_ttfb_seconds_bucket\{downstream="ant",le="0.1"\} 1$/m,
  );
  assert.match(
    text,
    /^tresor_ttfb_seconds_bucket\{downstream="ant",le="\+Inf"\} 1$/m,
  );
  assert.ok(text.endsWith("\n"));
});
