/**
 * `deno task bench:streams`: N concurrent paced streams (default 1,000), all started in the same
 * instant (the N client connections are opened first, then every request is sent at once),
 * against a fresh Tresor per workload (and against the mock directly as a control, and
 * Portkey when it is installed): how many fail and why, first- and last-byte latency, and the
 * gateway's peak resident memory. The mock paces each stream like a model (`--pace-ms`,
 * bench/mock_upstream.ts), so every stream stays open for its whole length and the gateway
 * holds them all at once.
 *
 * Flags: `--streams N`, `--events E` (per stream), `--pace-ms P` (between events),
 * `--workloads a,b` (of stream, stream_translate, anthropic_to_openai), `--no-portkey`,
 * `--results-dir DIR`, `--smoke` (50 streams of 5 events, 20 ms apart), `--tresor-flags "…"`
 * (extra `deno run` flags for Tresor, for experiments).
 *
 * @module
 */
import { HttpProbe, toRequestBytes } from "./http_probe.ts";
import { median, percentile } from "./load.ts";
import { cpuMicros, memoryKib } from "./proc.ts";
import { readFlags } from "./args.ts";
import {
  has,
  portkeyInstalled,
  ROOT,
  run,
  type Service,
  startMock,
  startPortkey,
  startTresor,
  writeTresorConfig,
} from "./services.ts";
import { createWorkloads, type WorkloadName } from "./workloads.ts";

const STREAM_WORKLOADS = [
  "stream",
  "stream_translate",
  "anthropic_to_openai",
] as const satisfies readonly WorkloadName[];
type StreamWorkload = typeof STREAM_WORKLOADS[number];

interface Options {
  streams: number;
  events: number;
  paceMs: number;
  workloads: StreamWorkload[];
  portkey: boolean;
  resultsDir: string;
  smoke: boolean;
  tresorFlags: string[];
}

function parseArgs(args: readonly string[]): Options {
  const flags = readFlags(args);
  const smoke = flags.has("--smoke");
  const workloads = (flags.value("--workloads") ?? STREAM_WORKLOADS.join(","))
    .split(",").map((w) => {
      if (!(STREAM_WORKLOADS as readonly string[]).includes(w)) {
        throw new RangeError(`unknown workload "${w}"`);
      }
      return w as StreamWorkload;
    });
  return {
    streams: flags.number("--streams", smoke ? 50 : 1000),
    events: flags.number("--events", smoke ? 5 : 20),
    paceMs: flags.number("--pace-ms", smoke ? 20 : 100, -1),
    workloads,
    portkey: !flags.has("--no-portkey"),
    resultsDir: flags.value("--results-dir") ?? `${ROOT}bench/results`,
    smoke,
    tresorFlags: flags.words("--tresor-flags"),
  };
}

/** How one stream ended. */
type Outcome =
  | { ok: true; ttfbUs: number; totalUs: number }
  | { ok: false; why: string };

const DECODER = new TextDecoder();

/** A chunked body's payload (the probe keeps the framing). */
function dechunk(raw: Uint8Array): string {
  const text = DECODER.decode(raw);
  let out = "";
  let at = 0;
  for (;;) {
    const lineEnd = text.indexOf("\r\n", at);
    if (lineEnd < 0) return out;
    const size = parseInt(text.slice(at, lineEnd), 16);
    if (!(size > 0)) return out;
    out += text.slice(lineEnd + 2, lineEnd + 2 + size);
    at = lineEnd + 2 + size + 2;
  }
}

/** A connection to the target, or why there is none. */
type Connected = { probe: HttpProbe } | { why: string };

async function connect(port: number): Promise<Connected> {
  try {
    return { probe: await HttpProbe.connect("127.0.0.1", port) };
  } catch (err) {
    return { why: `connect: ${(err as Error).name}` };
  }
}

/** One stream on its own connection, checked for its terminal event; bounded by `deadline`. */
async function oneStream(
  connected: Connected,
  request: Uint8Array,
  terminal: string,
  deadline: number,
): Promise<Outcome> {
  if ("why" in connected) return { ok: false, why: connected.why };
  const probe = connected.probe;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let timedOut = false;
  try {
    timer = setTimeout(() => {
      timedOut = true;
      probe.close();
    }, Math.max(deadline - Date.now(), 0));
    const timing = await probe.request(request);
    if (timing.status !== 200) {
      return { ok: false, why: `status ${timing.status}` };
    }
    const body = dechunk(probe.lastBody());
    if (body.includes('"error"')) return { ok: false, why: "error event" };
    if (!body.includes(terminal)) return { ok: false, why: "incomplete" };
    return { ok: true, ttfbUs: timing.ttfbUs, totalUs: timing.totalUs };
  } catch (err) {
    return {
      ok: false,
      why: timedOut ? "timeout" : `read: ${(err as Error).message}`,
    };
  } finally {
    clearTimeout(timer);
    if (!timedOut) probe.close();
  }
}

