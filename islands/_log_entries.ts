/**
 * The log viewer's pure helpers: filtering and merging entries, and how an entry's status, time
 * and durations read.
 *
 * @module
 */
import type { LogEntryJson } from "../store/mod.ts";

/** Entries kept in the page; older ones drop off the end. */
export const MAX_ENTRIES = 500;

/** The level filter: everything, warnings and errors, errors only. */
export type Level = "all" | "warn" | "error";

const LEVEL_RANK = { info: 0, warn: 1, error: 2 } as const;

/** Whether `entry` passes the level and text filters. */
export function entryMatches(
  entry: LogEntryJson,
  level: Level,
  text: string,
): boolean {
  if (level !== "all" && LEVEL_RANK[entry.level] < LEVEL_RANK[level]) {
    return false;
  }
  const needle = text.trim().toLowerCase();
  if (needle === "") return true;
  return [
    entry.path,
    entry.method,
    entry.model_requested,
    entry.model_forwarded,
    entry.alias,
    entry.downstream,
    String(entry.status),
    entry.error,
    entry.id,
    entry.key_name,
  ].some((field) => field?.toLowerCase().includes(needle));
}

/** Adds `incoming` (any order) to `current` (newest first), skipping known ids. */
export function mergeEntries(
  current: readonly LogEntryJson[],
  incoming: readonly LogEntryJson[],
): LogEntryJson[] {
  const known = new Set(current.map((e) => e.id));
  const fresh = incoming.filter((e) => !known.has(e.id));
  if (fresh.length === 0) return [...current];
  return [...fresh, ...current]
    .sort((a, b) => a.time < b.time ? 1 : a.time > b.time ? -1 : 0)
    .slice(0, MAX_ENTRIES);
}

/** Whether a stream event's data is a log entry. */
export function isLogEntry(value: unknown): value is LogEntryJson {
  return typeof value === "object" && value !== null && "id" in value &&
    typeof value.id === "string" && "status" in value &&
    typeof value.status === "number" && "time" in value &&
    typeof value.time === "string";
}

/** The colour class of a status. */
export function statusClass(status: number): string {
  if (status >= 500 || status === 0) return "status-5xx";
  if (status >= 400) return "status-4xx";
  if (status >= 300) return "status-3xx";
  return "status-2xx";
}

/** The time of day of an ISO time. */
export function clock(iso: string): string {
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? iso : d.toTimeString().slice(0, 8);
}

/** A duration in milliseconds, or a dash. */
export function ms(value: number | null): string {
  return value === null ? "–" : `${Math.round(value)} ms`;
}
