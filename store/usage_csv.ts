/**
 * `GET /api/usage/export.csv`: the usage rows of a time range as CSV (RFC 4180 quoting by
 * `csv-stringify`), streamed a page at a time with keyset pagination on `(time, rowid)`, so
 * memory stays flat however many rows the range holds. Text a client chose (model names,
 * paths) that a spreadsheet would run as a formula (`=`, `+`, `-`, `@`, …) gets a leading `'`.
 *
 * @module
 */
import type { DatabaseSync, SQLOutputValue } from "node:sqlite";
import { stringify } from "csv-stringify/sync";
import { toInt } from "./sql_values.ts";

/** The header row (CONTRACT "Usage, cost, metrics"). */
export const USAGE_CSV_HEADER = [
  "time",
  "key_name",
  "path",
  "client_format",
  "downstream_id",
  "alias_id",
  "input_model",
  "model",
  "stream",
  "status",
  "input_tokens",
  "output_tokens",
  "cache_read_tokens",
  "cache_write_tokens",
  "reasoning_tokens",
  "ttfb_ms",
  "duration_ms",
  "cost_usd",
  "estimated",
] as const;

const PAGE_ROWS = 500;
const ENCODER = new TextEncoder();

type Cell = string | number | null;

function cell(value: SQLOutputValue | undefined): Cell {
  if (value === null || value === undefined) return null;
  if (typeof value === "bigint") return Number(value);
  if (typeof value === "number" || typeof value === "string") return value;
  throw new TypeError("Unexpected binary value in the usage table");
}

function toRecord(row: Record<string, SQLOutputValue>): Cell[] {
  const cw5 = row.cache_write_5m_tokens;
  const cw1h = row.cache_write_1h_tokens;
  return [
    new Date(toInt(row.time)).toISOString(),
    cell(row.key_name),
    cell(row.path),
    cell(row.client_format),
    cell(row.downstream_id),
    cell(row.alias_id),
    cell(row.input_model),
    cell(row.model),
    toInt(row.stream) === 1 ? "true" : "false",
    toInt(row.status),
    cell(row.input_tokens),
    cell(row.output_tokens),
    cell(row.cache_read_tokens),
    cw5 === null && cw1h === null ? null : toInt(cw5 ?? 0) + toInt(cw1h ?? 0),
    cell(row.reasoning_tokens),
    cell(row.ttfb_ms),
    cell(row.duration_ms),
    cell(row.cost_usd),
    toInt(row.estimated) === 1 ? "true" : "false",
  ];
}

function toCsv(records: readonly (readonly Cell[])[]): Uint8Array {
  return ENCODER.encode(
    stringify(records.map((r) => [...r]), { escape_formulas: true }),
  );
}

/**
 * The rows with `from <= time < to`, oldest first, as a CSV stream; `closed` ends it early
 * (the connection went away at shutdown).
 */
export function exportUsageCsv(
  db: DatabaseSync,
  range: { from: number; to: number },
  closed: () => boolean,
): ReadableStream<Uint8Array> {
  let after = { time: range.from - 1, rowid: Number.MAX_SAFE_INTEGER };
  let headerSent = false;
  return new ReadableStream<Uint8Array>({
    pull(controller) {
      if (!headerSent) {
        headerSent = true;
        controller.enqueue(toCsv([USAGE_CSV_HEADER]));
        return;
      }
      if (closed()) {
        controller.close();
        return;
      }
      const rows = db.prepare(
        `SELECT rowid, * FROM usage
         WHERE (time, rowid) > (?, ?) AND time < ?
         ORDER BY time, rowid LIMIT ?`,
      ).all(after.time, after.rowid, range.to, PAGE_ROWS);
      if (rows.length === 0) {
        controller.close();
        return;
      }
      const last = rows[rows.length - 1];
      after = { time: toInt(last.time), rowid: toInt(last.rowid) };
      controller.enqueue(toCsv(rows.map(toRecord)));
      if (rows.length < PAGE_ROWS) controller.close();
    },
  }, { highWaterMark: 0 });
}
