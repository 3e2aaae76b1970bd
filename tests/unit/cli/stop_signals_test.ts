import assert from "node:assert/strict";
import {
  exitCodeFor,
  listenForStopSignals,
  type StopSignal,
} from "../../../cli/stop_signals.ts";

function fakeSignals() {
  const listeners = new Map<StopSignal, (() => void)[]>();
  const printed: string[] = [];
  const signals = listenForStopSignals({
    print: (line) => printed.push(line),
    drainMs: 10_000,
    listen: (signal, listener) =>
      listeners.set(signal, [...listeners.get(signal) ?? [], listener]),
  });
  const send = (signal: StopSignal) => {
    for (const listener of listeners.get(signal) ?? []) listener();
  };
  return { signals, send, printed };
}

/** Whether `promise` has settled (checked after the pending microtasks ran). */
async function settled(promise: Promise<unknown>): Promise<boolean> {
  let done = false;
  promise.then(() => done = true, () => done = true);
  await Promise.resolve();
  await Promise.resolve();
  return done;
}

Deno.test("listenForStopSignals() starts the drain on the first signal, silently", async () => {
  const { signals, send, printed } = fakeSignals();
  assert.equal(await settled(signals.stop), false);
  send("SIGTERM");
  assert.equal(await settled(signals.stop), true);
  assert.equal(await settled(signals.force), false);
  assert.deepStrictEqual(printed, []);
});

Deno.test("listenForStopSignals() ignores the second signal (the group's forwarded copy), saying so", async () => {
  const { signals, send, printed } = fakeSignals();
  send("SIGINT");
  send("SIGINT");
  assert.equal(await settled(signals.force), false);
  assert.deepStrictEqual(printed, [
    "tresor: already stopping: finishing in-flight requests (up to 10 s); a third signal forces an exit",
  ]);
});

Deno.test("listenForStopSignals() forces the exit on the third signal, whichever mix", async () => {
  const { signals, send, printed } = fakeSignals();
  send("SIGINT");
  send("SIGTERM");
  send("SIGTERM");
  assert.equal(await signals.force, "SIGTERM");
  assert.equal(
    printed.at(-1),
    "tresor: SIGTERM again: exiting now without finishing in-flight requests",
  );
  send("SIGINT");
  assert.equal(printed.length, 2);
});

Deno.test("exitCodeFor() is 128 plus the signal number", () => {
  assert.equal(exitCodeFor("SIGINT"), 130);
  assert.equal(exitCodeFor("SIGTERM"), 143);
});
