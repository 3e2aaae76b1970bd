import assert from "node:assert/strict";
import {
  CaptureStore,
  combineObservers,
  createLogger,
  LIVE_LEASE_MS,
  type RequestLogEntry,
  type RequestObserver,
} from "../../../../gateway/mod.ts";
import type { CaptureSettings } from "../../../../store/types.ts";
import { makeSnapshot } from "../../../_helpers/gateway_server.ts";

const ENCODER = new TextEncoder();

function storeWith(
  capture: Partial<CaptureSettings>,
  clock = { now: 0 },
): CaptureStore {
  const snapshot = makeSnapshot({
    settings: {
      adminPassword: "pw-secret",
      capture: {
        mode: "errors",
        maxRequests: 2,
        maxBodyBytes: 64,
        ...capture,
      },
    },
  });
  return new CaptureStore({
    snapshot: () => snapshot,
    log: createLogger({ level: "error", sink: () => {} }),
    now: () => clock.now,
  });
}

function entry(id: string, status: number, error?: string): RequestLogEntry {
  return {
    id,
    time: "2026-01-01T00:00:00.000Z",
    level: status >= 400 ? "warn" : "info",
    method: "POST",
    path: "/v1/chat/completions",
    format_in: "openai",
    format_out: "openai",
    model_requested: "m",
    model_forwarded: "m",
    alias: null,
    downstream: "d",
    rules: [],
    plugins: [],
    status,
    streamed: false,
    ttfb_ms: 1,
    total_ms: 2,
    ...(error !== undefined && { error }),
  };
}

/** Runs one request through `observer`'s watcher: a body, then its outcome. */
async function pass(
  store: CaptureStore,
  id: string,
  outcome: { status: number; error?: string; body?: string; replayOf?: string },
): Promise<boolean> {
  const watcher = store.observer.watch?.({
    request: new Request(`http://t.test/v1/chat/completions?id=${id}`, {
      method: "POST",
      headers: { authorization: "Bearer pw-secret" },
    }),
    id,
    replayOf: outcome.replayOf ?? null,
  });
  if (!watcher) return false;
  watcher.body("received", ENCODER.encode(outcome.body ?? '{"model":"m"}'));
  watcher.body("upstream", ENCODER.encode("chunk 1 "));
  watcher.body("upstream", ENCODER.encode("chunk 2"));
  watcher.recorded(entry(id, outcome.status, outcome.error));
  await store.get(id);
  return true;
}

Deno.test("CaptureStore in off mode watches no request, unless it is a replay or a Logs page holds capture on", async () => {
  const clock = { now: 0 };
  const store = storeWith({ mode: "off" }, clock);
  const observer: RequestObserver = combineObservers([store.observer]);
  assert.equal(observer, store.observer);
  assert.equal(await pass(store, "a", { status: 500 }), false);
  assert.equal(await pass(store, "b", { status: 200, replayOf: "a" }), true);
  const { holder } = store.hold();
  assert.equal(store.status().live, true);
  assert.equal(await pass(store, "c", { status: 200 }), true);
  clock.now += LIVE_LEASE_MS - 1;
  store.hold(holder);
  clock.now += LIVE_LEASE_MS - 1;
  assert.equal(store.status().live, true, "a renewed lease lasts");
  clock.now += 1;
  assert.equal(store.status().live, false, "an unrenewed lease ends");
  assert.equal(await pass(store, "d", { status: 200 }), false);
  assert.deepStrictEqual(
    [await store.get("b"), await store.get("c")].map((c) => c?.entry.id),
    ["b", "c"],
  );
});

Deno.test("CaptureStore.release() ends one holder's hold, not another's", () => {
  const store = storeWith({ mode: "off" });
  const first = store.hold();
  const second = store.hold();
  store.release(first.holder);
  assert.equal(store.status().live, true);
  store.release(second.holder);
  assert.equal(store.status().live, false);
});

Deno.test("CaptureStore in errors mode keeps failed requests and stream errors, drops successes at once", async () => {
  const store = storeWith({ mode: "errors", maxRequests: 10 });
  await pass(store, "ok", { status: 200 });
  await pass(store, "bad", { status: 502 });
  await pass(store, "cut", {
    status: 200,
    error: "Upstream connection failed",
  });
  assert.equal(await store.get("ok"), undefined);
  assert.equal((await store.get("bad"))?.entry.status, 502);
  assert.equal((await store.get("cut"))?.upstream, null);
  assert.equal(
    (await store.get("cut"))?.received.headers.authorization,
    "[redacted]",
  );
  const status = store.status();
  assert.equal(status.stored.requests, 2);
  assert.deepStrictEqual(status.pending, { requests: 0, bytes: 0 });
});

Deno.test("CaptureStore keeps the newest max_requests captures, bodies cut at max_body_bytes with a marker", async () => {
  const store = storeWith({ mode: "all", maxRequests: 2, maxBodyBytes: 16 });
  for (const id of ["1", "2", "3"]) {
    await pass(store, id, {
      status: 200,
      body: `{"model":"m","x":"${"z".repeat(40)}"}`,
    });
  }
  assert.equal(await store.get("1"), undefined);
  const kept = await store.get("3");
  assert.equal(kept?.received.truncated, true);
  assert.match(
    kept?.received.body ?? "",
    /^\{"model":"m","x"\n\[… Tresor capture: cut at 16 of 60 bytes\]$/,
  );
  assert.equal(kept?.received.url, "/v1/chat/completions?id=3");
  assert.equal(store.status().stored.requests, 2);
});
