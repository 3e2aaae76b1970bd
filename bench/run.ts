/**
 * `deno task bench`: direct vs Tresor vs Portkey on five workloads, interleaved in rounds, with
 * the load generator and the mock upstream on core 0 and the gateways on core 1. Prints a
 * markdown report and writes the JSON under `bench/results/`.
 *
 * Flags: `--smoke` (one short round, no installs, Portkey only if already installed),
 * `--rounds N`, `--seconds S` (per load run), `--connections C`, `--no-portkey`,
 * `--results-dir DIR`, `--cpu-prof DIR` (starts Tresor with `--cpu-prof` into DIR),
 * `--tresor-flags "…"` (extra space-separated `deno run` flags for Tresor, for experiments),
 * `--capture off|errors|all` (Tresor's `capture.mode`; its default, `errors`, when absent).
 *
 * @module
 */
import { median, probeLatency, runLoop, runWrk } from "./load.ts";
import { cpuMicros, memoryKib } from "./proc.ts";
import { readFlags } from "./args.ts";
import { IDLE_COLLECT_WITHIN_MS } from "../net/mod.ts";
import { toMarkdown } from "./report.ts";
import { type Measurement, summarise } from "./summarise.ts";
import {
  has,
  install,
  PORTKEY_VERSION,
  portkeyInstalled,
  ROOT,
  run,
  type Service,
  startMock,
  startPortkey,
  startRelay,
  startTresor,
  writeTresorConfig,
} from "./services.ts";
import { checkTargets, type MemoryReport, type Summary } from "./targets.ts";
import {
  createWorkloads,
  type Target,
  TARGETS,
  type Workload,
} from "./workloads.ts";

interface Options {
  smoke: boolean;
  rounds: number;
  seconds: number;
  connections: number;
  portkey: boolean;
  resultsDir: string;
  cpuProfDir?: string;
  tresorFlags: string[];
  capture?: string;
}

function parseArgs(args: readonly string[]): Options {
  const flags = readFlags(args);
  const smoke = flags.has("--smoke");
  return {
    smoke,
    rounds: flags.number("--rounds", smoke ? 1 : 3),
    seconds: flags.number("--seconds", smoke ? 1 : 3),
    connections: flags.number("--connections", smoke ? 8 : 32),
    portkey: !flags.has("--no-portkey"),
    resultsDir: flags.value("--results-dir") ?? `${ROOT}bench/results`,
    cpuProfDir: flags.value("--cpu-prof"),
    tresorFlags: flags.words("--tresor-flags"),
    capture: flags.value("--capture"),
  };
}

// deno-lint-ignore no-console -- progress goes to stderr, the report to stdout
const progress = (line: string) => console.error(line);

