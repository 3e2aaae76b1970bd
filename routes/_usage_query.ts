/**
 * The Usage page's state, all of it in the URL query so a reload or a bookmark shows the same
 * thing: the range (a preset, or `from`/`to` in the server's local time), what the charts are
 * stacked by, what the table is grouped and sorted by. Parsed here, once; links are built here
 * too, so every control writes the same parameters the parser reads.
 *
 * @module
 */
import type { UsageGroupBy } from "../store/mod.ts";

const HOUR_MS = 3_600_000;
const DAY_MS = 86_400_000;

/** The range presets, by their `range=` value. */
export const RANGE_PRESETS = ["today", "24h", "7d", "30d"] as const;

/** A preset range. */
export type RangePreset = (typeof RANGE_PRESETS)[number];

/** What each preset is called on the page. */
export const RANGE_LABELS = {
  today: "Today",
  "24h": "24 hours",
  "7d": "7 days",
  "30d": "30 days",
} as const satisfies Record<RangePreset, string>;

/** What the charts may be stacked by. */
export const STACK_BYS = ["downstream", "model", "key"] as const;
/** A chart stacking. */
export type StackBy = (typeof STACK_BYS)[number];

/** What the table may be grouped by. */
export const GROUP_BYS = [
  "downstream",
  "model",
  "alias",
  "key",
] as const satisfies readonly UsageGroupBy[];

/** The table's sortable columns, by their `sort=` value. */
export const SORT_COLUMNS = [
  "key",
  "requests",
  "input",
  "output",
  "cost",
  "errors",
  "ttfb_p50",
  "ttfb_p95",
  "duration_p50",
  "duration_p95",
] as const;
/** A sortable column. */
export type SortColumn = (typeof SORT_COLUMNS)[number];

/** A sort direction. */
export type SortDir = "asc" | "desc";

/** Custom ranges longer than this are refused (the report's day series stays small). */
export const MAX_RANGE_DAYS = 2200;
/** Ranges up to this long are charted per hour; longer ones per day. */
export const HOURLY_UP_TO_MS = 2 * DAY_MS;

/** Everything the page shows, as the URL says it. */
export interface UsagePageQuery {
  readonly range: RangePreset | "custom";
  /** `[from, to)` in epoch milliseconds. */
  readonly from: number;
  readonly to: number;
  readonly stack: StackBy;
  readonly group: UsageGroupBy;
  readonly sort: SortColumn;
  readonly dir: SortDir;
}

/** The parsed query, or the first thing wrong with it (the query then holds the defaults). */
export type ParsedUsagePage =
  | { readonly ok: true; readonly query: UsagePageQuery }
  | {
    readonly ok: false;
    readonly error: string;
    readonly query: UsagePageQuery;
  };

const DEFAULTS = {
  range: "24h",
  stack: "model",
  group: "model",
  sort: "cost",
  dir: "desc",
} as const;

/** Local midnight at the start of the day holding `ms` (the server's time zone). */
export function startOfLocalDay(ms: number): number {
  const day = new Date(ms);
  day.setHours(0, 0, 0, 0);
  return day.getTime();
}

/** `[from, to)` of a preset at `now`: today since local midnight, the others back from now. */
export function presetRange(
  preset: RangePreset,
  now: number,
): { from: number; to: number } {
  const back = { "24h": DAY_MS, "7d": 7 * DAY_MS, "30d": 30 * DAY_MS } as const;
  const from = preset === "today" ? startOfLocalDay(now) : now - back[preset];
  return { from, to: now };
}

const LOCAL_TIME_REGEXP =
  /^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2})(?::(\d{2}))?)?$/;
const ZONED_TIME_REGEXP =
  /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,3})?)?(?:Z|[+-]\d{2}:\d{2})$/;

/**
 * A time as a `datetime-local` input sends it (`2026-12-01T09:30`, local), a date
 * (`2026-12-01`, local midnight) or an ISO time with a zone; undefined when it is none of them
 * or names a day that does not exist.
 */
export function parseLocalTime(text: string): number | undefined {
  if (ZONED_TIME_REGEXP.test(text)) {
    const ms = Date.parse(text);
    return Number.isNaN(ms) ? undefined : ms;
  }
  const m = LOCAL_TIME_REGEXP.exec(text);
  if (m === null) return undefined;
  const [y, mo, d, h, mi, s] = m.slice(1).map((part) => Number(part ?? 0));
  const date = new Date(y, mo - 1, d, h, mi, s);
  // `new Date` rolls 2026-02-31 over into March: such a day does not exist.
  if (
    date.getFullYear() !== y || date.getMonth() !== mo - 1 ||
    date.getDate() !== d || h > 23 || mi > 59 || s > 59
  ) {
    return undefined;
  }
  return date.getTime();
}

