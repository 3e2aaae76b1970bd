/**
 * The Prometheus text exposition format (version 0.0.4) of {@link GatewayMetrics}: `# HELP` and
 * `# TYPE` lines, one sample a line, label values escaped (`\\`, `\"`, `\n`), histograms as
 * cumulative `_bucket{le}` samples with `_sum` and `_count`.
 * https://prometheus.io/docs/instrumenting/exposition_formats/
 *
 * @module
 */
import type { CounterFamily, GatewayMetrics, Histogram } from "./metrics.ts";

/** The media type of the text format. */
export const PROMETHEUS_CONTENT_TYPE =
  "text/plain; version=0.0.4; charset=utf-8";

function escapeLabel(value: string): string {
  return value.replaceAll("\\", "\\\\").replaceAll('"', '\\"').replaceAll(
    "\n",
    "\\n",
  );
}

function labelSet(names: readonly string[], values: readonly string[]): string {
  if (names.length === 0) return "";
  return `{${
    names.map((name, i) => `${name}="${escapeLabel(values[i])}"`).join(",")
  }}`;
}

/** A number as the format writes it (`+Inf`, no exponent surprises for integers). */
function formatValue(value: number): string {
  if (value === Infinity) return "+Inf";
  return Number.isInteger(value)
    ? String(value)
    : String(Number(value.toPrecision(15)));
}

function header(out: string[], name: string, type: string, help: string): void {
  out.push(`# HELP ${name} ${help}`, `# TYPE ${name} ${type}`);
}

function counter(
  out: string[],
  name: string,
  help: string,
  f: CounterFamily,
): void {
  header(out, name, "counter", help);
  for (const { labels, value } of f.values.values()) {
    out.push(`${name}${labelSet(f.labels, labels)} ${formatValue(value)}`);
  }
}

function histograms(
  out: string[],
  name: string,
  help: string,
  byDownstream: ReadonlyMap<string, Histogram>,
): void {
  header(out, name, "histogram", help);
  for (const [downstream, h] of byDownstream) {
    let cumulative = 0;
    h.buckets.forEach((le, i) => {
      cumulative += h.counts[i];
      out.push(
        `${name}_bucket${
          labelSet(["downstream", "le"], [downstream, formatValue(le)])
        } ${cumulative}`,
      );
    });
    out.push(
      `${name}_bucket${
        labelSet(["downstream", "le"], [downstream, "+Inf"])
      } ${h.count}`,
      `${name}_sum${labelSet(["downstream"], [downstream])} ${
        formatValue(h.sum)
      }`,
      `${name}_count${labelSet(["downstream"], [downstream])} ${h.count}`,
    );
  }
}

/** The scrape body of `metrics`; `version` labels `tresor_build_info`. */
export function toPrometheusText(
  metrics: GatewayMetrics,
  build: { version: string },
): string {
  const out: string[] = [];
  counter(
    out,
    "tresor_requests_total",
    "Gateway requests by downstream, forwarded model and status.",
    metrics.requests,
  );
  counter(
    out,
    "tresor_upstream_errors_total",
    "Upstream failures by downstream and kind (unreachable, timeout, bad response, error answer).",
    metrics.upstreamErrors,
  );
  counter(
    out,
    "tresor_tokens_total",
    "Tokens by downstream, model and kind (reasoning tokens are also counted in output).",
    metrics.tokens,
  );
  counter(
    out,
    "tresor_cost_usd_total",
    "Cost in USD of priced requests by downstream and model.",
    metrics.cost,
  );
  histograms(
    out,
    "tresor_request_duration_seconds",
    "Time from a request's arrival to the end of its answer.",
    metrics.duration,
  );
  histograms(
    out,
    "tresor_ttfb_seconds",
    "Time from a request's arrival to the first byte of its answer.",
    metrics.ttfb,
  );
  header(
    out,
    "tresor_streams_in_flight",
    "gauge",
    "Streamed answers being sent.",
  );
  out.push(`tresor_streams_in_flight ${metrics.streamsInFlight}`);
  header(out, "tresor_build_info", "gauge", "The running build (always 1).");
  out.push(
    `tresor_build_info${labelSet(["version"], [build.version])} 1`,
  );
  return out.join("\n") + "\n";
}
