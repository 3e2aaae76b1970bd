/**
 * Usage records: one row per gateway request in the `usage` table, written off the request
 * path. `add` only queues the finished request's log entry; a writer with its own SQLite
 * connection inserts the queue in one transaction at most {@link UsageStoreOptions.flushMs}
 * after the first queued row (or at once past {@link UsageStoreOptions.batchRows}), so a crash
 * loses at most that last batch. Rows older than `usage_retention_days` are pruned in the
 * background, a bounded chunk at a time. Reports and the CSV export read through the same
 * connection (`usage_report.ts`, `usage_csv.ts`).
 *
 * @module
 */
import type { DatabaseSync, StatementSync } from "node:sqlite";
import type { LogEntryJson, UsageReportJson } from "./admin_json.ts";
import { inTransaction, openDatabase } from "./database.ts";
import { DEFAULT_USAGE_RETENTION_DAYS } from "./defaults.ts";
import { exportUsageCsv } from "./usage_csv.ts";
import { queryUsageReport, type UsageQuery } from "./usage_report.ts";
import { INSERT_USAGE_SQL, toUsageValues } from "./usage_row.ts";

/** Options of {@link openUsageStore}. */
export interface UsageStoreOptions {
  /** The SQLite file (the store's database), or `:memory:`. */
  readonly path: string;
  /** Days a row is kept, read at each prune (the live `usage_retention_days`). */
  readonly retentionDays?: () => number;
  /** Milliseconds since the epoch; defaults to `Date.now`. */
  readonly now?: () => number;
  /** Longest wait between a queued row and its write (default 1000 ms). */
  readonly flushMs?: number;
  /** Queued rows that make the writer flush at once (default 500). */
  readonly batchRows?: number;
  /** Rows kept queued while writes fail; past it the oldest are dropped (default 100,000). */
  readonly maxQueued?: number;
  /** Called after each flush that wrote rows, with their count (diagnostics and tests). */
  readonly onFlush?: (rows: number) => void;
  /** Receives a failed background write or prune (queued rows stay queued). */
  readonly onError?: (error: unknown) => void;
}

/** The usage store. */
export interface UsageStore {
  /** Queues one finished request (written on the next flush); returns at once. */
  add(entry: LogEntryJson): void;
  /** Writes the queued rows now; returns how many. */
  flush(): number;
  /** Deletes up to one chunk of rows older than the retention; returns how many. */
  prune(): number;
  /** Totals, groups and series over a time range (queued rows are flushed first). */
  report(query: UsageQuery): Promise<UsageReportJson>;
  /** The rows of a time range as CSV, streamed in pages (queued rows are flushed first). */
  exportCsv(range: { from: number; to: number }): ReadableStream<Uint8Array>;
  /** Flushes, stops the timers and closes the connection. */
  close(): void;
}

const DAY_MS = 86_400_000;
/** Rows deleted per prune: a big backlog goes in chunks, never one long delete. */
const PRUNE_CHUNK_ROWS = 5_000;
/** How often retention is applied. */
const PRUNE_EVERY_MS = 3_600_000;

/** Opens (and migrates) the database at `options.path` for usage records. */
export function openUsageStore(options: UsageStoreOptions): UsageStore {
  const db = openDatabase(options.path);
  // This connection's commits skip the fsync (WAL: written at checkpoints). A process crash or
  // kill -9 loses nothing written; only a power loss may lose the writes since the last
  // checkpoint — and the event loop never waits on the disk (~2.5 ms a commit here, far more on
  // slow disks).
  db.exec("PRAGMA synchronous = NORMAL");
  return new SqliteUsageStore(db, options);
}

