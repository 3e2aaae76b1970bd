/**
 * What the Logs page shows of a request's usage: compact summary cells (tokens in → out, cost,
 * time to first byte / total) and the detail lines (every token count, the cost, the key's
 * name). Counts the upstream did not report show as "–"; an estimate is marked "~"; a request
 * with tokens but no known price reads "unpriced", never $0.
 *
 * @module
 */
import type { JSX } from "preact";
import type { LogEntryJson } from "../store/mod.ts";
import { compactCount, formatUsd } from "./usage_format.ts";

const COUNT = new Intl.NumberFormat("en-US");

/** The whole prompt: uncached input plus what was read from and written to the cache. */
function promptTokens(e: LogEntryJson): number | undefined {
  if (e.input_tokens === undefined) return undefined;
  return e.input_tokens + (e.cache_read_tokens ?? 0) +
    (e.cache_write_tokens ?? 0);
}

/** `1.2k → 300` (prompt → output), `~` first when estimated; `–` when nothing is known. */
export function tokensCell(e: LogEntryJson): string {
  const prompt = promptTokens(e);
  if (prompt === undefined && e.output_tokens === undefined) return "–";
  const text = `${prompt === undefined ? "–" : compactCount(prompt)} → ${
    e.output_tokens === undefined ? "–" : compactCount(e.output_tokens)
  }`;
  return e.usage_estimated ? `~${text}` : text;
}

/** The cost cell: the cost, `unpriced` when tokens have no known price, else `–`. */
export function costCell(e: LogEntryJson): string {
  if (e.cost_usd !== undefined) return formatUsd(e.cost_usd);
  return e.input_tokens !== undefined || e.output_tokens !== undefined
    ? "unpriced"
    : "–";
}

function ms(value: number | null): string {
  return value === null ? "–" : String(Math.round(value));
}

/** `120 / 900 ms`: time to first byte, then total. */
export function timingCell(e: LogEntryJson): string {
  return `${ms(e.ttfb_ms)} / ${ms(e.total_ms)} ms`;
}

/** The usage cells of a log entry's summary row. */
export function UsageCells({ entry }: { entry: LogEntryJson }): JSX.Element {
  return (
    <>
      <span
        class="col-tokens mono"
        title="Tokens: prompt (cache included) → output"
      >
        {tokensCell(entry)}
      </span>
      <span class="col-cost mono" title="Cost">{costCell(entry)}</span>
      <span class="col-ms mono" title="First byte / total">
        {timingCell(entry)}
      </span>
    </>
  );
}

function count(n: number | undefined): string {
  return n === undefined ? "–" : COUNT.format(n);
}

/** The token counts in words: input, cache read and write (1 h part), output (reasoning part). */
export function tokensDetail(e: LogEntryJson): string {
  const parts = [`input ${count(e.input_tokens)}`];
  if (e.cache_read_tokens !== undefined) {
    parts.push(`cache read ${count(e.cache_read_tokens)}`);
  }
  if (e.cache_write_tokens !== undefined) {
    parts.push(
      `cache write ${count(e.cache_write_tokens)}${
        e.cache_write_1h_tokens
          ? ` (${count(e.cache_write_1h_tokens)} for 1 h)`
          : ""
      }`,
    );
  }
  parts.push(
    `output ${count(e.output_tokens)}${
      e.reasoning_tokens !== undefined
        ? ` (${count(e.reasoning_tokens)} reasoning)`
        : ""
    }`,
  );
  return parts.join(", ") + (e.usage_estimated ? " — estimated" : "");
}

/** The usage lines of a log entry's details (inside its `<dl>`). */
export function UsageDetails({ entry }: { entry: LogEntryJson }): JSX.Element {
  return (
    <>
      <dt>Key</dt>
      <dd>{entry.key_name ?? "–"}</dd>
      <dt>Tokens</dt>
      <dd>{tokensDetail(entry)}</dd>
      <dt>Cost</dt>
      <dd>
        {entry.cost_usd === undefined ? costCell(entry) : `$${entry.cost_usd}`}
      </dd>
    </>
  );
}
