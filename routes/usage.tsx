/**
 * `/usage`: where the tokens, the money and the time go. Totals for today, 7 and 30 days; for
 * the chosen range, requests, tokens and cost over time stacked by downstream, model or key,
 * latency per model, and a sortable table grouped by downstream, model, alias or key. Rendered
 * on the server from the usage store's reports (the same as `GET /api/usage`); every choice is
 * a link or a GET form, so the URL holds the state. Times are the server's local time.
 *
 * @module
 */
import type { JSX } from "preact";
import type {
  UsageGroupBy,
  UsageQuery,
  UsageReportJson,
  UsageStore,
  UsageSumsJson,
} from "../store/mod.ts";
import type { PageContext } from "./_context.ts";
import { Layout, PageHead } from "./_layout.tsx";
import { LatencyChart } from "./_LatencyChart.tsx";
import { StackedChart } from "./_StackedChart.tsx";
import { RangePicker, Segmented } from "./_UsageControls.tsx";
import { GROUP_LABELS, UsageTable } from "./_UsageTable.tsx";
import {
  bucketUnit,
  GROUP_BYS,
  parseUsagePageQuery,
  presetRange,
  reportInterval,
  STACK_BYS,
  usageHref,
  type UsagePageQuery,
} from "./_usage_query.ts";
import {
  type ChartMetric,
  type StackedUsage,
  toStackedUsage,
  totalTokens,
  usageBuckets,
} from "./_usage_series.ts";
import { costText, formatCount, unpricedNote } from "./_usage_text.ts";
import { compactCount, formatUsd } from "../islands/usage_format.ts";

type UsageReports = Pick<UsageStore, "report">;

/** The totals cards' periods. */
const PERIODS = [
  { id: "today", label: "Today" },
  { id: "7d", label: "7 days" },
  { id: "30d", label: "30 days" },
] as const;

/** The charts over time: what each adds up, its unit and how its values read. */
const CHARTS = [
  {
    metric: "requests",
    title: "Requests",
    unit: "requests",
    format: formatCount,
  },
  { metric: "tokens", title: "Tokens", unit: "tokens", format: compactCount },
  { metric: "cost", title: "Cost", unit: "USD", format: formatUsd },
] as const satisfies readonly {
  metric: ChartMetric;
  title: string;
  unit: string;
  format: (value: number) => string;
}[];

/** What the page shows of the chosen range. */
export interface UsageView {
  readonly stacked: StackedUsage;
  readonly unit: "hour" | "day";
  readonly table: UsageReportJson;
  readonly latency: UsageReportJson;
}

/** Props of {@link UsagePage}. */
export interface UsagePageProps {
  readonly query: UsagePageQuery;
  /** Why the URL's query could not be shown (the query then holds the defaults). */
  readonly error?: string;
  readonly typed?: { readonly from: string; readonly to: string };
  readonly cards?: readonly {
    id: string;
    label: string;
    sums: UsageSumsJson;
  }[];
  readonly view?: UsageView;
  readonly timeZone: string;
}

/** The reports the chosen range needs: stacked series, table groups, latency by model. */
export async function loadUsageView(
  usage: UsageReports,
  query: UsagePageQuery,
): Promise<UsageView> {
  const reports = new Map<UsageGroupBy, UsageReportJson>();
  const report = async (groupBy: UsageGroupBy) => {
    const known = reports.get(groupBy);
    if (known) return known;
    const q: UsageQuery = {
      from: query.from,
      to: query.to,
      groupBy,
      interval: reportInterval(query),
    };
    const made = await usage.report(q);
    reports.set(groupBy, made);
    return made;
  };
  const unit = bucketUnit(query);
  const stackReport = await report(query.stack);
  return {
    unit,
    stacked: toStackedUsage(
      stackReport.series,
      usageBuckets(query.from, query.to, unit),
    ),
    table: await report(query.group),
    latency: await report("model"),
  };
}

async function loadCards(
  usage: UsageReports,
  now: number,
): Promise<NonNullable<UsagePageProps["cards"]>> {
  const cards = [];
  for (const period of PERIODS) {
    const { from, to } = presetRange(period.id, now);
    const { totals } = await usage.report({
      from,
      to,
      groupBy: "downstream",
      interval: "day",
    });
    cards.push({ ...period, sums: totals });
  }
  return cards;
}

function TotalsCard(
  { id, label, sums }: { id: string; label: string; sums: UsageSumsJson },
): JSX.Element {
  const note = unpricedNote(sums);
  return (
    <section class="card usage-card" data-card={id} aria-label={label}>
      <h2>{label}</h2>
      <dl>
        <div>
          <dt>Requests</dt>
          <dd data-total="requests">{formatCount(sums.requests)}</dd>
        </div>
        <div>
          <dt>Tokens</dt>
          <dd data-total="tokens">{formatCount(totalTokens(sums))}</dd>
        </div>
        <div>
          <dt>Cost</dt>
          <dd data-total="cost">
            {costText(sums)}
            {note && <span class="cell-note">{note}</span>}
          </dd>
        </div>
        <div>
          <dt>Errors</dt>
          <dd data-total="errors" class={sums.errors > 0 ? "has-errors" : ""}>
            {formatCount(sums.errors)}
          </dd>
        </div>
      </dl>
    </section>
  );
}

