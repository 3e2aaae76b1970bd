/**
 * Kept Responses API responses, for `previous_response_id` and `GET /v1/responses/{id}`: a
 * bounded in-memory LRU of recent entries in front of the `responses` table. `put` returns at
 * once; writes are queued and flushed in one transaction off the request path (a zero-delay
 * timer), and each flush prunes rows beyond `maxStored` (oldest first) and older than
 * `maxAgeHours`. `get` answers from the cache or the queue without touching SQLite when it can.
 *
 * The record shape matches the plugins' `StoredResponse` structurally (the store imports
 * nothing of ours); `cli/run.ts` hands the store to the gateway.
 *
 * @module
 */
import type { DatabaseSync } from "node:sqlite";
import { openDatabase } from "./database.ts";
import { toInt, toText } from "./sql_values.ts";
import {
  DEFAULT_RESPONSES_MAX_AGE_HOURS,
  DEFAULT_RESPONSES_MAX_STORED,
} from "./defaults.ts";

/** One kept response (see the plugins' `StoredResponse`). */
export interface ResponseRecord {
  readonly id: string;
  /** Unix seconds. */
  readonly createdAt: number;
  readonly response: Record<string, unknown>;
  readonly input: readonly unknown[];
}

/** Options of {@link openResponseStore}. */
export interface ResponseStoreOptions {
  /** The SQLite file (the store's database), or `:memory:`. */
  readonly path: string;
  /** Default 1000. */
  readonly maxStored?: number;
  /** Default 720 (30 days). */
  readonly maxAgeHours?: number;
  /** Entries kept in memory; default 64 (at most `maxStored`). */
  readonly cacheSize?: number;
  /** Milliseconds since the epoch; defaults to `Date.now`. */
  readonly now?: () => number;
  /** Receives a failed background flush (its records stay in the cache only). */
  readonly onError?: (error: unknown) => void;
}

/** The response store. */
export interface ResponseStore {
  /** The record for `id`, or `undefined` when unknown or expired. */
  get(id: string): Promise<ResponseRecord | undefined>;
  /** Keeps `record` (written on the next flush). */
  put(record: ResponseRecord): void;
  /** Writes queued records and prunes now. */
  flush(): void;
  /** Flushes, then closes the database. */
  close(): void;
}

/** Opens (and migrates) the database at `options.path` for kept responses. */
export function openResponseStore(
  options: ResponseStoreOptions,
): ResponseStore {
  return new SqliteResponseStore(openDatabase(options.path), options);
}

class SqliteResponseStore implements ResponseStore {
  readonly #db: DatabaseSync;
  readonly #maxStored: number;
  readonly #maxAgeMs: number;
  readonly #cacheSize: number;
  readonly #now: () => number;
  readonly #onError: ((error: unknown) => void) | undefined;
  /** Insertion order is recency order: the first key is the least recently used. */
  readonly #cache = new Map<string, ResponseRecord>();
  readonly #pending = new Map<string, ResponseRecord>();
  #timer: ReturnType<typeof setTimeout> | undefined;
  #closed = false;

  constructor(db: DatabaseSync, options: ResponseStoreOptions) {
    this.#db = db;
    this.#maxStored = options.maxStored ?? DEFAULT_RESPONSES_MAX_STORED;
    this.#maxAgeMs = (options.maxAgeHours ?? DEFAULT_RESPONSES_MAX_AGE_HOURS) *
      3_600_000;
    this.#cacheSize = Math.min(options.cacheSize ?? 64, this.#maxStored);
    this.#now = options.now ?? Date.now;
    this.#onError = options.onError;
  }

  #expired(record: ResponseRecord): boolean {
    return record.createdAt * 1000 + this.#maxAgeMs <= this.#now();
  }

  #remember(record: ResponseRecord): void {
    this.#cache.delete(record.id);
    this.#cache.set(record.id, record);
    while (this.#cache.size > this.#cacheSize) {
      const oldest = this.#cache.keys().next().value;
      if (oldest === undefined) break;
      this.#cache.delete(oldest);
    }
  }

  get(id: string): Promise<ResponseRecord | undefined> {
    let record = this.#cache.get(id) ?? this.#pending.get(id);
    if (record === undefined && !this.#closed) {
      const row = this.#db.prepare(
        "SELECT id, created_at, response, input FROM responses WHERE id = ?",
      ).get(id);
      if (row !== undefined) {
        record = {
          id: toText(row.id),
          createdAt: toInt(row.created_at),
          response: JSON.parse(toText(row.response)),
          input: JSON.parse(toText(row.input)),
        };
      }
    }
    if (record === undefined || this.#expired(record)) {
      return Promise.resolve(undefined);
    }
    this.#remember(record);
    return Promise.resolve(record);
  }

  put(record: ResponseRecord): void {
    if (this.#closed) return;
    this.#remember(record);
    this.#pending.set(record.id, record);
    this.#timer ??= setTimeout(() => {
      this.#timer = undefined;
      try {
        this.flush();
      } catch (error) {
        if (!this.#onError) throw error;
        this.#onError(error);
      }
    }, 0);
  }

  flush(): void {
    clearTimeout(this.#timer);
    this.#timer = undefined;
    if (this.#closed) return;
    const records = [...this.#pending.values()];
    this.#pending.clear();
    const db = this.#db;
    db.exec("BEGIN IMMEDIATE");
    try {
      const insert = db.prepare(
        "INSERT OR REPLACE INTO responses (id, created_at, response, input) VALUES (?, ?, ?, ?)",
      );
      for (const r of records) {
        insert.run(
          r.id,
          r.createdAt,
          JSON.stringify(r.response),
          JSON.stringify(r.input),
        );
      }
      const cutoff = Math.floor((this.#now() - this.#maxAgeMs) / 1000);
      const gone = [
        ...db.prepare("SELECT id FROM responses WHERE created_at <= ?").all(
          cutoff,
        ),
        ...db.prepare(
          "SELECT id FROM responses ORDER BY created_at DESC, rowid DESC LIMIT -1 OFFSET ?",
        ).all(this.#maxStored),
      ].map((row) => toText(row.id));
      const remove = db.prepare("DELETE FROM responses WHERE id = ?");
      for (const id of gone) {
        remove.run(id);
        this.#cache.delete(id);
      }
      db.exec("COMMIT");
    } catch (error) {
      db.exec("ROLLBACK");
      throw error;
    }
  }

  close(): void {
    if (this.#closed) return;
    this.flush();
    this.#closed = true;
    this.#cache.clear();
    this.#db.close();
  }
}
