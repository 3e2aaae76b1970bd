/**
 * Load generation: `wrk` with a generated Lua script (POST body, headers, a JSON summary line),
 * or — where wrk is not installed — a bounded loop of {@link HttpProbe} workers. Both report
 * requests/s and latency percentiles in microseconds. The concurrency-1 latency probe lives here
 * too.
 *
 * @module
 */
import { HttpProbe, type RequestSpec, toRequestBytes } from "./http_probe.ts";

/** Result of one load run. */
export interface LoadResult {
  readonly requests: number;
  readonly seconds: number;
  readonly rps: number;
  readonly p50Us: number;
  readonly p99Us: number;
  /** Socket errors plus non-2xx answers. */
  readonly errors: number;
}

/** Result of a concurrency-1 probe. */
export interface ProbeResult {
  readonly samples: number;
  readonly ttfbP50Us: number;
  readonly ttfbP99Us: number;
  readonly totalP50Us: number;
  readonly totalP99Us: number;
  readonly errors: number;
}

/** Where and how hard to load. */
export interface LoadOptions {
  readonly host: string;
  readonly port: number;
  readonly connections: number;
  /** wrk takes whole seconds. */
  readonly seconds: number;
  /** Upper bound of requests for the built-in loop. */
  readonly maxRequests: number;
  /** Prefix for `wrk` (e.g. `taskset -c 0`), empty for none. */
  readonly pin: readonly string[];
}

/** The `p`-th percentile (0–100) of sorted `values`; NaN when empty. */
export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return NaN;
  const index = Math.min(
    sorted.length - 1,
    Math.max(0, Math.ceil((p / 100) * sorted.length) - 1),
  );
  return sorted[index];
}

/** The median of `values` (any order); NaN when empty. */
export function median(values: readonly number[]): number {
  const sorted = values.filter((v) => Number.isFinite(v)).sort((a, b) => a - b);
  if (sorted.length === 0) return NaN;
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

function luaString(text: string): string {
  let level = "";
  while (text.includes(`]${level}]`)) level += "=";
  return `[${level}[${text}]${level}]`;
}

/** The wrk Lua script for `spec`: the request, and a `WRK_JSON {...}` line at the end. */
export function toWrkScript(spec: RequestSpec): string {
  const lines = [
    `wrk.method = "POST"`,
    `wrk.path = ${luaString(spec.path)}`,
    `wrk.body = ${luaString(spec.body)}`,
    `wrk.headers["content-type"] = "application/json"`,
  ];
  for (const [name, value] of Object.entries(spec.headers)) {
    lines.push(`wrk.headers[ ${luaString(name)} ] = ${luaString(value)}`);
  }
  lines.push(
    "done = function(summary, latency, requests)",
    "  local e = summary.errors",
    '  io.write(string.format(\'WRK_JSON {"requests":%d,"duration_us":%d,"p50_us":%d,"p99_us":%d,"socket_errors":%d,"status_errors":%d}\\n\',',
    "    summary.requests, summary.duration, latency:percentile(50), latency:percentile(99),",
    "    e.connect + e.read + e.write + e.timeout, e.status))",
    "end",
  );
  return lines.join("\n") + "\n";
}

/** Runs wrk against `spec` (script written to `scriptPath`). */
export async function runWrk(
  spec: RequestSpec,
  options: LoadOptions & { scriptPath: string },
): Promise<LoadResult> {
  await Deno.writeTextFile(options.scriptPath, toWrkScript(spec));
  const [cmd, ...pinArgs] = [...options.pin, "wrk"];
  const output = await new Deno.Command(cmd, {
    args: [
      ...pinArgs,
      "-t1",
      `-c${options.connections}`,
      `-d${Math.max(1, Math.round(options.seconds))}s`,
      "--timeout",
      "10s",
      "-s",
      options.scriptPath,
      `http://${options.host}:${options.port}`,
    ],
    stdout: "piped",
    stderr: "piped",
  }).output();
  const text = new TextDecoder().decode(output.stdout);
  const match = /WRK_JSON (\{.*\})/.exec(text);
  if (!output.success || !match) {
    throw new Error(
      `wrk failed: ${new TextDecoder().decode(output.stderr)}\n${text}`,
    );
  }
  const raw = JSON.parse(match[1]);
  const seconds = raw.duration_us / 1e6;
  return {
    requests: raw.requests,
    seconds,
    rps: raw.requests / seconds,
    p50Us: raw.p50_us,
    p99Us: raw.p99_us,
    errors: raw.socket_errors + raw.status_errors,
  };
}

/** The built-in load loop: `connections` keep-alive workers, bounded by time and count. */
export async function runLoop(
  spec: RequestSpec,
  options: LoadOptions,
): Promise<LoadResult> {
  const request = toRequestBytes(spec, options.host, options.port);
  const latencies: number[] = [];
  let errors = 0;
  let issued = 0;
  const start = performance.now();
  const deadline = start + options.seconds * 1000;
  const worker = async () => {
    const probe = await HttpProbe.connect(options.host, options.port);
    try {
      while (issued < options.maxRequests && performance.now() < deadline) {
        issued++;
        const timing = await probe.request(request);
        if (timing.status < 200 || timing.status >= 300) errors++;
        latencies.push(timing.totalUs);
      }
    } finally {
      probe.close();
    }
  };
  await Promise.all(Array.from({ length: options.connections }, worker));
  const seconds = (performance.now() - start) / 1000;
  latencies.sort((a, b) => a - b);
  return {
    requests: latencies.length,
    seconds,
    rps: latencies.length / seconds,
    p50Us: percentile(latencies, 50),
    p99Us: percentile(latencies, 99),
    errors,
  };
}

/** Sequential requests on one keep-alive connection, bounded by `count` and `maxMs`. */
export async function probeLatency(
  spec: RequestSpec,
  options: {
    host: string;
    port: number;
    count: number;
    maxMs: number;
    warmup: number;
  },
): Promise<ProbeResult> {
  const request = toRequestBytes(spec, options.host, options.port);
  const probe = await HttpProbe.connect(options.host, options.port);
  const ttfb: number[] = [];
  const total: number[] = [];
  let errors = 0;
  try {
    for (let i = 0; i < options.warmup; i++) await probe.request(request);
    const deadline = performance.now() + options.maxMs;
    while (total.length < options.count && performance.now() < deadline) {
      const timing = await probe.request(request);
      if (timing.status < 200 || timing.status >= 300) errors++;
      ttfb.push(timing.ttfbUs);
      total.push(timing.totalUs);
    }
  } finally {
    probe.close();
  }
  ttfb.sort((a, b) => a - b);
  total.sort((a, b) => a - b);
  return {
    samples: total.length,
    ttfbP50Us: percentile(ttfb, 50),
    ttfbP99Us: percentile(ttfb, 99),
    totalP50Us: percentile(total, 50),
    totalP99Us: percentile(total, 99),
    errors,
  };
}