class SqliteUsageStore implements UsageStore {
  readonly #db: DatabaseSync;
  /**
   * Prepared once: a statement prepared per flush is native memory V8 does not see, so under load
   * thousands waited for a collection (~30 MB of peak RSS in the standard bench).
   */
  readonly #insert: StatementSync;
  readonly #options: UsageStoreOptions;
  readonly #now: () => number;
  readonly #flushMs: number;
  readonly #batchRows: number;
  readonly #maxQueued: number;
  #queue: LogEntryJson[] = [];
  #timer: ReturnType<typeof setTimeout> | undefined;
  #soon = false;
  #pruneTimer: ReturnType<typeof setTimeout> | undefined;
  #closed = false;

  constructor(db: DatabaseSync, options: UsageStoreOptions) {
    this.#db = db;
    this.#insert = db.prepare(INSERT_USAGE_SQL);
    this.#options = options;
    this.#now = options.now ?? Date.now;
    this.#flushMs = options.flushMs ?? 1000;
    this.#batchRows = options.batchRows ?? 500;
    this.#maxQueued = options.maxQueued ?? 100_000;
    this.#schedulePrune(0);
  }

  add(entry: LogEntryJson): void {
    if (this.#closed) return;
    this.#queue.push(entry);
    if (this.#queue.length >= this.#batchRows && !this.#soon) {
      // A full batch is written on the next turn, never inside the request that filled it.
      clearTimeout(this.#timer);
      this.#soon = true;
      this.#timer = setTimeout(() => this.#background(), 0);
    } else if (this.#timer === undefined) {
      this.#timer = setTimeout(() => this.#background(), this.#flushMs);
    }
  }

  #background(): void {
    this.#timer = undefined;
    this.#soon = false;
    try {
      this.flush();
    } catch (error) {
      this.#report(error);
      // The rows stay queued; the next write tries them again, later.
      this.#timer ??= setTimeout(() => this.#background(), this.#flushMs);
    }
  }

  #report(error: unknown): void {
    if (!this.#options.onError) throw error;
    this.#options.onError(error);
  }

  flush(): number {
    clearTimeout(this.#timer);
    this.#timer = undefined;
    this.#soon = false;
    if (this.#closed || this.#queue.length === 0) return 0;
    const rows = this.#queue;
    this.#queue = [];
    try {
      inTransaction(this.#db, () => {
        for (const entry of rows) this.#insert.run(...toUsageValues(entry));
      });
    } catch (error) {
      this.#queue = [...rows, ...this.#queue].slice(-this.#maxQueued);
      throw error;
    }
    this.#options.onFlush?.(rows.length);
    return rows.length;
  }

  prune(): number {
    if (this.#closed) return 0;
    const days = this.#options.retentionDays?.() ??
      DEFAULT_USAGE_RETENTION_DAYS;
    const cutoff = this.#now() - days * DAY_MS;
    const result = this.#db.prepare(
      "DELETE FROM usage WHERE rowid IN (SELECT rowid FROM usage WHERE time < ? LIMIT ?)",
    ).run(cutoff, PRUNE_CHUNK_ROWS);
    return Number(result.changes);
  }

  #schedulePrune(delayMs: number): void {
    this.#pruneTimer = setTimeout(() => {
      let deleted = 0;
      try {
        deleted = this.prune();
      } catch (error) {
        this.#report(error);
      }
      // A full chunk means more is due: the next one soon, else in an hour.
      if (!this.#closed) {
        this.#schedulePrune(
          deleted >= PRUNE_CHUNK_ROWS ? 1000 : PRUNE_EVERY_MS,
        );
      }
    }, delayMs);
    // Retention is housekeeping: it never keeps the process alive.
    Deno.unrefTimer(this.#pruneTimer);
  }

  report(query: UsageQuery): Promise<UsageReportJson> {
    this.flush();
    return queryUsageReport(this.#db, query);
  }

  exportCsv(range: { from: number; to: number }): ReadableStream<Uint8Array> {
    this.flush();
    return exportUsageCsv(this.#db, range, () => this.#closed);
  }

  close(): void {
    if (this.#closed) return;
    try {
      this.flush();
    } finally {
      this.#closed = true;
      clearTimeout(this.#pruneTimer);
      this.#db.close();
    }
  }
}
