/**
 * One measurement of the standard benchmark (`deno task bench`): a load run against one target
 * on one workload (wrk, or the built-in loop where wrk is missing), the CPU time the target's
 * processes spent on it, and a concurrency-1 latency probe after it.
 *
 * @module
 */
import type { RequestSpec } from "./http_probe.ts";
import { type LoadResult, probeLatency, runLoop, runWrk } from "./load.ts";
import { cpuMicros } from "./proc.ts";
import type { Measurement } from "./summarise.ts";
import type { Target, Workload } from "./workloads.ts";

/** How hard and how long every load run is. */
export interface LoadPlan {
  readonly smoke: boolean;
  readonly connections: number;
  /** Per load run. */
  readonly seconds: number;
  /** Whether wrk is installed (else the built-in loop). */
  readonly wrk: boolean;
  /** Where wrk's Lua script is written. */
  readonly scriptPath: string;
  /** Prefix pinning the load generator (`taskset -c 0`), empty for none. */
  readonly pin: readonly string[];
}

/** A load run of `spec` against 127.0.0.1:`port` for `seconds` (bounded in count too). */
export function loadRun(
  plan: LoadPlan,
  spec: RequestSpec,
  port: number,
  seconds = plan.seconds,
): Promise<LoadResult> {
  const options = {
    host: "127.0.0.1",
    port,
    connections: plan.connections,
    seconds,
    maxRequests: plan.smoke ? 400 : 1_000_000,
    pin: plan.pin,
  };
  return plan.wrk
    ? runWrk(spec, { ...options, scriptPath: plan.scriptPath })
    : runLoop(spec, {
      ...options,
      seconds: Math.min(seconds, plan.smoke ? 0.5 : 10),
    });
}

/** Load, then the concurrency-1 probe, of `target` on `workload`; `pids` are whose CPU counts. */
export async function measure(
  plan: LoadPlan,
  round: number,
  workload: Workload,
  target: Target,
  port: number,
  pids?: readonly number[],
): Promise<Measurement> {
  const spec = workload.requests[target]!;
  const cpuBefore = pids ? await cpuMicros(pids) : 0;
  const load = await loadRun(plan, spec, port);
  const cpuAfter = pids ? await cpuMicros(pids) : 0;
  const c1 = await probeLatency(spec, {
    host: "127.0.0.1",
    port,
    count: plan.smoke ? 20 : workload.stream ? 500 : 2000,
    maxMs: plan.smoke ? 500 : workload.stream ? 2500 : 2000,
    warmup: plan.smoke ? 3 : 20,
  });
  return {
    round,
    workload: workload.name,
    target,
    load,
    cpuUsPerRequest: pids && load.requests > 0
      ? (cpuAfter - cpuBefore) / load.requests
      : null,
    c1,
  };
}

/** Whether `target` answers `workload` with a 2xx at all (one request). */
export async function answers(
  workload: Workload,
  target: Target,
  port: number,
): Promise<boolean> {
  try {
    const check = await probeLatency(workload.requests[target]!, {
      host: "127.0.0.1",
      port,
      count: 1,
      maxMs: 10_000,
      warmup: 0,
    });
    return check.errors === 0;
  } catch {
    return false; // the connection failed: it does not answer
  }
}
