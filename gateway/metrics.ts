/**
 * The gateway's metrics, kept in memory and counted on the request path: a few map lookups and
 * additions per finished request (the record stage calls {@link GatewayMetrics.observe}), one
 * increment per stream opened or closed. `GET /metrics` renders them
 * (`prometheus_text.ts`). Label sets are bounded: past {@link MAX_SERIES} per metric, new
 * models are counted under `model="other"` so a client cannot grow memory without bound.
 *
 * Metrics (CONTRACT "Usage, cost, metrics"): `tresor_requests_total{downstream,model,status}`,
 * `tresor_upstream_errors_total{downstream,kind}`, `tresor_tokens_total{downstream,model,kind}`,
 * `tresor_cost_usd_total{downstream,model}`, the histograms
 * `tresor_request_duration_seconds{downstream}` and `tresor_ttfb_seconds{downstream}`,
 * `tresor_streams_in_flight` and `tresor_build_info{version}`. `model` is the forwarded model;
 * empty labels mean "none" (a request refused before routing).
 *
 * @module
 */
import type { RequestLogEntry } from "./request_log.ts";

/** Most label sets one metric keeps before folding new models into `other`. */
export const MAX_SERIES = 5000;

/** Upper bounds (seconds) of the duration histogram: LLM requests run from ms to minutes. */
export const DURATION_BUCKETS: readonly number[] = [
  0.05,
  0.1,
  0.25,
  0.5,
  1,
  2.5,
  5,
  10,
  30,
  60,
  120,
  300,
];

/** Upper bounds (seconds) of the time-to-first-byte histogram. */
export const TTFB_BUCKETS: readonly number[] = [
  0.01,
  0.025,
  0.05,
  0.1,
  0.25,
  0.5,
  1,
  2.5,
  5,
  10,
  30,
];

/** A histogram's state: per-bucket counts (not cumulative; the last is +Inf), sum and count. */
export interface Histogram {
  readonly buckets: readonly number[];
  readonly counts: number[];
  sum: number;
  count: number;
}

/** A counter family: label values (in the family's label order) to value. */
export interface CounterFamily {
  readonly labels: readonly string[];
  readonly values: Map<string, { labels: readonly string[]; value: number }>;
}

/** The token kinds of `tresor_tokens_total` (reasoning tokens are also counted in output). */
const TOKEN_KINDS = [
  ["input", "input_tokens"],
  ["output", "output_tokens"],
  ["cache_read", "cache_read_tokens"],
  ["cache_write", "cache_write_tokens"],
  ["reasoning", "reasoning_tokens"],
] as const satisfies readonly (readonly [string, keyof RequestLogEntry])[];

function family(labels: readonly string[]): CounterFamily {
  return { labels, values: new Map() };
}

function histogram(buckets: readonly number[]): Histogram {
  return {
    buckets,
    counts: new Array(buckets.length + 1).fill(0),
    sum: 0,
    count: 0,
  };
}

function observeHistogram(h: Histogram, value: number): void {
  let i = 0;
  while (i < h.buckets.length && value > h.buckets[i]) i++;
  h.counts[i]++;
  h.sum += value;
  h.count++;
}

/** Adds `amount` to the series of `labels`, folding a new model past the bound into `other`. */
function add(f: CounterFamily, labels: string[], amount: number): void {
  let key = labels.join("\u0000");
  let series = f.values.get(key);
  if (series === undefined) {
    const model = f.labels.indexOf("model");
    if (f.values.size >= MAX_SERIES && model >= 0) {
      labels[model] = "other";
      key = labels.join("\u0000");
      series = f.values.get(key);
    }
    if (series === undefined) {
      series = { labels, value: 0 };
      f.values.set(key, series);
    }
  }
  series.value += amount;
}

/** The in-memory metrics of one gateway. */
export class GatewayMetrics {
  readonly requests: CounterFamily = family(["downstream", "model", "status"]);
  readonly upstreamErrors: CounterFamily = family(["downstream", "kind"]);
  readonly tokens: CounterFamily = family(["downstream", "model", "kind"]);
  readonly cost: CounterFamily = family(["downstream", "model"]);
  readonly duration: Map<string, Histogram> = new Map();
  readonly ttfb: Map<string, Histogram> = new Map();
  #streamsInFlight = 0;

  /** Streams whose body is still being sent. */
  get streamsInFlight(): number {
    return this.#streamsInFlight;
  }

  /** A streamed body started. */
  streamOpened(): void {
    this.#streamsInFlight++;
  }

  /** A streamed body ended, failed or was cancelled. */
  streamClosed(): void {
    this.#streamsInFlight--;
  }

  /** Counts one finished request. */
  observe(entry: RequestLogEntry): void {
    const downstream = entry.downstream ?? "";
    const model = entry.model_forwarded ?? "";
    add(this.requests, [downstream, model, String(entry.status)], 1);
    const kind = entry.error_kind;
    if (kind !== undefined && kind.startsWith("upstream_")) {
      add(this.upstreamErrors, [downstream, kind], 1);
    }
    for (const [label, field] of TOKEN_KINDS) {
      const count = entry[field];
      if (count !== undefined && count > 0) {
        add(this.tokens, [downstream, model, label], count);
      }
    }
    if (entry.cost_usd !== undefined) {
      add(this.cost, [downstream, model], entry.cost_usd);
    }
    // Only requests that reached a downstream have a latency worth a histogram.
    if (entry.downstream === null) return;
    if (entry.total_ms !== null) {
      observeHistogram(
        this.#histogramOf(this.duration, downstream, DURATION_BUCKETS),
        entry.total_ms / 1000,
      );
    }
    if (entry.ttfb_ms !== null) {
      observeHistogram(
        this.#histogramOf(this.ttfb, downstream, TTFB_BUCKETS),
        entry.ttfb_ms / 1000,
      );
    }
  }

  #histogramOf(
    map: Map<string, Histogram>,
    downstream: string,
    buckets: readonly number[],
  ): Histogram {
    let h = map.get(downstream);
    if (h === undefined) {
      h = histogram(buckets);
      map.set(downstream, h);
    }
    return h;
  }
}
