import assert from "node:assert/strict";
import { Deadlines } from "../../../gateway/deadlines.ts";

Deno.test("Deadlines fires a deadline that is not cancelled", async () => {
  const deadlines = new Deadlines();
  try {
    const fired = Promise.withResolvers<string>();
    deadlines.set(1, () => fired.resolve("fired"));
    assert.equal(await fired.promise, "fired");
  } finally {
    deadlines.close();
  }
});

Deno.test("Deadlines never fires a cancelled deadline, and fires the later ones of its length", async () => {
  const deadlines = new Deadlines();
  try {
    const calls: string[] = [];
    const last = Promise.withResolvers<void>();
    const cancelFirst = deadlines.set(2, () => calls.push("first"));
    deadlines.set(2, () => calls.push("second"));
    const cancelThird = deadlines.set(2, () => calls.push("third"));
    deadlines.set(2, () => {
      calls.push("fourth");
      last.resolve();
    });
    cancelFirst();
    cancelThird();
    cancelThird();
    await last.promise;
    assert.deepEqual(calls, ["second", "fourth"]);
  } finally {
    deadlines.close();
  }
});

Deno.test("Deadlines fires shorter lengths before longer ones set earlier", async () => {
  const deadlines = new Deadlines();
  try {
    const calls: string[] = [];
    const short = Promise.withResolvers<void>();
    const cancelLong = deadlines.set(60_000, () => calls.push("long"));
    deadlines.set(1, () => {
      calls.push("short");
      short.resolve();
    });
    await short.promise;
    assert.deepEqual(calls, ["short"]);
    cancelLong();
  } finally {
    deadlines.close();
  }
});

Deno.test("Deadlines fires a deadline set by a firing one", async () => {
  const deadlines = new Deadlines();
  try {
    const calls: string[] = [];
    const done = Promise.withResolvers<void>();
    deadlines.set(1, () => {
      calls.push("outer");
      deadlines.set(1, () => {
        calls.push("inner");
        done.resolve();
      });
    });
    await done.promise;
    assert.deepEqual(calls, ["outer", "inner"]);
  } finally {
    deadlines.close();
  }
});

/** A manual clock: timers run only when the test advances time. */
function fakeClock() {
  let time = 0;
  let nextId = 1;
  const timers = new Map<number, { at: number; fire: () => void }>();
  return {
    timers,
    now: () => time,
    setTimeout(fire: () => void, ms: number): number {
      const id = nextId++;
      timers.set(id, { at: time + ms, fire });
      return id;
    },
    clearTimeout(id: unknown) {
      if (typeof id === "number") timers.delete(id);
    },
    advance(ms: number) {
      time += ms;
      for (const [id, t] of [...timers]) {
        if (t.at <= time && timers.delete(id)) t.fire();
      }
    },
  };
}

Deno.test("Deadlines keeps one timer per length while deadlines are pending, none once all are cancelled", () => {
  const clock = fakeClock();
  const deadlines = new Deadlines(clock);
  const cancels = Array.from(
    { length: 3000 },
    () => deadlines.set(100, () => assert.fail("cancelled deadline fired")),
  );
  const cancelOther = deadlines.set(50, () => assert.fail("cancelled"));
  assert.equal(clock.timers.size, 2);
  for (const cancel of cancels) cancel();
  assert.equal(clock.timers.size, 1);
  cancelOther();
  assert.equal(clock.timers.size, 0);
  deadlines.close();
});

Deno.test("Deadlines fires at each deadline, not earlier, sleeping past cancelled ones", () => {
  const clock = fakeClock();
  const deadlines = new Deadlines(clock);
  const fired: string[] = [];
  const cancelA = deadlines.set(100, () => fired.push("a"));
  clock.advance(30);
  deadlines.set(100, () => fired.push("b"));
  clock.advance(30);
  deadlines.set(100, () => fired.push("c"));
  cancelA();
  clock.advance(40); // t=100: a's deadline, cancelled
  assert.deepEqual(fired, []);
  clock.advance(29); // t=129
  assert.deepEqual(fired, []);
  clock.advance(1); // t=130: b
  assert.deepEqual(fired, ["b"]);
  clock.advance(30); // t=160: c
  assert.deepEqual(fired, ["b", "c"]);
  assert.equal(clock.timers.size, 0);
  deadlines.close();
});

Deno.test("Deadlines.close() drops pending deadlines and their timers", () => {
  const clock = fakeClock();
  const deadlines = new Deadlines(clock);
  deadlines.set(100, () => assert.fail("closed deadline fired"));
  deadlines.set(200, () => assert.fail("closed deadline fired"));
  deadlines.close();
  assert.equal(clock.timers.size, 0);
  clock.advance(300);
});