function pad(n: number): string {
  return String(n).padStart(2, "0");
}

/** `ms` as a `datetime-local` input's value in the server's time zone (`2026-12-01T09:30`). */
export function toLocalInput(ms: number): string {
  const d = new Date(ms);
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${
    pad(d.getHours())
  }:${pad(d.getMinutes())}`;
}

/** A parameter the page cannot read; its message is shown on the page. */
class QueryError extends Error {}

function pick<T extends string>(
  params: URLSearchParams,
  name: string,
  allowed: readonly T[],
  fallback: T,
): T {
  const value = params.get(name);
  if (value === null || value === "") return fallback;
  const found = allowed.find((a) => a === value);
  if (found === undefined) {
    throw new QueryError(
      `${name} must be one of ${allowed.join(", ")}, not "${value}"`,
    );
  }
  return found;
}

function customRange(
  params: URLSearchParams,
  now: number,
): { from: number; to: number } {
  const fromText = params.get("from") ?? "";
  const toText = params.get("to") ?? "";
  if (fromText === "") {
    throw new QueryError("Choose when the range starts (From)");
  }
  const from = parseLocalTime(fromText);
  if (from === undefined) {
    throw new QueryError(
      `From must be a date and time such as 2026-12-01T09:30, not "${fromText}"`,
    );
  }
  const to = toText === "" ? now : parseLocalTime(toText);
  if (to === undefined) {
    throw new QueryError(
      `To must be a date and time such as 2026-12-01T18:00, not "${toText}"`,
    );
  }
  if (from >= to) throw new QueryError("From must be before To");
  if (to - from > MAX_RANGE_DAYS * DAY_MS) {
    throw new QueryError(`The range may span at most ${MAX_RANGE_DAYS} days`);
  }
  return { from, to };
}

/** Reads the page's query at `now`; the first invalid parameter comes back as a message. */
export function parseUsagePageQuery(
  params: URLSearchParams,
  now: number,
): ParsedUsagePage {
  const defaults: UsagePageQuery = {
    ...DEFAULTS,
    ...presetRange(DEFAULTS.range, now),
  };
  try {
    const view = {
      stack: pick(params, "stack", STACK_BYS, DEFAULTS.stack),
      group: pick(params, "group", GROUP_BYS, DEFAULTS.group),
      sort: pick(params, "sort", SORT_COLUMNS, DEFAULTS.sort),
      dir: pick<SortDir>(params, "dir", ["asc", "desc"], DEFAULTS.dir),
    };
    const range = pick(
      params,
      "range",
      [...RANGE_PRESETS, "custom"],
      params.has("from") || params.has("to") ? "custom" : DEFAULTS.range,
    );
    const bounds = range === "custom"
      ? customRange(params, now)
      : presetRange(range, now);
    return { ok: true, query: { range, ...bounds, ...view } };
  } catch (err) {
    if (!(err instanceof QueryError)) throw err;
    return { ok: false, error: err.message, query: defaults };
  }
}

/** How the page's series are bucketed: per hour for short ranges, per day for long ones. */
export function bucketUnit(query: UsagePageQuery): "hour" | "day" {
  return query.to - query.from <= HOURLY_UP_TO_MS ? "hour" : "day";
}

/** The report interval that feeds those buckets: hours (re-bucketed into local days) while few enough. */
export function reportInterval(query: UsagePageQuery): "hour" | "day" {
  return (query.to - query.from) / HOUR_MS <= MAX_RANGE_DAYS ? "hour" : "day";
}

/** The page URL for `query` with `change` applied; defaults are left out. */
export function usageHref(
  query: UsagePageQuery,
  change: Partial<UsagePageQuery> = {},
): string {
  const next = { ...query, ...change };
  const params = new URLSearchParams();
  if (next.range === "custom") {
    params.set("from", toLocalInput(next.from));
    params.set("to", toLocalInput(next.to));
  } else if (next.range !== DEFAULTS.range) params.set("range", next.range);
  if (next.stack !== DEFAULTS.stack) params.set("stack", next.stack);
  if (next.group !== DEFAULTS.group) params.set("group", next.group);
  if (next.sort !== DEFAULTS.sort) params.set("sort", next.sort);
  if (next.dir !== DEFAULTS.dir) params.set("dir", next.dir);
  const search = params.toString();
  return search === "" ? "/usage" : `/usage?${search}`;
}

/** The CSV export of the query's range (`to` exclusive, as the page shows it). */
export function exportHref(query: UsagePageQuery): string {
  const params = new URLSearchParams({
    from: new Date(query.from).toISOString(),
    to: new Date(query.to).toISOString(),
  });
  return `/api/usage/export.csv?${params}`;
}
