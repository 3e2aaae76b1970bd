/**
 * The Usage page's table: one row per group (downstream, model, alias or key), sortable by
 * every column through links (the sort lives in the URL, so it survives a reload), and a
 * totals row. Cost reads "unpriced" where no price is known, never $0.
 *
 * @module
 */
import type { JSX } from "preact";
import type { UsageGroupJson, UsageSumsJson } from "../store/mod.ts";
import {
  type SortColumn,
  usageHref,
  type UsagePageQuery,
} from "./_usage_query.ts";
import { NONE_LABEL, promptTokens } from "./_usage_series.ts";
import { nextDir, sortGroups } from "./_usage_table.ts";
import {
  costText,
  formatCount,
  formatMs,
  unpricedNote,
} from "./_usage_text.ts";

/** How each grouping's first column is headed. */
export const GROUP_LABELS = {
  downstream: "Downstream",
  model: "Model",
  alias: "Alias",
  key: "Key",
} as const satisfies Record<UsagePageQuery["group"], string>;

const COLUMNS: readonly { id: SortColumn; label: string; num: boolean }[] = [
  { id: "requests", label: "Requests", num: true },
  { id: "input", label: "Tokens in", num: true },
  { id: "output", label: "Tokens out", num: true },
  { id: "cost", label: "Cost", num: true },
  { id: "errors", label: "Errors", num: true },
  { id: "ttfb_p50", label: "First byte p50", num: true },
  { id: "ttfb_p95", label: "First byte p95", num: true },
  { id: "duration_p50", label: "Total p50", num: true },
  { id: "duration_p95", label: "Total p95", num: true },
];

const LATENCIES: readonly [SortColumn, (g: UsageGroupJson) => number | null][] =
  [
    ["ttfb_p50", (g) => g.ttfb_ms_p50],
    ["ttfb_p95", (g) => g.ttfb_ms_p95],
    ["duration_p50", (g) => g.duration_ms_p50],
    ["duration_p95", (g) => g.duration_ms_p95],
  ];

/** The cells every row and the totals have: requests, tokens in and out, cost, errors. */
function SumCells({ sums }: { sums: UsageSumsJson }): JSX.Element {
  const note = unpricedNote(sums);
  const cost = costText(sums);
  return (
    <>
      <td class="num" data-col="requests">{formatCount(sums.requests)}</td>
      <td class="num" data-col="input">{formatCount(promptTokens(sums))}</td>
      <td class="num" data-col="output">{formatCount(sums.output_tokens)}</td>
      <td
        class={`num${cost === "unpriced" ? " unpriced" : ""}`}
        data-col="cost"
      >
        {cost}
        {note && <span class="cell-note">{note}</span>}
      </td>
      <td class="num" data-col="errors">{formatCount(sums.errors)}</td>
    </>
  );
}

function SortHeader(
  { id, label, query }: {
    id: SortColumn;
    label: string;
    query: UsagePageQuery;
  },
): JSX.Element {
  const sorted = query.sort === id;
  const dir = nextDir(id, query.sort, query.dir);
  return (
    <th
      scope="col"
      class={id === "key" ? undefined : "num"}
      aria-sort={sorted
        ? (query.dir === "asc" ? "ascending" : "descending")
        : undefined}
    >
      <a
        href={usageHref(query, { sort: id, dir })}
        title={`Sort by ${label.toLowerCase()}, ${
          dir === "asc" ? "lowest" : "highest"
        } first`}
      >
        {label}
        {sorted && (
          <span aria-hidden="true">{query.dir === "asc" ? " ▲" : " ▼"}</span>
        )}
      </a>
    </th>
  );
}

/** Props of {@link UsageTable}. */
export interface UsageTableProps {
  readonly query: UsagePageQuery;
  readonly groups: readonly UsageGroupJson[];
  readonly totals: UsageSumsJson;
}

/** The grouped, sorted table with its totals row. */
export function UsageTable(
  { query, groups, totals }: UsageTableProps,
): JSX.Element {
  const rows = sortGroups(groups, query.sort, query.dir);
  return (
    <div class="table-wrap">
      <table class="usage-table" data-group={query.group}>
        <thead>
          <tr>
            <SortHeader
              id="key"
              label={GROUP_LABELS[query.group]}
              query={query}
            />
            {COLUMNS.map((c) => (
              <SortHeader key={c.id} id={c.id} label={c.label} query={query} />
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((g) => (
            <tr key={g.key ?? NONE_LABEL} data-key={g.key ?? NONE_LABEL}>
              <th scope="row" class={g.key === null ? "muted" : undefined}>
                {g.key ?? NONE_LABEL}
              </th>
              <SumCells sums={g} />
              {LATENCIES.map(([col, value]) => (
                <td key={col} class="num" data-col={col}>
                  {formatMs(value(g))}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
        <tfoot>
          <tr data-key="total">
            <th scope="row">All</th>
            <SumCells sums={totals} />
            <td colSpan={LATENCIES.length} />
          </tr>
        </tfoot>
      </table>
    </div>
  );
}