async function main(): Promise<number> {
  const options = parseArgs(Deno.args);
  const notes: string[] = [];
  const began = performance.now();

  // Pinning: this process (load generator, probes) and the mock on core 0, gateways on core 1.
  const cores = navigator.hardwareConcurrency;
  const canPin = cores >= 2 && await has("taskset");
  const loadPin = canPin ? ["taskset", "-c", "0"] : [];
  const gatewayPin = canPin ? ["taskset", "-c", "1"] : [];
  if (canPin) {
    await run("taskset", ["-a", "-cp", "0", String(Deno.pid)]);
  } else {
    notes.push(
      `not pinned: ${cores} core(s), taskset ${canPin ? "" : "missing"}`,
    );
  }

  let wrk: boolean;
  let portkeyReady: boolean;
  if (options.smoke) {
    wrk = await has("wrk");
    portkeyReady = options.portkey && await portkeyInstalled() &&
      await has("node");
    if (!wrk) notes.push("wrk not installed: built-in load loop used");
  } else {
    const installed = await install(progress);
    notes.push(...installed.notes);
    wrk = installed.wrk;
    portkeyReady = options.portkey && installed.portkey;
  }
  if (!options.portkey) notes.push("Portkey skipped (--no-portkey)");
  else if (!portkeyReady) {
    notes.push(
      `Portkey skipped: @portkey-ai/gateway@${PORTKEY_VERSION} not installed (run deno task bench without --smoke to install it)`,
    );
  }
  if (options.tresorFlags.length > 0) {
    notes.push(`Tresor started with ${options.tresorFlags.join(" ")}`);
  }
  if (options.capture) notes.push(`Tresor's capture.mode: ${options.capture}`);
  for (const note of notes) progress(`bench: ${note}`);

  const services: Service[] = [];
  const tempDir = await Deno.makeTempDir({ prefix: "tresor-bench-" });
  try {
    const mock = await startMock(loadPin);
    services.push(mock);
    const mockUrl = `http://127.0.0.1:${mock.port}`;
    const configPath = await writeTresorConfig(tempDir, mockUrl, {
      capture: options.capture,
    });

    // Start-up: the first start warms the module cache; the next ones are measured.
    const startups: number[] = [];
    if (!options.smoke) {
      for (let i = 0; i < 4; i++) {
        const s = await startTresor(configPath, gatewayPin);
        if (i > 0) startups.push(s.startMs);
        await s.stop();
      }
    }
    const tresorFlags = [
      ...options.tresorFlags,
      ...(options.cpuProfDir
        ? ["--cpu-prof", `--cpu-prof-dir=${options.cpuProfDir}`]
        : []),
    ];
    const tresor = await startTresor(configPath, gatewayPin, tresorFlags);
    services.push(tresor);
    if (options.smoke) startups.push(tresor.startMs);
    const gateways: Partial<Record<Target, Service>> = { tresor };
    if (portkeyReady) {
      try {
        const portkey = await startPortkey(gatewayPin);
        services.push(portkey);
        gateways.portkey = portkey;
      } catch (err) {
        notes.push(`Portkey skipped: ${String(err).slice(0, 500)}`);
      }
    }
    // The floor under every gateway's added latency, on the gateways' core (bench/relay.ts).
    const relay = await startRelay(mock.port, gatewayPin);
    services.push(relay);
    /** Whose CPU time each load run reads: the gateways and the relay. */
    const processes: Partial<Record<Target, Service>> = { ...gateways, relay };
    const ports: Partial<Record<Target, number>> = {
      direct: mock.port,
      relay: relay.port,
      tresor: tresor.port,
      ...(gateways.portkey && { portkey: gateways.portkey.port }),
    };

    const idleBefore: Partial<Record<Target, number>> = {};
    for (const [name, s] of Object.entries(gateways)) {
      idleBefore[name as Target] = (await memoryKib(s.pid)).rssKib;
    }

    // Which (workload, target) pairs answer 200 at all; the rest are reported as n/a.
    const workloads = createWorkloads(mockUrl);
    const pairs: { workload: Workload; target: Target }[] = [];
    for (const workload of workloads) {
      for (const target of TARGETS) {
        const spec = workload.requests[target];
        const port = ports[target];
        if (!spec || port === undefined) continue;
        const check = await probeLatency(spec, {
          host: "127.0.0.1",
          port,
          count: 1,
          maxMs: 10_000,
          warmup: 0,
        });
        if (check.errors > 0) {
          notes.push(`${target} failed ${workload.name}: not measured`);
          continue;
        }
        pairs.push({ workload, target });
      }
    }

    const load = (spec: Workload["requests"][Target], port: number) => {
      const loadOptions = {
        host: "127.0.0.1",
        port,
        connections: options.connections,
        seconds: options.seconds,
        maxRequests: options.smoke ? 400 : 1_000_000,
        pin: loadPin,
      };
      return wrk
        ? runWrk(spec!, { ...loadOptions, scriptPath: `${tempDir}/load.lua` })
        : runLoop(spec!, {
          ...loadOptions,
          seconds: Math.min(options.seconds, options.smoke ? 0.5 : 10),
        });
    };
    const probe = (w: Workload, target: Target) =>
      probeLatency(w.requests[target]!, {
        host: "127.0.0.1",
        port: ports[target]!,
        count: options.smoke ? 20 : w.stream ? 500 : 2000,
        maxMs: options.smoke ? 500 : w.stream ? 2500 : 2000,
        warmup: options.smoke ? 3 : 20,
      });

    if (!options.smoke) {
      progress("bench: warming up");
      for (const { workload, target } of pairs) {
        await load(workload.requests[target], ports[target]!);
      }
    }

    const measurements: Measurement[] = [];
    const afterRound: Partial<Record<Target, number[]>> = {};
    for (let round = 0; round < options.rounds; round++) {
      progress(`bench: round ${round + 1}/${options.rounds}`);
      for (const workload of workloads) {
        const targets = pairs.filter((p) => p.workload === workload).map((p) =>
          p.target
        );
        // Rotate the order each round so drift and warm caches favour no target.
        const order = targets.map((_, i) =>
          targets[(i + round) % targets.length]
        );
        for (const target of order) {
          const service = processes[target];
          const cpuBefore = service ? await cpuMicros(service.pid) : 0;
          const result = await load(workload.requests[target], ports[target]!);
          const cpuAfter = service ? await cpuMicros(service.pid) : 0;
          const c1 = await probe(workload, target);
          measurements.push({
            round,
            workload: workload.name,
            target,
            load: result,
            cpuUsPerRequest: service && result.requests > 0
              ? (cpuAfter - cpuBefore) / result.requests
              : null,
            c1,
          });
          progress(
            `  ${workload.name.padEnd(20)} ${target.padEnd(8)} ${
              result.rps.toFixed(0).padStart(7)
            } req/s  c1 p50 ${c1.totalP50Us.toFixed(0)} µs${
              result.errors ? `  errors ${result.errors}` : ""
            }`,
          );
        }
      }
      for (const [name, s] of Object.entries(gateways)) {
        (afterRound[name as Target] ??= []).push(
          (await memoryKib(s.pid)).rssKib,
        );
      }
    }

    // Idle means idle: as long as Tresor's idle collector (net/idle_collector.ts) may take to
    // run, and a second, the same wait for every gateway.
    await new Promise((resolve) =>
      setTimeout(resolve, options.smoke ? 200 : IDLE_COLLECT_WITHIN_MS + 1000)
    );
    const memory: Summary["memory"] = {};
    for (const [name, s] of Object.entries(gateways)) {
      const m = await memoryKib(s.pid);
      const report: MemoryReport = {
        idleBeforeKib: idleBefore[name as Target]!,
        peakKib: m.peakKib,
        idleAfterKib: m.rssKib,
        afterRoundKib: afterRound[name as Target] ?? [],
      };
      memory[name as "tresor" | "portkey"] = report;
    }

    const summary: Summary = {
      cells: summarise(measurements),
      memory,
      startupMs: median(startups),
    };
    const checks = checkTargets(summary);
    const when = new Date().toISOString();
    const header = [
      `## Tresor benchmark (${options.smoke ? "smoke" : "full"} run, ${when})`,
      "",
      `${options.rounds} interleaved round(s); load: ${
        wrk
          ? `wrk -t1 -c${options.connections} -d${options.seconds}s`
          : `built-in loop, ${options.connections} connections`
      }; c1 = one keep-alive connection, sequential requests; ${
        canPin
          ? "load generator + mock pinned to core 0, gateways to core 1"
          : "not pinned"
      }; Deno ${Deno.version.deno}${
        portkeyReady ? `, Portkey ${PORTKEY_VERSION} on node` : ""
      }. Values are medians over rounds; "added" is gateway minus direct in the same round.`,
      ...(notes.length ? ["", ...notes.map((n) => `- ${n}`)] : []),
    ].join("\n");
    const markdown = toMarkdown(summary, checks, { header });

    await Deno.mkdir(options.resultsDir, { recursive: true });
    const file = `${options.resultsDir}/bench-${options.smoke ? "smoke-" : ""}${
      when.replace(/[:.]/g, "-")
    }.json`;
    await Deno.writeTextFile(
      file,
      JSON.stringify(
        {
          meta: {
            mode: options.smoke ? "smoke" : "full",
            date: when,
            rounds: options.rounds,
            seconds: options.seconds,
            connections: options.connections,
            loadGenerator: wrk ? "wrk" : "deno-loop",
            pinning: canPin ? { loadGeneratorAndMock: 0, gateways: 1 } : null,
            cores,
            deno: Deno.version.deno,
            portkey: gateways.portkey ? PORTKEY_VERSION : null,
            durationS: (performance.now() - began) / 1000,
          },
          notes,
          summary,
          checks,
          measurements,
          startupMs: startups,
          markdown,
        },
        null,
        2,
      ) + "\n",
    );
    // deno-lint-ignore no-console -- the report is this command's output
    console.log(`${markdown}\n\nResults: ${file}`);
    return 0;
  } finally {
    for (const s of services.reverse()) await s.stop();
    await Deno.remove(tempDir, { recursive: true });
  }
}

if (import.meta.main) Deno.exit(await main());
