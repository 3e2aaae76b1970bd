import assert from "node:assert/strict";
import { openStore } from "../../../store/mod.ts";
import { MIGRATIONS, openDatabase } from "../../../store/database.ts";
import { loadState } from "../../../store/rows.ts";
import {
  assertIncludes,
  BASE_YAML,
  withStore,
} from "../../_helpers/store_fixture.ts";

const FAILOVER_YAML = BASE_YAML.replace(
  "    output_model_id: x\n",
  "    output_model_id: x\n    failover: true\n",
);

Deno.test("alias failover: read from YAML, false by default", async () => {
  await withStore(FAILOVER_YAML, (store) => {
    const byId = new Map(store.snapshot().aliases.map((a) => [a.id, a]));
    assert.equal(byId.get("a2")?.failover, true);
    assert.equal(byId.get("a1")?.failover, false);
    return Promise.resolve();
  });
});

Deno.test("alias failover: an update writes `failover: true` back, then false in place", async () => {
  await withStore(BASE_YAML, async (store, tmp) => {
    await store.updateAlias("a3", { failover: true });
    assertIncludes(
      await tmp.read(),
      "    group_order: 1\n    failover: true\n",
    );
    await store.updateAlias("a3", { failover: false });
    assertIncludes(
      await tmp.read(),
      "    group_order: 1\n    failover: false\n",
    );
    // A member written without the key is not given one.
    assert.ok(!(await tmp.read()).includes("output_model_id: x\n    failover"));
  });
});

Deno.test("alias failover: kept in SQLite across a restart (migration 5)", async () => {
  await withStore(
    BASE_YAML,
    async (store, tmp) => {
      await store.createAlias({
        id: "api-made",
        inputModelId: "g",
        downstreamId: "d2",
        outputModelId: "z",
        isActive: false,
        isRegex: false,
        failover: true,
      });
      await store.close();
      const db = openDatabase(`${tmp.dir}/tresor.db`);
      try {
        const stored = loadState(db).aliases.find((a) => a.id === "api-made");
        assert.equal(stored?.failover, true);
        const versions = db.prepare("SELECT version FROM schema_version")
          .all().map((row) => Number(row.version));
        assert.deepStrictEqual(versions, MIGRATIONS.map((_, i) => i + 1));
      } finally {
        db.close();
      }
      const reopened = await openStore(tmp.path);
      try {
        const alias = reopened.store.snapshot().aliases.find((a) =>
          a.id === "api-made"
        );
        assert.equal(alias?.failover, true);
      } finally {
        await reopened.store.close();
      }
    },
    {},
  );
});
