/**
 * SQLite through `node:sqlite`: opening (WAL, busy timeout, foreign keys), numbered migrations
 * and transactions. `rows.ts` reads and writes the state's rows.
 *
 * @module
 */
import { DatabaseSync } from "node:sqlite";
import { toInt } from "./sql_values.ts";

/**
 * Schema migrations; entry `i` is version `i + 1`. Append only: never edit an applied step,
 * so databases created by older builds upgrade in order.
 */
export const MIGRATIONS: readonly string[] = [
  // 1: the base schema.
  `
  CREATE TABLE downstreams (
    id TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    api_formats TEXT NOT NULL DEFAULT '[]',
    base_url TEXT NOT NULL,
    api_key TEXT NOT NULL DEFAULT '',
    max_output_tokens INTEGER,
    default_max_tokens INTEGER,
    position INTEGER NOT NULL DEFAULT 0
  );
  CREATE TABLE downstream_models (
    downstream_id TEXT NOT NULL REFERENCES downstreams (id) ON DELETE CASCADE,
    model_id TEXT NOT NULL,
    position INTEGER NOT NULL,
    PRIMARY KEY (downstream_id, model_id)
  );
  CREATE INDEX downstream_models_model_id ON downstream_models (model_id);
  CREATE TABLE rules (
    id TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    pattern_path TEXT NOT NULL,
    pattern_model TEXT NOT NULL DEFAULT '',
    match_format TEXT NOT NULL DEFAULT '[]',
    match_downstream_format TEXT NOT NULL DEFAULT '[]',
    match_downstreams TEXT NOT NULL DEFAULT '[]',
    is_enabled INTEGER NOT NULL DEFAULT 1,
    pipeline_config TEXT NOT NULL DEFAULT '[]',
    position INTEGER NOT NULL DEFAULT 0
  );
  CREATE INDEX rules_pattern_path ON rules (pattern_path);
  CREATE TABLE aliases (
    id TEXT PRIMARY KEY,
    input_model_id TEXT NOT NULL,
    downstream_id TEXT NOT NULL REFERENCES downstreams (id) ON DELETE CASCADE,
    output_model_id TEXT NOT NULL,
    is_active INTEGER NOT NULL DEFAULT 0,
    is_regex INTEGER NOT NULL DEFAULT 0,
    group_order INTEGER NOT NULL DEFAULT 0,
    origin TEXT NOT NULL DEFAULT 'yaml' CHECK (origin IN ('yaml', 'api'))
  );
  CREATE INDEX aliases_input_model_id ON aliases (input_model_id);
  CREATE INDEX aliases_downstream_id ON aliases (downstream_id);
  CREATE TABLE settings (
    key TEXT PRIMARY KEY,
    value TEXT NOT NULL
  );
  `,
  // 2: kept Responses API responses (store/response_store.ts).
  `
  CREATE TABLE responses (
    id TEXT PRIMARY KEY,
    created_at INTEGER NOT NULL,
    response TEXT NOT NULL,
    input TEXT NOT NULL
  );
  CREATE INDEX responses_created_at ON responses (created_at);
  `,
  // 3: per-downstream translation options (reasoning_effort_models, hosted_tools, …) as one JSON
  // object in their YAML names, so new optional keys need no migration.
  `
  ALTER TABLE downstreams ADD COLUMN options TEXT NOT NULL DEFAULT '{}';
  `,
  // 4: was reserved for the usage records while they were built apart; databases already went
  // past it, so it stays a no-op and the usage table is migration 6.
  `
  SELECT 1;
  `,
  // 5: alias failover (issue 16): the members tried when the group's active member fails.
  `
  ALTER TABLE aliases ADD COLUMN failover INTEGER NOT NULL DEFAULT 0;
  `,
  // 6: one row per gateway request (store/usage_store.ts); times in epoch milliseconds.
  `
  CREATE TABLE usage (
    time INTEGER NOT NULL,
    request_id TEXT NOT NULL,
    key_name TEXT,
    path TEXT NOT NULL,
    client_format TEXT,
    downstream_id TEXT,
    alias_id TEXT,
    input_model TEXT,
    model TEXT,
    stream INTEGER NOT NULL,
    status INTEGER NOT NULL,
    error_kind TEXT,
    input_tokens INTEGER,
    output_tokens INTEGER,
    cache_read_tokens INTEGER,
    cache_write_5m_tokens INTEGER,
    cache_write_1h_tokens INTEGER,
    reasoning_tokens INTEGER,
    ttfb_ms INTEGER,
    duration_ms INTEGER,
    output_tokens_per_s REAL,
    cost_usd REAL,
    estimated INTEGER NOT NULL DEFAULT 0
  );
  CREATE INDEX usage_time ON usage (time);
  `,
];

/** Opens (creating when missing) and migrates a database; `path` may be `:memory:`. */
export function openDatabase(path: string): DatabaseSync {
  const db = new DatabaseSync(path);
  try {
    db.exec("PRAGMA journal_mode = WAL");
    db.exec("PRAGMA busy_timeout = 5000");
    db.exec("PRAGMA foreign_keys = ON");
    migrate(db);
    return db;
  } catch (error) {
    db.close();
    throw error;
  }
}

/** Applies the migrations not yet recorded in `schema_version`; returns the versions applied. */
export function migrate(
  db: DatabaseSync,
  migrations: readonly string[] = MIGRATIONS,
): number[] {
  db.exec(
    "CREATE TABLE IF NOT EXISTS schema_version (version INTEGER PRIMARY KEY, applied_at TEXT NOT NULL)",
  );
  const done = new Set(
    db.prepare("SELECT version FROM schema_version").all().map((row) =>
      toInt(row.version)
    ),
  );
  const applied: number[] = [];
  migrations.forEach((sql, index) => {
    const version = index + 1;
    if (done.has(version)) return;
    inTransaction(db, () => {
      db.exec(sql);
      db.prepare(
        "INSERT INTO schema_version (version, applied_at) VALUES (?, ?)",
      ).run(version, new Date().toISOString());
    });
    applied.push(version);
  });
  return applied;
}

/** Runs `fn` inside `BEGIN IMMEDIATE … COMMIT`, rolling back when it throws. */
export function inTransaction<T>(db: DatabaseSync, fn: () => T): T {
  db.exec("BEGIN IMMEDIATE");
  try {
    const result = fn();
    db.exec("COMMIT");
    return result;
  } catch (error) {
    db.exec("ROLLBACK");
    throw error;
  }
}
