/**
 * A usage row from a request-log entry: the SQL side of one finished request, as the `usage`
 * table (migration 6) holds it, and the one insert statement that writes it.
 *
 * @module
 */
import type { SQLInputValue } from "node:sqlite";
import type { LogEntryJson } from "./admin_json.ts";

/** The `usage` columns in insert order. */
export const USAGE_COLUMNS = [
  "time",
  "request_id",
  "key_name",
  "path",
  "client_format",
  "downstream_id",
  "alias_id",
  "input_model",
  "model",
  "stream",
  "status",
  "error_kind",
  "input_tokens",
  "output_tokens",
  "cache_read_tokens",
  "cache_write_5m_tokens",
  "cache_write_1h_tokens",
  "reasoning_tokens",
  "ttfb_ms",
  "duration_ms",
  "output_tokens_per_s",
  "cost_usd",
  "estimated",
] as const;

/** `INSERT INTO usage (…) VALUES (?, …)` for {@link toUsageValues}. */
export const INSERT_USAGE_SQL = `INSERT INTO usage (${
  USAGE_COLUMNS.join(", ")
}) VALUES (${USAGE_COLUMNS.map(() => "?").join(", ")})`;

/**
 * Output tokens per second of generation: after the first byte for a stream (the wait before it
 * is the prompt's), over the whole request otherwise (a whole body comes when it is done).
 */
export function outputTokensPerSecond(entry: LogEntryJson): number | null {
  const output = entry.output_tokens;
  const total = entry.total_ms;
  if (output === undefined || output === 0 || total === null) return null;
  const ms = entry.streamed && entry.ttfb_ms !== null
    ? total - entry.ttfb_ms
    : total;
  return ms > 0 ? Math.round((output * 1000 / ms) * 10) / 10 : null;
}

/** The insert's values for `entry`, in {@link USAGE_COLUMNS} order. */
export function toUsageValues(entry: LogEntryJson): SQLInputValue[] {
  const cacheWrite = entry.cache_write_tokens;
  const cacheWrite1h = entry.cache_write_1h_tokens;
  return [
    Date.parse(entry.time),
    entry.id,
    entry.key_name ?? null,
    entry.path,
    entry.format_in,
    entry.downstream,
    entry.alias,
    entry.model_requested,
    entry.model_forwarded,
    entry.streamed ? 1 : 0,
    entry.status,
    entry.error_kind ?? null,
    entry.input_tokens ?? null,
    entry.output_tokens ?? null,
    entry.cache_read_tokens ?? null,
    cacheWrite === undefined ? null : cacheWrite - (cacheWrite1h ?? 0),
    cacheWrite1h ?? null,
    entry.reasoning_tokens ?? null,
    entry.ttfb_ms,
    entry.total_ms,
    outputTokensPerSecond(entry),
    entry.cost_usd ?? null,
    entry.usage_estimated ? 1 : 0,
  ];
}
