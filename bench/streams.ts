/**
 * `deno task bench:streams`: paced streams at several concurrency levels (default 1, 100 and
 * 1,000), each level's streams all started in the same instant, on each streaming workload,
 * against the mock directly (the control), Tresor and the installed peers. The mock paces every
 * stream like a model (`--events` events `--pace-ms` apart, by default 200 events 10 ms apart: a
 * two-second answer), so every stream stays open for its whole length and the gateway holds
 * them all at once.
 *
 * Each gateway run gets a fresh process: started, warmed up by a few paced streams, its peak
 * memory reset (`clear_refs`), then the level's streams, then its CPU time read once it is idle
 * again (deferred work — a request log, a usage record — counts), and it is stopped. Reported:
 * how many streams completed and why the others failed, first and last byte (and what the
 * gateway adds to the mock's own at the same level), CPU per SSE event delivered, idle and peak
 * RSS, and RSS per open stream ((peak − idle) / streams).
 *
 * Flags: `--streams 1,100,1000` (concurrency levels), `--events E` (per stream), `--pace-ms P`
 * (between events), `--workloads a,b` (of stream, stream_translate, anthropic_to_openai),
 * `--no-portkey`, `--no-ccr`, `--results-dir DIR`, `--smoke` (levels 1 and 20, 5 events 20 ms
 * apart, peers only if installed), `--tresor-flags "…"` (extra `deno run` flags for Tresor), `--capture off|errors|all` (Tresor's
 * `capture.mode`).
 * Peers are never installed here: `deno task bench` installs them.
 *
 * @module
 */
import { readFlags } from "./args.ts";
import { type RequestSpec } from "./http_probe.ts";
import { runPacedStreams } from "./paced_streams.ts";
import type { Peer } from "./peer.ts";
import { PEERS, readyPeers } from "./peers.ts";
import { cpuMicros, memoryKib, resetPeak } from "./proc.ts";
import {
  has,
  ROOT,
  run,
  type Service,
  startMock,
  startTresor,
  writeTresorConfig,
} from "./services.ts";
import { type StreamsRun, toMarkdown } from "./streams_report.ts";
import { checkStreamTargets } from "./targets.ts";
import { createWorkloads, type WorkloadName } from "./workloads.ts";

const STREAM_WORKLOADS = [
  "stream",
  "stream_translate",
  "anthropic_to_openai",
] as const satisfies readonly WorkloadName[];
type StreamWorkload = typeof STREAM_WORKLOADS[number];

interface Options {
  levels: number[];
  events: number;
  paceMs: number;
  /** Paced streams through each fresh gateway before it is measured. */
  warmup: number;
  workloads: StreamWorkload[];
  peers: Peer[];
  resultsDir: string;
  smoke: boolean;
  tresorFlags: string[];
  /** Tresor's `capture.mode`; its default (`errors`) when absent. */
  capture?: string;
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
    levels: flags.integers("--streams", smoke ? [1, 20] : [1, 100, 1000]),
    events: flags.number("--events", smoke ? 5 : 200),
    paceMs: flags.number("--pace-ms", smoke ? 20 : 10, -1),
    warmup: smoke ? 2 : 10,
    workloads,
    peers: PEERS.filter((p) => !flags.has(`--no-${p.name}`)),
    resultsDir: flags.value("--results-dir") ?? `${ROOT}bench/results`,
    smoke,
    tresorFlags: flags.words("--tresor-flags"),
    capture: flags.value("--capture"),
  };
}

// deno-lint-ignore no-console -- progress goes to stderr, the report to stdout
const progress = (line: string) => console.error(line);

/**
 * `pids`' CPU time once they are idle again: read at the start of the first half second in which
 * they spend under 1% of a core, or after `maxMs`.
 */
async function cpuWhenIdle(
  pids: readonly number[],
  maxMs: number,
): Promise<number> {
  const deadline = performance.now() + maxMs;
  let last = await cpuMicros(pids);
  while (performance.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 500));
    const now = await cpuMicros(pids);
    if (now - last < 5_000) return last;
    last = now;
  }
  return last;
}

/** One level's streams through a fresh gateway from `start`, measured as the module says. */
async function measureGateway(
  start: () => Promise<Service>,
  spec: RequestSpec,
  level: number,
  options: Options,
): Promise<Omit<StreamsRun, "workload" | "target">> {
  const maxMs = options.events * options.paceMs + 60_000;
  const service = await start();
  try {
    await runPacedStreams(service.port, spec, options.warmup, maxMs);
    const cpuBefore = await cpuWhenIdle(
      service.pids,
      options.smoke ? 2_000 : 10_000,
    );
    await resetPeak(service.pids);
    const idle = await memoryKib(service.pids);
    // RSS over the run, so the report shows whether the peak is the start burst or the streams.
    const samples: number[] = [];
    let sampling = Promise.resolve();
    const sampler = setInterval(() => {
      sampling = sampling.then(async () => {
        samples.push((await memoryKib(service.pids)).rssKib / 1024);
      });
    }, 250);
    const outcome = await runPacedStreams(service.port, spec, level, maxMs);
    clearInterval(sampler);
    await sampling;
    const cpuUs = await cpuWhenIdle(
      service.pids,
      options.smoke ? 2_000 : 30_000,
    ) - cpuBefore;
    const peakKib = (await memoryKib(service.pids)).peakKib;
    return {
      ...outcome,
      idleRssMb: idle.rssKib / 1024,
      peakRssMb: peakKib / 1024,
      rssPerStreamKib: (peakKib - idle.rssKib) / level,
      cpuS: cpuUs / 1e6,
      cpuUsPerEvent: outcome.events > 0 ? cpuUs / outcome.events : undefined,
      rssMb: samples.map((mb) => Math.round(mb)),
    };
  } finally {
    await service.stop();
  }
}

