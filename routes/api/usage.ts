/**
 * `GET /api/usage` (totals, groups with latency percentiles, series) and
 * `GET /api/usage/export.csv` (the rows of a range, streamed) over the usage records
 * (CONTRACT "Usage, cost, metrics"). Defaults: the last 24 hours, `group_by=model`,
 * `interval=hour`.
 *
 * @module
 */
import {
  type UsageGroupBy,
  type UsageQuery,
  ValidationError,
} from "../../store/mod.ts";
import { HttpError, json } from "./_http.ts";
import { type ApiState, type Route, route } from "./_router.ts";

const DAY_MS = 86_400_000;
const GROUPS = [
  "downstream",
  "model",
  "alias",
  "key",
] as const satisfies readonly UsageGroupBy[];
const INTERVALS = { hour: 3_600_000, day: DAY_MS } as const;
/** Series points per group at most: 90 days of hours (the default retention) fit. */
export const MAX_INTERVALS = 2200;

function parseTime(
  params: URLSearchParams,
  name: "from" | "to",
): number | undefined {
  const value = params.get(name);
  if (value === null || value === "") return undefined;
  const ms = Date.parse(value);
  if (Number.isNaN(ms)) {
    throw new ValidationError(
      name,
      "must be an ISO-8601 time such as 2026-12-01T00:00:00Z",
    );
  }
  return ms;
}

/** The time range `[from, to)`: `to` defaults to now, `from` to 24 hours before `to`. */
export function parseUsageRange(
  params: URLSearchParams,
  now: number,
): { from: number; to: number } {
  const to = parseTime(params, "to") ?? now;
  const from = parseTime(params, "from") ?? to - DAY_MS;
  if (from >= to) throw new ValidationError("from", "must be before to");
  return { from, to };
}

/** Reads `from`, `to`, `group_by` and `interval`; throws `ValidationError` naming the field. */
export function parseUsageQuery(
  params: URLSearchParams,
  now: number,
): UsageQuery {
  const { from, to } = parseUsageRange(params, now);
  const groupBy = params.get("group_by") || "model";
  const group = GROUPS.find((g) => g === groupBy);
  if (group === undefined) {
    throw new ValidationError(
      "group_by",
      `must be one of ${GROUPS.join(", ")}`,
    );
  }
  const interval = params.get("interval") || "hour";
  if (interval !== "hour" && interval !== "day") {
    throw new ValidationError("interval", "must be hour or day");
  }
  const points = Math.ceil((to - from) / INTERVALS[interval]);
  if (points > MAX_INTERVALS) {
    throw new ValidationError(
      "interval",
      `the range holds ${points} ${interval}s, more than ${MAX_INTERVALS}: use interval=day or a shorter range`,
    );
  }
  return { from, to, groupBy: group, interval };
}

/** The usage routes. */
export function usageRoutes({ deps }: ApiState): Route[] {
  const now = deps.now ?? Date.now;
  const usage = () => {
    if (deps.usage === undefined) {
      throw new HttpError(404, "Usage records are not kept by this server");
    }
    return deps.usage;
  };
  return [
    route("/api/usage", {
      GET: async (_req, { url }) => {
        const query = parseUsageQuery(url.searchParams, now());
        return json(await usage().report(query));
      },
    }),
    route("/api/usage/export.csv", {
      GET: (_req, { url }) => {
        const range = parseUsageRange(url.searchParams, now());
        const stamp = new Date(range.to).toISOString().slice(0, 10);
        return Promise.resolve(
          new Response(usage().exportCsv(range), {
            headers: {
              "content-type": "text/csv; charset=utf-8",
              "content-disposition":
                `attachment; filename="tresor-usage-${stamp}.csv"`,
              "cache-control": "no-store",
            },
          }),
        );
      },
    }),
  ];
}
