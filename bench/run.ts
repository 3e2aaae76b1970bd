/**
 * `deno task bench`: direct vs the relay floor vs Tresor vs the peers (Portkey, claude-code-router)
 * on seven workloads, interleaved in rounds, with the load generator and the mock upstream on
 * core 0 and the gateways on core 1. Tresor and the relay run the whole benchmark; each peer is
 * started for one measurement (a warm-up load, the measured load, the concurrency-1 probe) and
 * stopped after it, so no peer works off a backlog while another gateway is measured. Prints a
 * markdown report and writes the JSON under `bench/results/`.
 *
 * Flags: `--smoke` (one short round, no installs, peers only if already installed),
 * `--rounds N`, `--seconds S` (per load run), `--connections C`, `--no-portkey`, `--no-ccr`,
 * `--results-dir DIR`, `--cpu-prof DIR` (starts Tresor with `--cpu-prof` into DIR),
 * `--tresor-flags "…"` (extra space-separated `deno run` flags for Tresor, for experiments),
 * `--capture off|errors|all` (Tresor's `capture.mode`; its default, `errors`, when absent).
 *
 * @module
 */
import { median } from "./load.ts";
import { memoryKib } from "./proc.ts";
import { readFlags } from "./args.ts";
import { IDLE_COLLECT_WITHIN_MS } from "../net/mod.ts";
import { answers, type LoadPlan, loadRun, measure } from "./measure.ts";
import type { Peer, PeerName } from "./peer.ts";
import { PEERS, readyPeers } from "./peers.ts";
import { toMarkdown } from "./report.ts";
import { type Measurement, summarise } from "./summarise.ts";
import {
  aptInstall,
  has,
  ROOT,
  run,
  type Service,
  startMock,
  startRelay,
  startTresor,
  writeTresorConfig,
} from "./services.ts";
import { checkTargets, type Summary } from "./targets.ts";
import { createWorkloads, type Target, type Workload } from "./workloads.ts";

interface Options {
  smoke: boolean;
  rounds: number;
  seconds: number;
  connections: number;
  peers: Peer[];
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
    peers: PEERS.filter((p) => !flags.has(`--no-${p.name}`)),
    resultsDir: flags.value("--results-dir") ?? `${ROOT}bench/results`,
    cpuProfDir: flags.value("--cpu-prof"),
    tresorFlags: flags.words("--tresor-flags"),
    capture: flags.value("--capture"),
  };
}

// deno-lint-ignore no-console -- progress goes to stderr, the report to stdout
const progress = (line: string) => console.error(line);

