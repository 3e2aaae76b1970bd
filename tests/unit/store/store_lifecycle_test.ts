/** The `Store` around its mutations: snapshots, subscribers, serialised writes, rollback on a failed write, close. */
import assert from "node:assert/strict";
import { openStore, type OpenStoreOptions } from "../../../store/mod.ts";
import {
  BASE_YAML,
  NEW_DOWNSTREAM,
  withStore,
} from "../../_helpers/store_fixture.ts";
import { createTempConfig } from "../../_helpers/temp_config.ts";

Deno.test("Store snapshots are deep-frozen, versioned and published to subscribers", async () => {
  await withStore(BASE_YAML, async (store) => {
    const first = store.snapshot();
    assert.equal(first.version, 1);
    assert.ok(Object.isFrozen(first));
    assert.ok(Object.isFrozen(first.downstreams));
    assert.ok(Object.isFrozen(first.downstreams[0].outputModelIds));
    assert.ok(Object.isFrozen(first.rules[0].matchDownstreams));
    assert.ok(Object.isFrozen(first.aliases[0]));
    assert.ok(Object.isFrozen(first.settings));
    assert.throws(() => {
      (first.downstreams[0] as { name: string }).name = "changed";
    }, TypeError);
    assert.equal("set" in first.downstreamsById, false);
    const seen: number[] = [];
    const unsubscribe = store.subscribe((snap) => seen.push(snap.version));
    await store.updateDownstream("d1", { name: "Changed" });
    await store.deleteAlias("a3");
    unsubscribe();
    await store.deleteRule("r-one");
    assert.deepStrictEqual(seen, [2, 3]);
    assert.equal(store.snapshot().version, 4);
    // Holders of an old snapshot keep their view.
    assert.equal(first.downstreamsById.get("d1")?.name, "One");
    assert.equal(first.aliases.length, 3);
    assert.equal(store.snapshot().downstreamsById.get("d1")?.name, "Changed");
  });
});

Deno.test("Store serialises concurrent mutations", async () => {
  await withStore(BASE_YAML, async (store, tmp) => {
    const ids = Array.from({ length: 8 }, (_, i) => `c${i}`);
    await Promise.all(
      ids.map((id) => store.createDownstream({ ...NEW_DOWNSTREAM, id })),
    );
    assert.equal(store.snapshot().version, 9);
    assert.deepStrictEqual(store.snapshot().downstreams.map((d) => d.id), [
      "d1",
      "d2",
      ...ids,
    ]);
    const text = await tmp.read();
    for (const id of ids) assert.match(text, new RegExp(`- id: ${id}\\n`));
  });
});

Deno.test("Store rolls back SQLite and keeps file and snapshot when the YAML write fails", async () => {
  const tmp = await createTempConfig(BASE_YAML);
  const dbDir = await Deno.makeTempDir();
  let fail = true;
  const options: OpenStoreOptions = {
    databasePath: `${dbDir}/t.db`,
    writeFile: async (path, text) => {
      if (fail) throw new Error("disk full");
      await Deno.writeTextFile(path, text);
    },
  };
  try {
    const { store } = await openStore(tmp.path, options);
    try {
      const before = store.snapshot();
      await assert.rejects(store.createDownstream(NEW_DOWNSTREAM), {
        message: "disk full",
      });
      assert.equal(store.snapshot(), before);
      assert.equal(await tmp.read(), BASE_YAML);
      fail = false;
      await store.updateDownstream("d2", { name: "Two" });
      assert.equal(store.snapshot().version, 2);
      assert.equal(store.snapshot().downstreamsById.has("d3"), false);
      assert.doesNotMatch(await tmp.read(), /d3/);
    } finally {
      await store.close();
    }
    // The failed row never reached the database either.
    const reopened = await openStore(tmp.path, options);
    try {
      assert.deepStrictEqual(
        reopened.store.snapshot().downstreams.map((d) => d.id),
        ["d1", "d2"],
      );
    } finally {
      await reopened.store.close();
    }
  } finally {
    await tmp.cleanup();
    await Deno.remove(dbDir, { recursive: true });
  }
});

Deno.test("Store.close() waits for pending writes and refuses later mutations", async () => {
  await withStore(BASE_YAML, async (store, tmp) => {
    const pending = store.createDownstream(NEW_DOWNSTREAM);
    await store.close();
    assert.equal((await pending).id, "d3");
    assert.match(await tmp.read(), /- id: d3/);
    await assert.rejects(store.deleteRule("r-one"), Error);
  });
});

Deno.test("Store notifies every subscriber even when one throws, then surfaces the error", async () => {
  await withStore(BASE_YAML, async (store) => {
    const seen: number[] = [];
    store.subscribe(() => {
      throw new RangeError("listener bug");
    });
    store.subscribe((snap) => seen.push(snap.version));
    await assert.rejects(store.deleteRule("r-one"), RangeError);
    assert.deepStrictEqual(seen, [2]);
    assert.equal(store.snapshot().rules.length, 1);
  });
});