async function main(): Promise<number> {
  const options = parseArgs(Deno.args);
  const began = performance.now();
  const canPin = navigator.hardwareConcurrency >= 2 && await has("taskset");
  const loadPin = canPin ? ["taskset", "-c", "0"] : [];
  const gatewayPin = canPin ? ["taskset", "-c", "1"] : [];
  if (canPin) await run("taskset", ["-a", "-cp", "0", String(Deno.pid)]);
  const ready = await readyPeers(options.peers, false, progress);
  const notes = [
    ...PEERS.filter((p) => !options.peers.includes(p)).map((p) =>
      `${p.title} skipped (--no-${p.name})`
    ),
    ...ready.notes,
  ];
  for (const note of notes) progress(`bench:streams: ${note}`);
  const tempDir = await Deno.makeTempDir({ prefix: "tresor-streams-" });
  const runs: StreamsRun[] = [];
  let failed = false;
  let mock: Service | undefined;
  try {
    mock = await startMock(loadPin, [
      "--pace-ms",
      String(options.paceMs),
      "--events",
      String(options.events),
    ]);
    const mockUrl = `http://127.0.0.1:${mock.port}`;
    const configPath = await writeTresorConfig(tempDir, mockUrl, {
      capture: options.capture,
    });
    const workloads = createWorkloads(mockUrl);
    const maxMs = options.events * options.paceMs + 60_000;
    for (const name of options.workloads) {
      const workload = workloads.find((w) => w.name === name)!;
      // The control warms up too: the mock's first streams of a format cost it more.
      await runPacedStreams(
        mock.port,
        workload.requests.direct!,
        options.warmup,
        maxMs,
      );
      for (const level of options.levels) {
        progress(`bench:streams: ${name}, ${level} stream(s)`);
        const direct = await runPacedStreams(
          mock.port,
          workload.requests.direct!,
          level,
          maxMs,
        );
        runs.push({ ...direct, workload: name, target: "direct" });
        const gateways = [
          {
            target: "tresor",
            start: () =>
              startTresor(configPath, gatewayPin, options.tresorFlags),
          },
          ...ready.peers.filter((p) => workload.requests[p.name]).map((p) => ({
            target: p.name,
            start: () => p.start(mockUrl, gatewayPin),
          })),
        ];
        for (const { target, start } of gateways) {
          const spec = workload.requests[target as "tresor"]!;
          try {
            const measured = await measureGateway(start, spec, level, options);
            const r: StreamsRun = {
              ...measured,
              workload: name,
              target,
              addedTtfbP50Ms: measured.ttfbP50Ms - direct.ttfbP50Ms,
              addedLastByteP50Ms: measured.lastByteP50Ms - direct.lastByteP50Ms,
            };
            runs.push(r);
            progress(
              `  ${target.padEnd(8)} ${r.ok}/${r.streams} completed, ${
                r.cpuUsPerEvent?.toFixed(1)
              } µs CPU/event, peak RSS ${r.peakRssMb?.toFixed(1)} MB ${
                JSON.stringify(r.failures)
              }`,
            );
          } catch (err) {
            failed = true;
            notes.push(
              `${target} failed ${name} at ${level}: ${
                String(err).slice(0, 300)
              }`,
            );
            progress(`  ${notes.at(-1)}`);
          }
        }
      }
    }
  } finally {
    await mock?.stop();
    await Deno.remove(tempDir, { recursive: true });
  }
  const when = new Date().toISOString();
  const checks = checkStreamTargets(runs);
  const durationS = (performance.now() - began) / 1000;
  const markdown = toMarkdown(
    runs,
    checks,
    [
      `## Tresor paced streams (${when})`,
      "",
      `Concurrency ${
        options.levels.join(", ")
      }: that many streams started at once per run, ${options.events} events each, ${options.paceMs} ms apart; ${
        canPin
          ? "load generator + mock on core 0, gateway on core 1"
          : "not pinned"
      }; Deno ${Deno.version.deno}; a fresh gateway process per run, warmed up by ${options.warmup} paced streams; CPU read once the gateway is idle again; ${
        ready.peers.map((p) => `${p.title}: ${p.processes}`).join("; ") ||
        "no peer"
      }; ${durationS.toFixed(0)} s in all.`,
      ...(notes.length ? ["", ...notes.map((n) => `- ${n}`)] : []),
    ].join("\n"),
  );
  await Deno.mkdir(options.resultsDir, { recursive: true });
  const file = `${options.resultsDir}/streams-${options.smoke ? "smoke-" : ""}${
    when.replace(/[:.]/g, "-")
  }.json`;
  await Deno.writeTextFile(
    file,
    JSON.stringify(
      {
        options: { ...options, peers: ready.peers.map((p) => p.title) },
        durationS,
        notes,
        runs,
        checks,
        markdown,
      },
      null,
      2,
    ) + "\n",
  );
  // deno-lint-ignore no-console -- the report is this command's output
  console.log(`${markdown}\n\nResults: ${file}`);
  return !failed && runs.every((r) => r.ok === r.streams) ? 0 : 1;
}

if (import.meta.main) Deno.exit(await main());
