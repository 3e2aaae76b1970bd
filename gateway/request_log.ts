/**
 * The request log: one small entry per gateway request in a bounded ring buffer, with live
 * subscribers. Entries are stored as plain objects and formatted only when someone reads them.
 *
 * @module
 */
import type { LogEntryJson } from "../store/mod.ts";

/**
 * One gateway request: the admin API's `LogEntryJson` itself (one declaration, in
 * `store/admin_json.ts`), so what the log holds is what `/api/logs` sends.
 */
export type RequestLogEntry = LogEntryJson;

/** Filters for {@link RequestLog.list}. */
export interface RequestLogQuery {
  /** Minimum level. */
  readonly level?: "info" | "warn" | "error";
  /** Case-insensitive substring over path, models, alias, downstream, status and error. */
  readonly q?: string;
  readonly limit?: number;
}

const LEVEL_RANK = { info: 0, warn: 1, error: 2 } as const;

/** Whether `entry` passes `query`'s level and text filters. */
export function matchesQuery(
  entry: RequestLogEntry,
  query: RequestLogQuery,
): boolean {
  if (query.level && LEVEL_RANK[entry.level] < LEVEL_RANK[query.level]) {
    return false;
  }
  if (!query.q) return true;
  const needle = query.q.toLowerCase();
  return [
    entry.path,
    entry.model_requested,
    entry.model_forwarded,
    entry.alias,
    entry.downstream,
    String(entry.status),
    entry.error,
    entry.id,
  ].some((field) => field?.toLowerCase().includes(needle));
}

/** A bounded ring buffer of request entries with live subscribers. */
export class RequestLog {
  #entries: (RequestLogEntry | undefined)[];
  #next = 0;
  #size = 0;
  #subscribers = new Set<(entry: RequestLogEntry) => void>();

  constructor(capacity: number) {
    if (!Number.isInteger(capacity) || capacity < 1) {
      throw new RangeError(
        `Cannot create request log: capacity must be a positive integer, got ${capacity}`,
      );
    }
    this.#entries = new Array(capacity);
  }

  /** How many entries are kept at most. */
  get capacity(): number {
    return this.#entries.length;
  }

  /** Records an entry, evicting the oldest when full, and notifies subscribers. */
  add(entry: RequestLogEntry): void {
    this.#entries[this.#next] = entry;
    this.#next = (this.#next + 1) % this.#entries.length;
    this.#size = Math.min(this.#size + 1, this.#entries.length);
    for (const subscriber of this.#subscribers) subscriber(entry);
  }

  /** Entries newest first, filtered. */
  list(query: RequestLogQuery = {}): RequestLogEntry[] {
    const out: RequestLogEntry[] = [];
    const limit = query.limit ?? this.#size;
    for (let i = 1; i <= this.#size && out.length < limit; i++) {
      const index = (this.#next - i + this.#entries.length) %
        this.#entries.length;
      const entry = this.#entries[index];
      if (entry && matchesQuery(entry, query)) out.push(entry);
    }
    return out;
  }

  /** The entry of request `id`, while the buffer still holds it. */
  get(id: string): RequestLogEntry | undefined {
    return this.#entries.find((entry) => entry?.id === id);
  }

  /** Calls `listener` for every entry added from now on; returns the unsubscribe function. */
  subscribe(listener: (entry: RequestLogEntry) => void): () => void {
    this.#subscribers.add(listener);
    return () => this.#subscribers.delete(listener);
  }

  /** Number of live subscribers (for tests and the about page). */
  get subscriberCount(): number {
    return this.#subscribers.size;
  }
}
