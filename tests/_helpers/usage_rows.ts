/**
 * Usage records in tests: seeding rows into a database (through the real usage store), making
 * request-log entries to seed, reading `GET /api/usage/export.csv` as records, and waiting for
 * a daemon's finished requests on its log stream (an event, not a sleep).
 */
import { parse } from "csv-parse/sync";
import type {
  LogEntryJson,
  UsageGroupJson,
  UsageSumsJson,
} from "../../store/mod.ts";
import { openUsageStore } from "../../store/mod.ts";
import { SseParseStream } from "../../routes/api/mod.ts";

/** A finished request as the record stage logs it; `overrides` replace any field. */
export function usageEntry(
  overrides: Partial<LogEntryJson> & { time: string },
): LogEntryJson {
  return {
    id: crypto.randomUUID(),
    level: "info",
    method: "POST",
    path: "/v1/chat/completions",
    format_in: "openai",
    format_out: "openai",
    model_requested: "gpt-4o",
    model_forwarded: "gpt-4o",
    alias: null,
    downstream: "openai",
    rules: [],
    plugins: [],
    status: 200,
    streamed: false,
    ttfb_ms: 100,
    total_ms: 1000,
    ...overrides,
  };
}

/** A report's sums, all zero (cost unknown) but for `overrides`. */
export function usageSums(
  overrides: Partial<UsageSumsJson> = {},
): UsageSumsJson {
  return {
    requests: 0,
    errors: 0,
    input_tokens: 0,
    output_tokens: 0,
    cache_read_tokens: 0,
    cache_write_tokens: 0,
    reasoning_tokens: 0,
    cost_usd: null,
    unpriced_requests: 0,
    ...overrides,
  };
}

/** A report's group `key`: one request, no latency measured, but for `overrides`. */
export function usageGroup(
  key: string | null,
  overrides: Partial<UsageGroupJson> = {},
): UsageGroupJson {
  return {
    key,
    ...usageSums({ requests: 1 }),
    ttfb_ms_p50: null,
    ttfb_ms_p95: null,
    duration_ms_p50: null,
    duration_ms_p95: null,
    ...overrides,
  };
}

/**
 * Writes `entries` as usage rows into the database at `path` (a daemon's `tresor.db`, before it
 * starts or while it runs: the store has its own connection).
 */
export function seedUsage(
  path: string,
  entries: readonly LogEntryJson[],
): void {
  const store = openUsageStore({ path });
  try {
    for (const entry of entries) store.add(entry);
    store.flush();
  } finally {
    store.close();
  }
}

/** `GET {url}/api/usage/export.csv{search}` parsed into records by header name. */
export async function readUsageCsv(
  url: string,
  search = "",
  headers: HeadersInit = {},
): Promise<{ header: string[]; rows: Record<string, string>[] }> {
  const res = await fetch(`${url}/api/usage/export.csv${search}`, { headers });
  const text = await res.text();
  if (!res.ok) throw new Error(`export.csv answered ${res.status}: ${text}`);
  const table: string[][] = parse(text);
  const [header, ...body] = table;
  return {
    header,
    rows: body.map((cells) =>
      Object.fromEntries(header.map((name, i) => [name, cells[i]]))
    ),
  };
}

/**
 * Resolves once the daemon at `url` has logged `count` requests whose id is not in `seen`
 * (read from `/api/logs/stream`: an entry is sent once its request is recorded, and the usage
 * row is queued in that same step). Bounded by `timeoutMs`.
 */
export async function waitForLogged(
  url: string,
  count: number,
  options: { headers?: HeadersInit; timeoutMs?: number } = {},
): Promise<LogEntryJson[]> {
  const signal = AbortSignal.timeout(options.timeoutMs ?? 10_000);
  const res = await fetch(`${url}/api/logs/stream?limit=1000`, {
    headers: options.headers,
    signal,
  });
  if (!res.ok || !res.body) throw new Error(`log stream: ${res.status}`);
  const entries = new Map<string, LogEntryJson>();
  const reader = res.body.pipeThrough(new SseParseStream()).getReader();
  try {
    while (entries.size < count) {
      const { value, done } = await reader.read();
      if (done) throw new Error("the log stream ended");
      if (value.data === "") continue;
      const entry: LogEntryJson = JSON.parse(value.data);
      entries.set(entry.id, entry);
    }
  } finally {
    await reader.cancel();
  }
  return [...entries.values()];
}