/** What one run of N streams against one target gave. */
interface RunResult {
  target: string;
  workload: StreamWorkload;
  streams: number;
  ok: number;
  failures: Record<string, number>;
  ttfbP50Ms: number;
  ttfbP99Ms: number;
  lastByteP50Ms: number;
  lastByteP99Ms: number;
  wallS: number;
  idleRssMb?: number;
  peakRssMb?: number;
  /** RSS every 250 ms during the run. */
  rssMb?: number[];
  cpuS?: number;
}

async function runStreams(
  target: string,
  workload: StreamWorkload,
  port: number,
  spec: { path: string; headers: Record<string, string>; body: string },
  options: Options,
  service?: Service,
): Promise<RunResult> {
  const request = toRequestBytes(spec, "127.0.0.1", port);
  // The answer is in the format of the path asked.
  const terminal = spec.path.endsWith("/messages")
    ? "event: message_stop"
    : "data: [DONE]";
  const before = service ? await memoryKib(service.pid) : undefined;
  const cpuBefore = service ? await cpuMicros(service.pid) : 0;
  // Connections first (a client's pool is warm), then every request in the same instant: the
  // gateway meets N streams at once and must open N upstream connections at once.
  const connections = await Promise.all(
    Array.from({ length: options.streams }, () => connect(port)),
  );
  const began = performance.now();
  // Generous: the stream's own length, plus a minute for connect storms and a loaded host.
  const deadline = Date.now() + options.events * options.paceMs + 60_000;
  // RSS over the run, so the report shows whether the peak is the start burst or the streams.
  const samples: number[] = [];
  let sampling = Promise.resolve();
  const sampler = service &&
    setInterval(() => {
      sampling = sampling.then(async () => {
        samples.push((await memoryKib(service.pid)).rssKib / 1024);
      });
    }, 250);
  const outcomes = await Promise.all(
    connections.map((c) => oneStream(c, request, terminal, deadline)),
  );
  clearInterval(sampler);
  await sampling;
  const wallS = (performance.now() - began) / 1000;
  const ok = outcomes.filter((o): o is Extract<Outcome, { ok: true }> => o.ok);
  const failures: Record<string, number> = {};
  for (const o of outcomes) {
    if (!o.ok) failures[o.why] = (failures[o.why] ?? 0) + 1;
  }
  const ttfb = ok.map((o) => o.ttfbUs / 1000).sort((a, b) => a - b);
  const total = ok.map((o) => o.totalUs / 1000).sort((a, b) => a - b);
  const result: RunResult = {
    target,
    workload,
    streams: options.streams,
    ok: ok.length,
    failures,
    ttfbP50Ms: median(ttfb),
    ttfbP99Ms: percentile(ttfb, 99),
    lastByteP50Ms: median(total),
    lastByteP99Ms: percentile(total, 99),
    wallS,
  };
  if (service && before) {
    const after = await memoryKib(service.pid);
    result.idleRssMb = before.rssKib / 1024;
    result.rssMb = samples.map((mb) => Math.round(mb));
    result.peakRssMb = after.peakKib / 1024;
    result.cpuS = (await cpuMicros(service.pid) - cpuBefore) / 1e6;
  }
  return result;
}

