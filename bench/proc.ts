/**
 * Reading a process's CPU time and memory from Linux `/proc` (no dependency, no sampling thread).
 *
 * @module
 */

/** Reads a `/proc` file. Deno grants `/proc` reads only with --allow-all, so `cat` reads it. */
async function readProc(path: string): Promise<string> {
  const result = await new Deno.Command("cat", {
    args: [path],
    stdout: "piped",
    stderr: "piped",
  }).output();
  if (!result.success) {
    throw new Error(
      `Cannot read ${path}: ${new TextDecoder().decode(result.stderr)}`,
    );
  }
  return new TextDecoder().decode(result.stdout);
}

/** Clock ticks per second of `/proc/<pid>/stat` times (USER_HZ, 100 on Linux). */
const USER_HZ = 100;

/** User + system CPU time of `pid` (all threads) in microseconds. */
export async function cpuMicros(pid: number): Promise<number> {
  const stat = await readProc(`/proc/${pid}/stat`);
  // The command name may contain spaces; fields restart after its closing parenthesis.
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  // Fields 14 and 15 of stat (utime, stime) are at 11 and 12 after the state field.
  const ticks = Number(fields[11]) + Number(fields[12]);
  return ticks * (1_000_000 / USER_HZ);
}

/** Resident memory of `pid`: now (`VmRSS`) and the peak so far (`VmHWM`), in KiB. */
export async function memoryKib(
  pid: number,
): Promise<{ rssKib: number; peakKib: number }> {
  const status = await readProc(`/proc/${pid}/status`);
  const field = (name: string) =>
    Number(new RegExp(`^${name}:\\s+(\\d+) kB`, "m").exec(status)?.[1] ?? NaN);
  return { rssKib: field("VmRSS"), peakKib: field("VmHWM") };
}
