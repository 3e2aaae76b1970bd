import assert from "node:assert/strict";
import { DatabaseSync } from "node:sqlite";
import { migrate, MIGRATIONS, openDatabase } from "../../../store/database.ts";
import { openStore } from "../../../store/mod.ts";
import { createTempConfig } from "../../_helpers/temp_config.ts";

function versions(db: DatabaseSync): number[] {
  return db.prepare("SELECT version FROM schema_version ORDER BY version")
    .all().map((row) => Number(row.version));
}

Deno.test("openDatabase() applies every migration once and sets the pragmas", () => {
  const db = openDatabase(":memory:");
  try {
    assert.deepStrictEqual(
      versions(db),
      MIGRATIONS.map((_, i) => i + 1),
    );
    assert.deepStrictEqual(migrate(db), []);
    assert.equal(db.prepare("PRAGMA foreign_keys").get()?.foreign_keys, 1);
    assert.equal(db.prepare("PRAGMA busy_timeout").get()?.timeout, 5000);
    const indexes = db.prepare(
      "SELECT name FROM sqlite_master WHERE type = 'index' AND name NOT LIKE 'sqlite_%' ORDER BY name",
    ).all().map((row) => row.name);
    assert.deepStrictEqual(indexes, [
      "aliases_downstream_id",
      "aliases_input_model_id",
      "downstream_models_model_id",
      "responses_created_at",
      "rules_pattern_path",
      "usage_time",
    ]);
  } finally {
    db.close();
  }
});

Deno.test("openDatabase() uses WAL for a file database", async () => {
  const dir = await Deno.makeTempDir();
  const db = openDatabase(`${dir}/t.db`);
  try {
    assert.equal(db.prepare("PRAGMA journal_mode").get()?.journal_mode, "wal");
  } finally {
    db.close();
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("migrate() upgrades a database at an older version and keeps its rows", () => {
  const db = new DatabaseSync(":memory:");
  try {
    assert.deepStrictEqual(migrate(db, MIGRATIONS.slice(0, 1)), [1]);
    db.exec(
      "INSERT INTO downstreams (id, name, base_url) VALUES ('d', 'D', 'http://127.0.0.1:9')",
    );
    const later = [
      ...MIGRATIONS,
      "ALTER TABLE downstreams ADD COLUMN notes TEXT NOT NULL DEFAULT ''",
    ];
    assert.deepStrictEqual(
      migrate(db, later),
      later.map((_, i) => i + 1).slice(1),
    );
    assert.deepStrictEqual(
      { ...db.prepare("SELECT id, name, notes FROM downstreams").get() },
      { id: "d", name: "D", notes: "" },
    );
  } finally {
    db.close();
  }
});

Deno.test("migrate() rolls back a failing migration and records nothing for it", () => {
  const db = new DatabaseSync(":memory:");
  try {
    migrate(db, MIGRATIONS);
    assert.throws(() =>
      migrate(db, [
        ...MIGRATIONS,
        "CREATE TABLE extra (a TEXT); SELECT * FROM missing_table",
      ])
    );
    assert.deepStrictEqual(versions(db), MIGRATIONS.map((_, i) => i + 1));
    assert.equal(
      db.prepare("SELECT name FROM sqlite_master WHERE name = 'extra'").get(),
      undefined,
    );
  } finally {
    db.close();
  }
});

Deno.test("openStore() migrates a database created at migration 1 with its data intact", async () => {
  const tmp = await createTempConfig("listen: 127.0.0.1:0\n");
  const dbPath = `${tmp.dir}/tresor.db`;
  const old = new DatabaseSync(dbPath);
  try {
    migrate(old, MIGRATIONS.slice(0, 1));
    old.exec(`
      INSERT INTO downstreams (id, name, api_formats, base_url, api_key, position)
        VALUES ('legacy', 'Legacy', '["anthropic"]', 'http://127.0.0.1:9', 'sk-x', 0);
      INSERT INTO downstream_models (downstream_id, model_id, position) VALUES ('legacy', 'm', 0);
      INSERT INTO aliases (id, input_model_id, downstream_id, output_model_id, is_active, origin)
        VALUES ('al', 'in', 'legacy', 'm', 1, 'api');
      INSERT INTO rules (id, name, pattern_path, match_downstreams, is_enabled)
        VALUES ('r', 'R', '/v1/messages', '["legacy"]', 1);
    `);
  } finally {
    old.close();
  }
  try {
    const { store } = await openStore(tmp.path);
    try {
      const snap = store.snapshot();
      assert.deepStrictEqual(snap.downstreams, [{
        id: "legacy",
        name: "Legacy",
        apiFormats: ["anthropic"],
        baseUrl: "http://127.0.0.1:9",
        apiKey: "sk-x",
        outputModelIds: ["m"],
      }]);
      assert.deepStrictEqual(snap.aliases.map((a) => [a.id, a.isActive]), [[
        "al",
        true,
      ]]);
      assert.deepStrictEqual(snap.rules.map((r) => r.matchDownstreams), [[
        "legacy",
      ]]);
      // Database-only rows were written into the file.
      const text = await tmp.read();
      assert.ok(text.includes("- id: legacy"));
      assert.ok(text.includes("api_key: sk-x"));
    } finally {
      await store.close();
    }
    const db = new DatabaseSync(dbPath);
    try {
      assert.deepStrictEqual(versions(db), MIGRATIONS.map((_, i) => i + 1));
    } finally {
      db.close();
    }
  } finally {
    await tmp.cleanup();
  }
});

Deno.test("a database the first second-wave release left at version 5 (4 a no-op) gets the usage table and keeps failover", () => {
  const db = new DatabaseSync(":memory:");
  try {
    // What that release shipped: migrations 1–3, the reserved no-op 4, alias failover 5.
    assert.deepStrictEqual(migrate(db, MIGRATIONS.slice(0, 5)), [
      1,
      2,
      3,
      4,
      5,
    ]);
    assert.equal(
      db.prepare("SELECT name FROM sqlite_master WHERE name = 'usage'").get(),
      undefined,
    );
    assert.deepStrictEqual(migrate(db), [6]);
    const columns = db.prepare("PRAGMA table_info(usage)").all().map((c) =>
      c.name
    );
    assert.ok(columns.includes("cost_usd") && columns.includes("key_name"));
    const aliasColumns = db.prepare("PRAGMA table_info(aliases)").all().map((
      c,
    ) => c.name);
    assert.ok(aliasColumns.includes("failover"));
  } finally {
    db.close();
  }
});
