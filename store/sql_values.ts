/**
 * Typed reads of SQLite column values (`node:sqlite` returns a loose union). A value of the
 * wrong type means the schema and the code disagree: a programmer error, so a `TypeError`.
 *
 * @module
 */
import type { SQLOutputValue, StatementSync } from "node:sqlite";

/** A TEXT column's value. */
export function toText(value: SQLOutputValue | undefined): string {
  if (typeof value !== "string") {
    throw new TypeError(`Expected a text column, got ${typeof value}`);
  }
  return value;
}

/** An INTEGER column's value. */
export function toInt(value: SQLOutputValue | undefined): number {
  if (typeof value === "number") return value;
  if (typeof value === "bigint") return Number(value);
  throw new TypeError(`Expected an integer column, got ${typeof value}`);
}

/** A nullable INTEGER column's value; NULL becomes undefined. */
export function toOptionalInt(
  value: SQLOutputValue | undefined,
): number | undefined {
  return value === null || value === undefined ? undefined : toInt(value);
}

/**
 * Makes `statement` return rows as arrays (`row["0"]`, `row["1"]`, …): no object per row, several
 * times faster for long reads. `setReturnArrays` is in Deno's `node:sqlite` (Node 24's API) but
 * not in its type declarations.
 */
export function returnArrays(statement: StatementSync): StatementSync {
  const s: StatementSync & { setReturnArrays?: (on: boolean) => void } =
    statement;
  if (typeof s.setReturnArrays !== "function") {
    throw new TypeError("node:sqlite has no StatementSync.setReturnArrays");
  }
  s.setReturnArrays(true);
  return statement;
}
