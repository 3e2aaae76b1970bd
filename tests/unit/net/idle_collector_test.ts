import assert from "node:assert/strict";
import {
  createIdleCheck,
  exposedGc,
  type GcFunction,
  startIdleCollector,
} from "../../../net/idle_collector.ts";

Deno.test("createIdleCheck() collects once after activity, when enough checks in a row see no request", () => {
  let requests = 0;
  let collections = 0;
  const check = createIdleCheck(() => requests, () => collections++, 2);
  // Idle from the start: nothing grew, nothing to give back.
  assert.equal(check(), false);
  assert.equal(check(), false);
  assert.equal(check(), false);
  // Busy: requests keep coming between checks.
  requests += 10;
  assert.equal(check(), false);
  requests += 3;
  assert.equal(check(), false);
  // One quiet check is a pause, not idleness; a request after it starts the count again.
  assert.equal(check(), false);
  requests++;
  assert.equal(check(), false);
  assert.equal(check(), false);
  assert.equal(collections, 0);
  // The second quiet check in a row collects; further quiet checks do not.
  assert.equal(check(), true);
  assert.equal(check(), false);
  assert.equal(check(), false);
  assert.equal(collections, 1);
  // The next burst earns the next collection.
  requests++;
  assert.equal(check(), false);
  assert.equal(check(), false);
  assert.equal(check(), true);
  assert.equal(collections, 2);
});

Deno.test("createIdleCheck() with one quiet check collects on the first check without a request", () => {
  let requests = 0;
  let collections = 0;
  const check = createIdleCheck(() => requests, () => collections++, 1);
  requests++;
  assert.equal(check(), false);
  assert.equal(check(), true);
  assert.equal(collections, 1);
});

Deno.test("startIdleCollector() runs V8's last-resort collection after traffic stops", async () => {
  let requests = 0;
  const calls: Parameters<GcFunction>[0][] = [];
  const durations: number[] = [];
  const stop = startIdleCollector({
    activity: () => requests,
    gc: (options) => calls.push(options),
    checkMs: 5,
    quietChecks: 2,
    onCollect: (ms) => durations.push(ms),
  });
  try {
    requests = 5;
    const deadline = Date.now() + 5_000;
    while (calls.length === 0 && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    assert.deepEqual(calls, [{
      type: "major",
      execution: "sync",
      flavor: "last-resort",
    }]);
    assert.equal(durations.length, 1);
    assert.ok(durations[0] >= 0);
  } finally {
    stop();
  }
});

Deno.test("startIdleCollector() does nothing when V8 does not expose gc", () => {
  // The test runner is started without --expose-gc.
  assert.equal(exposedGc(), undefined);
  let read = 0;
  const stop = startIdleCollector({ activity: () => read++ });
  stop();
  assert.equal(read, 0);
});