/** A peer's memory over its starts: RSS when it started listening, the highest peak. */
interface PeerMemory {
  idle: number[];
  peak: number;
}

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
    notes.push(`not pinned: ${cores} core(s), taskset missing`);
  }

  let wrk = await has("wrk");
  if (!wrk && !options.smoke) {
    wrk = await aptInstall(["wrk"], progress) && await has("wrk");
  }
  if (!wrk) notes.push("wrk not installed: built-in load loop used");
  for (const p of PEERS.filter((p) => !options.peers.includes(p))) {
    notes.push(`${p.title} skipped (--no-${p.name})`);
  }
  const ready = await readyPeers(options.peers, !options.smoke, progress);
  notes.push(...ready.notes);
  if (options.tresorFlags.length > 0) {
    notes.push(`Tresor started with ${options.tresorFlags.join(" ")}`);
  }
  if (options.capture) notes.push(`Tresor's capture.mode: ${options.capture}`);
  for (const note of notes) progress(`bench: ${note}`);
  const nodeVersion = ready.peers.length > 0
    ? (await run("node", ["--version"])).out.trim()
    : "";

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
    const tresor = await startTresor(configPath, gatewayPin, [
      ...options.tresorFlags,
      ...(options.cpuProfDir
        ? ["--cpu-prof", `--cpu-prof-dir=${options.cpuProfDir}`]
        : []),
    ]);
    services.push(tresor);
    if (options.smoke) startups.push(tresor.startMs);
    // The floor under every gateway's added latency, on the gateways' core (bench/relay.ts).
    const relay = await startRelay(mock.port, gatewayPin);
    services.push(relay);
    /** The targets that run the whole benchmark, and whose CPU time each load run reads. */
    const resident: Partial<Record<Target, Service | undefined>> = {
      direct: undefined,
      relay,
      tresor,
    };
    const ports: Partial<Record<Target, number>> = {
      direct: mock.port,
      relay: relay.port,
      tresor: tresor.port,
    };
    const tresorIdle = (await memoryKib(tresor.pids)).rssKib;

    const plan: LoadPlan = {
      smoke: options.smoke,
      connections: options.connections,
      seconds: options.seconds,
      wrk,
      scriptPath: `${tempDir}/load.lua`,
      pin: loadPin,
    };
    const peerWarmupS = options.smoke ? 0.5 : Math.min(options.seconds, 2);
    const peerMemory: Partial<Record<PeerName, PeerMemory>> = {};
    /** Starts `peer`, runs `body` on it, reads its memory and stops it; undefined if it failed. */
    const withPeer = async <T>(
      peer: Peer,
      body: (service: Service) => Promise<T>,
    ): Promise<T | undefined> => {
      let service: Service | undefined;
      try {
        service = await peer.start(mockUrl, gatewayPin);
        const memory = (peerMemory[peer.name] ??= { idle: [], peak: 0 });
        memory.idle.push((await memoryKib(service.pids)).rssKib);
        const result = await body(service);
        memory.peak = Math.max(
          memory.peak,
          (await memoryKib(service.pids)).peakKib,
        );
        return result;
      } catch (err) {
        notes.push(`${peer.title} failed: ${String(err).slice(0, 500)}`);
        progress(`bench: ${notes.at(-1)}`);
        return undefined;
      } finally {
        await service?.stop();
      }
    };

    // Which (workload, target) pairs answer 200 at all; the rest are reported as n/a.
    const workloads = createWorkloads(mockUrl);
    const pairs = new Set<string>();
    const key = (w: Workload, t: Target) => `${w.name}/${t}`;
    const note = (w: Workload, t: Target) => {
      notes.push(`${t} failed ${w.name}: not measured`);
    };
    for (const w of workloads) {
      for (const [target, port] of Object.entries(ports)) {
        if (await answers(w, target as Target, port)) {
          pairs.add(key(w, target as Target));
        } else note(w, target as Target);
      }
    }
    for (const peer of ready.peers) {
      await withPeer(peer, async (service) => {
        for (const w of workloads) {
          if (!w.requests[peer.name]) continue;
          if (await answers(w, peer.name, service.port)) {
            pairs.add(key(w, peer.name));
          } else note(w, peer.name);
        }
      });
      for (const w of workloads) {
        const why = w.unsupported?.[peer.name];
        if (why) notes.push(`${peer.title} cannot run ${w.name}: ${why}`);
      }
    }

    if (!options.smoke) {
      progress("bench: warming up");
      for (const w of workloads) {
        for (const [target, port] of Object.entries(ports)) {
          if (pairs.has(key(w, target as Target))) {
            await loadRun(plan, w.requests[target as Target]!, port);
          }
        }
      }
    }

    const measurements: Measurement[] = [];
    const afterRound: number[] = [];
    const record = (m: Measurement) => {
      measurements.push(m);
      progress(
        `  ${m.workload.padEnd(24)} ${m.target.padEnd(8)} ${
          m.load.rps.toFixed(0).padStart(7)
        } req/s  c1 p50 ${m.c1.totalP50Us.toFixed(0)} µs${
          m.load.errors ? `  errors ${m.load.errors}` : ""
        }`,
      );
    };
    for (let round = 0; round < options.rounds; round++) {
      progress(`bench: round ${round + 1}/${options.rounds}`);
      for (const w of workloads) {
        const targets = [
          ...Object.keys(ports),
          ...ready.peers.map((p) => p.name),
        ]
          .filter((t) => pairs.has(key(w, t as Target))) as Target[];
        // Rotate the order each round so drift and warm caches favour no target.
        const order = targets.map((_, i) =>
          targets[(i + round) % targets.length]
        );
        for (const target of order) {
          const peer = ready.peers.find((p) => p.name === target);
          if (!peer) {
            const pids = resident[target]?.pids;
            record(await measure(plan, round, w, target, ports[target]!, pids));
            continue;
          }
          const m = await withPeer(peer, async (service) => {
            await loadRun(plan, w.requests[target]!, service.port, peerWarmupS);
            return await measure(
              plan,
              round,
              w,
              target,
              service.port,
              service.pids,
            );
          });
          if (m) record(m);
        }
      }
      afterRound.push((await memoryKib(tresor.pids)).rssKib);
    }

    // Idle means idle: as long as Tresor's idle collector (net/idle_collector.ts) may take to
    // run, and a second.
    await new Promise((resolve) =>
      setTimeout(resolve, options.smoke ? 200 : IDLE_COLLECT_WITHIN_MS + 1000)
    );
    const tresorAfter = await memoryKib(tresor.pids);
    const memory: Summary["memory"] = {
      tresor: {
        idleBeforeKib: tresorIdle,
        peakKib: tresorAfter.peakKib,
        idleAfterKib: tresorAfter.rssKib,
        afterRoundKib: afterRound,
      },
    };
    for (const [name, m] of Object.entries(peerMemory)) {
      memory[name as PeerName] = {
        idleBeforeKib: median(m.idle),
        peakKib: m.peak,
        afterRoundKib: [],
      };
    }

    const summary: Summary = {
      cells: summarise(measurements),
      memory,
      startupMs: median(startups),
    };
    const checks = checkTargets(summary);
    const when = new Date().toISOString();
    const peerLine = ready.peers.length === 0
      ? ""
      : `; peers on Node ${nodeVersion.replace(/^v/, "")}: ${
        ready.peers.map((p) => `${p.title} (${p.processes})`).join(", ")
      }, each started for each of its measurements and warmed up by a ${peerWarmupS}-second load before it`;
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
      }; Deno ${Deno.version.deno}${peerLine}. Values are medians over rounds; "added" is gateway minus direct in the same round.`,
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
            node: nodeVersion || null,
            peers: ready.peers.map((p) => p.title),
            peerWarmupS,
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
