import assert from "node:assert/strict";
import { DatabaseSync } from "node:sqlite";
import { openUsageStore, type UsageStore } from "../../../store/mod.ts";
import { usageEntry } from "../../_helpers/usage_rows.ts";

const DAY = 86_400_000;
const NOW = Date.UTC(2026, 11, 1, 12, 0, 0);

/** A usage store on a temp file, a second connection to count its rows, and flush signals. */
async function withUsage(
  options: { batchRows?: number; flushMs?: number; retentionDays?: number },
  fn: (
    store: UsageStore,
    tools: {
      rows: () => number;
      nextFlush: () => Promise<number>;
      db: DatabaseSync;
      errors: unknown[];
      nextError: () => Promise<unknown>;
    },
  ) => Promise<void> | void,
): Promise<void> {
  const dir = await Deno.makeTempDir({ prefix: "tresor-usage-" });
  const path = `${dir}/tresor.db`;
  const waiting: ((rows: number) => void)[] = [];
  const errors: unknown[] = [];
  const errorWaiters: ((err: unknown) => void)[] = [];
  const store = openUsageStore({
    path,
    now: () => NOW,
    batchRows: options.batchRows,
    flushMs: options.flushMs,
    retentionDays: () => options.retentionDays ?? 90,
    onFlush: (rows) => waiting.shift()?.(rows),
    onError: (err) => {
      errors.push(err);
      errorWaiters.shift()?.(err);
    },
  });
  const db = new DatabaseSync(path);
  try {
    await fn(store, {
      rows: () =>
        Number(db.prepare("SELECT COUNT(*) AS n FROM usage").get()?.n),
      nextFlush: () => new Promise((resolve) => waiting.push(resolve)),
      db,
      errors,
      nextError: () => new Promise((resolve) => errorWaiters.push(resolve)),
    });
  } finally {
    store.close();
    db.close();
    await Deno.remove(dir, { recursive: true });
  }
}

const at = (ms: number) => new Date(ms).toISOString();

Deno.test("UsageStore.add() queues without writing; the writer writes the batch on its timer", async () => {
  await withUsage({ flushMs: 20 }, async (store, { rows, nextFlush }) => {
    const flushed = nextFlush();
    store.add(usageEntry({ time: at(NOW) }));
    store.add(usageEntry({ time: at(NOW) }));
    assert.equal(rows(), 0, "nothing is written on the request path");
    assert.equal(await flushed, 2);
    assert.equal(rows(), 2);
  });
});

Deno.test("UsageStore writes at once (next turn) when a full batch is queued", async () => {
  await withUsage(
    { batchRows: 3, flushMs: 60_000 },
    async (store, { rows, nextFlush }) => {
      const flushed = nextFlush();
      for (let i = 0; i < 3; i++) store.add(usageEntry({ time: at(NOW) }));
      assert.equal(rows(), 0);
      assert.equal(await flushed, 3);
      assert.equal(rows(), 3);
    },
  );
});

Deno.test("UsageStore.close() writes what is queued", async () => {
  const dir = await Deno.makeTempDir({ prefix: "tresor-usage-" });
  try {
    const store = openUsageStore({ path: `${dir}/t.db`, flushMs: 60_000 });
    store.add(usageEntry({ time: at(NOW), model_forwarded: "kept" }));
    store.close();
    store.add(usageEntry({ time: at(NOW), model_forwarded: "after close" }));
    const db = new DatabaseSync(`${dir}/t.db`);
    assert.deepStrictEqual(
      db.prepare("SELECT model FROM usage").all().map((r) => r.model),
      ["kept"],
    );
    db.close();
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("UsageStore maps a log entry to a row: key name, counts, 5-minute writes apart, tokens per second", async () => {
  await withUsage({}, (store, { db }) => {
    store.add(usageEntry({
      time: at(NOW),
      id: "req-1",
      key_name: "laptop",
      streamed: true,
      ttfb_ms: 200,
      total_ms: 2200,
      input_tokens: 10,
      output_tokens: 100,
      cache_read_tokens: 5,
      cache_write_tokens: 30,
      cache_write_1h_tokens: 10,
      reasoning_tokens: 4,
      cost_usd: 0.01,
      usage_estimated: true,
      error: "cut",
      error_kind: "upstream_bad_response",
    }));
    store.flush();
    const row = { ...db.prepare("SELECT * FROM usage").get() };
    assert.deepStrictEqual(row, {
      time: NOW,
      request_id: "req-1",
      key_name: "laptop",
      path: "/v1/chat/completions",
      client_format: "openai",
      downstream_id: "openai",
      alias_id: null,
      input_model: "gpt-4o",
      model: "gpt-4o",
      stream: 1,
      status: 200,
      error_kind: "upstream_bad_response",
      input_tokens: 10,
      output_tokens: 100,
      cache_read_tokens: 5,
      cache_write_5m_tokens: 20,
      cache_write_1h_tokens: 10,
      reasoning_tokens: 4,
      ttfb_ms: 200,
      duration_ms: 2200,
      // 100 tokens over the 2 s after the first byte.
      output_tokens_per_s: 50,
      cost_usd: 0.01,
      estimated: 1,
    });
  });
});

Deno.test("UsageStore keeps the queue when a write fails, and writes it once the database works again", async () => {
  await withUsage(
    { flushMs: 10 },
    async (store, { db, errors, nextFlush, rows }) => {
      db.exec("ALTER TABLE usage RENAME TO usage_away");
      store.add(usageEntry({ time: at(NOW) }));
      store.add(usageEntry({ time: at(NOW) }));
      assert.throws(() => store.flush(), /no such table/);
      db.exec("ALTER TABLE usage_away RENAME TO usage");
      const flushed = nextFlush();
      store.add(usageEntry({ time: at(NOW) }));
      assert.equal(await flushed, 3);
      assert.equal(rows(), 3);
      assert.deepStrictEqual(errors, []);
    },
  );
});

Deno.test("UsageStore reports a failed background write and tries again later", async () => {
  await withUsage(
    { flushMs: 5 },
    async (store, { db, nextError, nextFlush, rows }) => {
      db.exec("ALTER TABLE usage RENAME TO usage_away");
      const failed = nextError();
      store.add(usageEntry({ time: at(NOW) }));
      assert.match(String(await failed), /no such table/);
      // The retry timer then finds the table back.
      const flushed = nextFlush();
      db.exec("ALTER TABLE usage_away RENAME TO usage");
      assert.equal(await flushed, 1);
      assert.equal(rows(), 1);
    },
  );
});

Deno.test("UsageStore.prune() deletes rows past the retention, in bounded chunks", async () => {
  await withUsage({ retentionDays: 7 }, (store, { rows }) => {
    store.add(usageEntry({ time: at(NOW - 8 * DAY) }));
    store.add(usageEntry({ time: at(NOW - 7 * DAY - 1) }));
    store.add(usageEntry({ time: at(NOW - 7 * DAY + 1) }));
    store.add(usageEntry({ time: at(NOW) }));
    store.flush();
    assert.equal(store.prune(), 2);
    assert.equal(rows(), 2);
    assert.equal(store.prune(), 0);
  });
});