function Charts(
  { view, query }: { view: UsageView; query: UsagePageQuery },
): JSX.Element {
  const { stacked, unit } = view;
  const unpriced = stacked.unpricedRequests;
  return (
    <section class="usage-section" aria-labelledby="over-time">
      <div class="section-head">
        <h2 id="over-time">Over time</h2>
        <Segmented
          label="Stack by"
          options={STACK_BYS.map((id) => ({ id, label: GROUP_LABELS[id] }))}
          current={query.stack}
          href={(stack) => usageHref(query, { stack })}
        />
      </div>
      <ul class="legend" aria-label="Legend">
        {stacked.keys.map((k) => (
          <li key={k.id} data-key={k.label}>
            <span class={`swatch c${k.colour}`} aria-hidden="true" />
            {k.label}
          </li>
        ))}
      </ul>
      <div class="chart-grid">
        {CHARTS.map((c) => (
          <StackedChart
            key={c.metric}
            title={c.title}
            unit={`${c.unit} per ${unit}`}
            keys={stacked.keys}
            buckets={stacked.buckets[c.metric]}
            format={c.format}
            integer={c.metric === "requests"}
            days={unit === "day"}
            emptyText={c.metric === "cost" && unpriced > 0
              ? `No priced requests in this range (${
                formatCount(unpriced)
              } unpriced)`
              : `No ${c.unit === "USD" ? "cost" : c.unit} in this range`}
            note={c.metric === "cost" && unpriced > 0
              ? `${
                formatCount(unpriced)
              } unpriced requests are not in this chart`
              : undefined}
          />
        ))}
        <LatencyChart groups={view.latency.groups} />
      </div>
    </section>
  );
}

/** The page's content. */
export function UsagePage(props: UsagePageProps): JSX.Element {
  const { query, view } = props;
  return (
    <>
      <PageHead
        title="Usage"
        lead={`Requests, tokens, cost and latency from the usage records. Times are in ${props.timeZone}.`}
      />
      {props.cards && (
        <div class="usage-cards">
          {props.cards.map((c) => <TotalsCard key={c.id} {...c} />)}
        </div>
      )}
      <RangePicker
        query={query}
        typed={props.typed}
        canExport={props.error === undefined && props.cards !== undefined}
      />
      {props.error && (
        <p class="notice notice-error" role="alert">{props.error}</p>
      )}
      {view && view.table.totals.requests === 0 && (
        <p class="empty card" data-empty="range">No requests in this range</p>
      )}
      {view && view.table.totals.requests > 0 && (
        <>
          <Charts view={view} query={query} />
          <section class="usage-section" aria-labelledby="breakdown">
            <div class="section-head">
              <h2 id="breakdown">Breakdown</h2>
              <Segmented
                label="Group by"
                options={GROUP_BYS.map((id) => ({
                  id,
                  label: GROUP_LABELS[id],
                }))}
                current={query.group}
                href={(group) => usageHref(query, { group })}
              />
            </div>
            <UsageTable
              query={query}
              groups={view.table.groups}
              totals={view.table.totals}
            />
          </section>
        </>
      )}
    </>
  );
}

/** Renders the Usage page for the URL's query (400 with a message when it cannot be read). */
export async function handler(
  _req: Request,
  ctx: PageContext,
): Promise<Response> {
  const now = ctx.deps.now?.() ?? Date.now();
  const parsed = parseUsagePageQuery(ctx.url.searchParams, now);
  const usage = ctx.deps.usage;
  const timeZone = Intl.DateTimeFormat().resolvedOptions().timeZone;
  const props: UsagePageProps = {
    query: parsed.query,
    timeZone,
    error: usage === undefined
      ? "Usage records are not kept by this server"
      : parsed.ok
      ? undefined
      : parsed.error,
    typed: parsed.ok ||
        !(ctx.url.searchParams.has("from") || ctx.url.searchParams.has("to"))
      ? undefined
      : {
        from: ctx.url.searchParams.get("from") ?? "",
        to: ctx.url.searchParams.get("to") ?? "",
      },
    cards: usage && await loadCards(usage, now),
    view: usage && parsed.ok
      ? await loadUsageView(usage, parsed.query)
      : undefined,
  };
  return ctx.render(
    <Layout tab="usage" canLogout={ctx.passwordRequired}>
      <UsagePage {...props} />
    </Layout>,
    { title: "Usage", status: parsed.ok ? 200 : 400 },
  );
}
