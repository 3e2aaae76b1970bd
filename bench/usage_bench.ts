/**
 * The usage records' cost, in process: writing a batch of rows, the `/api/usage` report and the
 * CSV export over a 30-day range of 100,000 rows (the size the issue asks to answer quickly):
 * `deno bench -P=bench bench/usage_bench.ts`. The database is a temp file, as the daemon's is.
 *
 * @module
 */
import type { LogEntryJson } from "../store/mod.ts";
import { openUsageStore } from "../store/mod.ts";

const DAY = 86_400_000;
const ROWS = 100_000;
const TO = Date.UTC(2026, 11, 1);
const FROM = TO - 30 * DAY;
const MODELS = ["gpt-4o", "claude-sonnet-4", "gemini-2.5-pro", "deepseek-chat"];
const DOWNSTREAMS = ["openai", "anthropic", "google", "deepseek", "groq"];

function entry(i: number): LogEntryJson {
  return {
    id: `r${i}`,
    time: new Date(FROM + Math.floor(i * (30 * DAY / ROWS))).toISOString(),
    level: i % 50 === 0 ? "error" : "info",
    method: "POST",
    path: "/v1/messages",
    format_in: "anthropic",
    format_out: "openai",
    model_requested: MODELS[i % MODELS.length],
    model_forwarded: MODELS[i % MODELS.length],
    alias: i % 3 === 0 ? "fast" : null,
    downstream: DOWNSTREAMS[i % DOWNSTREAMS.length],
    rules: [],
    plugins: [],
    status: i % 50 === 0 ? 529 : 200,
    streamed: i % 2 === 0,
    ttfb_ms: 100 + (i % 400),
    total_ms: 1000 + (i % 9000),
    input_tokens: 1000 + (i % 700),
    output_tokens: 200 + (i % 300),
    cache_read_tokens: i % 5000,
    key_name: `app-${i % 7}`,
    ...(i % 10 !== 0 && { cost_usd: 0.001 + (i % 100) / 1e5 }),
  };
}

const dir = Deno.makeTempDirSync({ prefix: "tresor-usage-bench-" });
const store = openUsageStore({ path: `${dir}/tresor.db`, flushMs: 60_000 });
for (let i = 0; i < ROWS; i++) store.add(entry(i));
store.flush();

Deno.bench("write a batch of 500 rows", { group: "write" }, () => {
  for (let i = 0; i < 500; i++) store.add(entry(i));
  store.flush();
});

for (const groupBy of ["model", "downstream", "key"] as const) {
  Deno.bench(
    `report: 30 days, ${ROWS.toLocaleString("en")} rows, by ${groupBy}, daily`,
    { group: "report" },
    async () => {
      await store.report({ from: FROM, to: TO, groupBy, interval: "day" });
    },
  );
}

Deno.bench(
  `report: 30 days, ${ROWS.toLocaleString("en")} rows, by model, hourly`,
  { group: "report" },
  async () => {
    await store.report({
      from: FROM,
      to: TO,
      groupBy: "model",
      interval: "hour",
    });
  },
);

Deno.bench(
  "report: last 24 hours, by model, hourly",
  { group: "report" },
  async () => {
    await store.report({
      from: TO - DAY,
      to: TO,
      groupBy: "model",
      interval: "hour",
    });
  },
);

Deno.bench(
  `export.csv: 30 days, ${ROWS.toLocaleString("en")} rows`,
  { group: "export", n: 3 },
  async () => {
    await new Response(store.exportCsv({ from: FROM, to: TO })).arrayBuffer();
  },
);

globalThis.addEventListener("unload", () => {
  store.close();
  Deno.removeSync(dir, { recursive: true });
});
