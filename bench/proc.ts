/**
 * Reading processes' CPU time and memory from Linux `/proc` (no dependency, no sampling thread).
 * Every reader takes a list of process ids and sums over them: a gateway may run as several
 * processes (claude-code-router is a management service and the gateway it forks).
 *
 * @module
 */

/** Runs `sh -c script` and returns its stdout; Deno grants `/proc` access only with --allow-all. */
async function shell(script: string): Promise<string> {
  const result = await new Deno.Command("sh", {
    args: ["-c", script],
    stdout: "piped",
    stderr: "piped",
  }).output();
  if (!result.success) {
    throw new Error(
      `${script}: ${new TextDecoder().decode(result.stderr)}`,
    );
  }
  return new TextDecoder().decode(result.stdout);
}

function checkPids(pids: readonly number[]): void {
  if (pids.length === 0 || !pids.every((p) => Number.isInteger(p) && p > 0)) {
    throw new RangeError(`not process ids: ${pids.join(", ")}`);
  }
}

/**
 * User + system CPU time of `pids` (every thread) in microseconds, summed. Read from each
 * thread's `schedstat` (nanoseconds), since `/proc/<pid>/stat` counts in 10 ms ticks, too coarse
 * for one paced stream; a thread that ends between two readings takes its time with it, which
 * the long-lived gateway threads measured here do not.
 */
export async function cpuMicros(pids: readonly number[]): Promise<number> {
  checkPids(pids);
  const text = await shell(
    `cat ${pids.map((p) => `/proc/${p}/task/*/schedstat`).join(" ")}`,
  );
  let nanos = 0;
  for (const line of text.split("\n")) {
    if (line) nanos += Number(line.split(" ")[0]);
  }
  return nanos / 1000;
}

/** Resident memory now (`VmRSS`) and at its peak (`VmHWM`), in KiB. */
export interface Memory {
  readonly rssKib: number;
  /** The sum of each process's own peak when there are several (their peaks may not coincide). */
  readonly peakKib: number;
}

/** Resident memory of `pids`, summed. */
export async function memoryKib(pids: readonly number[]): Promise<Memory> {
  checkPids(pids);
  const text = await shell(
    `cat ${pids.map((p) => `/proc/${p}/status`).join(" ")}`,
  );
  const sum = (name: string) => {
    let kib = 0;
    for (const m of text.matchAll(new RegExp(`^${name}:\\s+(\\d+) kB`, "gm"))) {
      kib += Number(m[1]);
    }
    return kib;
  };
  return { rssKib: sum("VmRSS"), peakKib: sum("VmHWM") };
}

/** Resets the peak resident memory of `pids` to their current one (`clear_refs` 5, as root). */
export async function resetPeak(pids: readonly number[]): Promise<void> {
  checkPids(pids);
  await shell(pids.map((p) => `echo 5 > /proc/${p}/clear_refs`).join(" && "));
}

/** `pid` and every process it started, and theirs, by `ps`. */
export async function processTree(pid: number): Promise<number[]> {
  checkPids([pid]);
  const table = await shell("ps -e -o pid= -o ppid=");
  const children = new Map<number, number[]>();
  for (const line of table.split("\n")) {
    const [child, parent] = line.trim().split(/\s+/).map(Number);
    if (!child) continue;
    children.set(parent, [...children.get(parent) ?? [], child]);
  }
  const tree = [pid];
  for (let i = 0; i < tree.length; i++) {
    tree.push(...children.get(tree[i]) ?? []);
  }
  return tree;
}
