import assert from "node:assert/strict";
import { DatabaseSync } from "node:sqlite";
import {
  openResponseStore,
  type ResponseRecord,
} from "../../../store/response_store.ts";

const HOUR_MS = 3_600_000;

function record(id: string, createdAt: number): ResponseRecord {
  return {
    id,
    createdAt,
    response: { id, object: "response", output: [] },
    input: [{ role: "user", content: `input of ${id}` }],
  };
}

Deno.test("openResponseStore() get() returns a put record at once and after a flush", async () => {
  const store = openResponseStore({ path: ":memory:", now: () => 1_000_000 });
  try {
    const r = record("resp_a", 1000);
    store.put(r);
    assert.deepStrictEqual(await store.get("resp_a"), r);
    store.flush();
    assert.deepStrictEqual(await store.get("resp_a"), r);
    assert.equal(await store.get("resp_missing"), undefined);
  } finally {
    store.close();
  }
});

Deno.test("openResponseStore() keeps at most maxStored records, dropping the oldest", async () => {
  const store = openResponseStore({
    path: ":memory:",
    maxStored: 2,
    now: () => 10_000_000,
  });
  try {
    store.put(record("resp_1", 100));
    store.put(record("resp_2", 200));
    store.put(record("resp_3", 300));
    store.flush();
    assert.equal(await store.get("resp_1"), undefined);
    assert.equal((await store.get("resp_2"))?.id, "resp_2");
    assert.equal((await store.get("resp_3"))?.id, "resp_3");
  } finally {
    store.close();
  }
});

Deno.test("openResponseStore() treats records older than maxAgeHours as unknown and prunes them", async () => {
  let now = 0;
  const store = openResponseStore({
    path: ":memory:",
    maxAgeHours: 1,
    now: () => now,
  });
  try {
    store.put(record("resp_old", 0));
    store.flush();
    now = HOUR_MS - 1;
    assert.equal((await store.get("resp_old"))?.id, "resp_old");
    now = HOUR_MS;
    assert.equal(await store.get("resp_old"), undefined);
    store.put(record("resp_new", HOUR_MS / 1000));
    store.flush();
    assert.equal((await store.get("resp_new"))?.id, "resp_new");
    assert.equal(await store.get("resp_old"), undefined);
  } finally {
    store.close();
  }
});

Deno.test("openResponseStore() persists records across a reopen", async () => {
  const dir = await Deno.makeTempDir();
  const path = `${dir}/tresor.db`;
  try {
    const first = openResponseStore({ path, now: () => 5_000 });
    try {
      first.put(record("resp_kept", 4));
    } finally {
      first.close();
    }
    const second = openResponseStore({ path, now: () => 5_000 });
    try {
      assert.deepStrictEqual(
        await second.get("resp_kept"),
        record("resp_kept", 4),
      );
    } finally {
      second.close();
    }
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("openResponseStore() serves recently used records from the LRU after the table lost them", async () => {
  const dir = await Deno.makeTempDir();
  const path = `${dir}/tresor.db`;
  const store = openResponseStore({ path, cacheSize: 2, now: () => 5_000 });
  try {
    store.put(record("resp_a", 1));
    store.put(record("resp_b", 2));
    store.put(record("resp_c", 3));
    store.flush();
    // Touch a so b is the least recently used, then remove every row behind the store's back.
    await store.get("resp_a");
    const db = new DatabaseSync(path);
    try {
      db.exec("DELETE FROM responses");
    } finally {
      db.close();
    }
    assert.equal((await store.get("resp_a"))?.id, "resp_a");
    assert.equal((await store.get("resp_c"))?.id, "resp_c");
    assert.equal(await store.get("resp_b"), undefined);
  } finally {
    store.close();
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("openResponseStore() writes queued records on its own, off the caller's path", async () => {
  const dir = await Deno.makeTempDir();
  const path = `${dir}/tresor.db`;
  const store = openResponseStore({ path, now: () => 5_000 });
  try {
    store.put(record("resp_bg", 1));
    // The zero-delay flush runs after this macrotask.
    await new Promise<void>((resolve) => setTimeout(resolve, 0));
    const db = new DatabaseSync(path);
    try {
      const row = db.prepare("SELECT id FROM responses").get();
      assert.equal(row?.id, "resp_bg");
    } finally {
      db.close();
    }
  } finally {
    store.close();
    await Deno.remove(dir, { recursive: true });
  }
});
