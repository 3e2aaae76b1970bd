/**
 * Aligned plain-text tables for the management commands' default output.
 *
 * @module
 */

/** Formats `rows` under `headers` in columns separated by two spaces, without trailing blanks. */
export function formatTable(
  headers: readonly string[],
  rows: readonly (readonly string[])[],
): string {
  const widths = headers.map((header, i) =>
    Math.max(header.length, ...rows.map((row) => (row[i] ?? "").length))
  );
  const line = (cells: readonly string[]) =>
    cells.map((cell, i) => (cell ?? "").padEnd(widths[i])).join("  ")
      .trimEnd();
  return [line(headers), ...rows.map(line)].join("\n");
}
