import assert from "node:assert/strict";
import {
  cpuMicros,
  memoryKib,
  processTree,
  resetPeak,
} from "../../../bench/proc.ts";

/** A shell that starts a child `sleep` and waits; both are killed at the end. */
async function withTree(
  body: (shell: number, child: number) => Promise<void>,
): Promise<void> {
  const shell = new Deno.Command("sh", {
    args: ["-c", "sleep 30 & echo $!; wait"],
    stdout: "piped",
    stderr: "null",
  }).spawn();
  const reader = shell.stdout.pipeThrough(new TextDecoderStream()).getReader();
  const child = Number((await reader.read()).value?.trim());
  try {
    await body(shell.pid, child);
  } finally {
    Deno.kill(child, "SIGKILL");
    await shell.status;
    reader.releaseLock();
    await shell.stdout.cancel().catch(() => {});
  }
}

Deno.test("processTree finds a process's children; memory and CPU sum over the processes given", async () => {
  await withTree(async (shell, child) => {
    assert.deepStrictEqual(await processTree(shell), [shell, child]);
    const one = await memoryKib([shell]);
    const other = await memoryKib([child]);
    const both = await memoryKib([shell, child]);
    assert.ok(one.rssKib > 0 && other.rssKib > 0);
    // Read at three moments: the sum is near the parts' sum, not one part.
    assert.ok(
      Math.abs(both.rssKib - (one.rssKib + other.rssKib)) < 512,
      `${both.rssKib} vs ${one.rssKib} + ${other.rssKib}`,
    );
    assert.equal(both.peakKib >= both.rssKib, true);
  });
});

Deno.test("cpuMicros reads this process's CPU time finer than the 10 ms ticks of /proc/<pid>/stat", async () => {
  const before = await cpuMicros([Deno.pid]);
  let x = 0;
  for (let i = 0; i < 2_000_000; i++) x += Math.sqrt(i);
  const spent = await cpuMicros([Deno.pid]) - before;
  assert.ok(spent > 0, `${spent} µs (${x})`);
  assert.notEqual(spent % 10_000, 0, `${spent} µs is a whole number of ticks`);
});

Deno.test("resetPeak brings a process's peak RSS down to its current RSS", async () => {
  await withTree(async (_shell, child) => {
    await resetPeak([child]);
    const after = await memoryKib([child]);
    assert.ok(after.peakKib - after.rssKib < 64, JSON.stringify(after));
  });
});

Deno.test("the /proc readers refuse what is not a process id", async () => {
  await assert.rejects(() => cpuMicros([]), RangeError);
  await assert.rejects(() => memoryKib([0]), RangeError);
  await assert.rejects(() => resetPeak([1.5]), RangeError);
});