function toMarkdown(results: readonly RunResult[], header: string): string {
  const f = (n: number | undefined, digits = 0) =>
    n === undefined || !Number.isFinite(n) ? "–" : n.toFixed(digits);
  const lines = [
    header,
    "",
    "| workload | target | streams | completed | failures | first byte p50 / p99 | last byte p50 / p99 | idle RSS | peak RSS | CPU |",
    "|---|---|---:|---:|---|---:|---:|---:|---:|---:|",
  ];
  for (const r of results) {
    const failures = Object.entries(r.failures).map(([why, n]) => `${n} ${why}`)
      .join(", ") || "0";
    lines.push(
      `| ${r.workload} | ${r.target} | ${r.streams} | ${r.ok} | ${failures} | ${
        f(r.ttfbP50Ms)
      } / ${f(r.ttfbP99Ms)} ms | ${f(r.lastByteP50Ms)} / ${
        f(r.lastByteP99Ms)
      } ms | ${r.idleRssMb === undefined ? "–" : `${f(r.idleRssMb, 1)} MB`} | ${
        r.peakRssMb === undefined ? "–" : `${f(r.peakRssMb, 1)} MB`
      } | ${r.cpuS === undefined ? "–" : `${f(r.cpuS, 1)} s`} |`,
    );
  }
  return lines.join("\n");
}

// deno-lint-ignore no-console -- progress goes to stderr, the report to stdout
const progress = (line: string) => console.error(line);

async function main(): Promise<number> {
  const options = parseArgs(Deno.args);
  const canPin = navigator.hardwareConcurrency >= 2 && await has("taskset");
  const loadPin = canPin ? ["taskset", "-c", "0"] : [];
  const gatewayPin = canPin ? ["taskset", "-c", "1"] : [];
  if (canPin) await run("taskset", ["-a", "-cp", "0", String(Deno.pid)]);
  const portkey = options.portkey && await portkeyInstalled() &&
    await has("node");
  const tempDir = await Deno.makeTempDir({ prefix: "tresor-streams-" });
  const services: Service[] = [];
  const results: RunResult[] = [];
  try {
    const mock = await startMock(loadPin, [
      "--pace-ms",
      String(options.paceMs),
      "--events",
      String(options.events),
    ]);
    services.push(mock);
    const mockUrl = `http://127.0.0.1:${mock.port}`;
    const configPath = await writeTresorConfig(tempDir, mockUrl);
    const workloads = createWorkloads(mockUrl);
    const record = (r: RunResult) => {
      results.push(r);
      progress(
        `  ${r.workload.padEnd(20)} ${
          r.target.padEnd(8)
        } ${r.ok}/${r.streams} completed${
          r.peakRssMb === undefined
            ? ""
            : `, peak RSS ${r.peakRssMb.toFixed(1)} MB`
        } ${JSON.stringify(r.failures)}`,
      );
    };
    for (const name of options.workloads) {
      const workload = workloads.find((w) => w.name === name)!;
      progress(`bench:streams: ${name}`);
      record(
        await runStreams(
          "direct",
          name,
          mock.port,
          workload.requests.direct!,
          options,
        ),
      );
      // A fresh process per workload, so its peak RSS is this workload's own.
      const tresor = await startTresor(
        configPath,
        gatewayPin,
        options.tresorFlags,
      );
      try {
        record(
          await runStreams(
            "tresor",
            name,
            tresor.port,
            workload.requests.tresor!,
            options,
            tresor,
          ),
        );
      } finally {
        await tresor.stop();
      }
      const peer = workload.requests.portkey;
      if (portkey && peer) {
        const service = await startPortkey(gatewayPin);
        try {
          record(
            await runStreams(
              "portkey",
              name,
              service.port,
              peer,
              options,
              service,
            ),
          );
        } finally {
          await service.stop();
        }
      }
    }
  } finally {
    for (const s of services.reverse()) await s.stop();
    await Deno.remove(tempDir, { recursive: true });
  }
  const when = new Date().toISOString();
  const markdown = toMarkdown(
    results,
    `## Tresor concurrent streams (${when})\n\n${options.streams} streams started at once per run, ${options.events} events each, ${options.paceMs} ms apart; ${
      canPin
        ? "load generator + mock on core 0, gateway on core 1"
        : "not pinned"
    }; Deno ${Deno.version.deno}${portkey ? "" : "; Portkey not installed"}.`,
  );
  await Deno.mkdir(options.resultsDir, { recursive: true });
  const file = `${options.resultsDir}/streams-${options.smoke ? "smoke-" : ""}${
    when.replace(/[:.]/g, "-")
  }.json`;
  await Deno.writeTextFile(
    file,
    JSON.stringify({ options, results, markdown }, null, 2) + "\n",
  );
  // deno-lint-ignore no-console -- the report is this command's output
  console.log(`${markdown}\n\nResults: ${file}`);
  return results.every((r) => r.ok === r.streams) ? 0 : 1;
}

if (import.meta.main) Deno.exit(await main());
