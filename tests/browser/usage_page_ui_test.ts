/**
 * The Usage page in Chromium against the real daemon, over usage rows seeded into its database
 * and rows its gateway records for requests through the mock upstream: the totals cards to the
 * exact figure, stacking, grouping and sorting, the range presets, a custom range, an empty and
 * an invalid one, the CSV export of the range, unpriced costs, hostile names shown as text, and
 * screenshots in both themes at desktop and phone width (no page-wide horizontal scroll).
 */
import assert from "node:assert/strict";
import { dirname } from "node:path";
import { parse } from "csv-parse/sync";
import type { Page } from "playwright-core";
import { adminUiTest, chat } from "../_helpers/admin_ui.ts";
import {
  seedUsage,
  usageEntry,
  waitForLogged,
} from "../_helpers/usage_rows.ts";
import { PASSWORD } from "../_helpers/admin_ui.ts";
import { startOfLocalDay, toLocalInput } from "../../routes/_usage_query.ts";

const DAY = 86_400_000;
const XSS_MODEL = '<img src=x onerror="window.__xss=1">';
const XSS_KEY = "<script>window.__xss=2</script>";

/** The seeded rows, relative to `now`: four today, one 3 days back, one 20, one 40. */
function seededRows(now: number) {
  const midday = startOfLocalDay(now) +
    Math.floor((now - startOfLocalDay(now)) / 2);
  const at = (ms: number) => new Date(ms).toISOString();
  return [
    usageEntry({
      time: at(midday),
      downstream: "anthropic",
      model_forwarded: "claude-sonnet-4",
      alias: "sonnet",
      key_name: "laptop",
      input_tokens: 1000,
      output_tokens: 500,
      cache_read_tokens: 2000,
      cost_usd: 0.0105,
      ttfb_ms: 300,
      total_ms: 2000,
    }),
    usageEntry({
      time: at(midday + 1),
      downstream: "openai",
      model_forwarded: "gpt-4o",
      key_name: "ci-bot",
      input_tokens: 400,
      output_tokens: 100,
      cost_usd: 0.002,
      ttfb_ms: 100,
      total_ms: 800,
    }),
    usageEntry({
      time: at(midday + 2),
      downstream: "openai",
      model_forwarded: XSS_MODEL,
      key_name: XSS_KEY,
      input_tokens: 10,
      output_tokens: 10,
      ttfb_ms: 50,
      total_ms: 90,
    }),
    usageEntry({
      time: at(midday + 3),
      downstream: "openai",
      model_forwarded: "gpt-4o",
      key_name: "ci-bot",
      status: 502,
      error_kind: "upstream_unreachable",
      ttfb_ms: null,
      total_ms: 40,
    }),
    usageEntry({
      time: at(now - 3 * DAY),
      downstream: "anthropic",
      model_forwarded: "claude-sonnet-4",
      alias: "sonnet",
      key_name: "laptop",
      input_tokens: 2000,
      output_tokens: 1000,
      cost_usd: 0.021,
      ttfb_ms: 500,
      total_ms: 4000,
    }),
    usageEntry({
      time: at(now - 20 * DAY),
      downstream: "openai",
      model_forwarded: "gpt-4o",
      key_name: "ci-bot",
      input_tokens: 100,
      output_tokens: 50,
      cost_usd: 0.001,
    }),
    usageEntry({
      time: at(now - 40 * DAY),
      downstream: "openai",
      model_forwarded: "gpt-4o-mini",
      key_name: "ci-bot",
      input_tokens: 7,
      output_tokens: 3,
      cost_usd: 0.0000042,
    }),
  ];
}

async function texts(page: Page, selector: string): Promise<string[]> {
  return await page.locator(selector).allTextContents();
}

/** The card's figures by name. */
async function card(page: Page, id: string): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const name of ["requests", "tokens", "cost", "errors"]) {
    out[name] = await page.locator(`[data-card="${id}"] [data-total="${name}"]`)
      .textContent() ?? "";
  }
  return out;
}

/** The table's rows: key → the named column's text. */
async function column(page: Page, col: string): Promise<[string, string][]> {
  const rows = page.locator(".usage-table tbody tr");
  const out: [string, string][] = [];
  for (let i = 0; i < await rows.count(); i++) {
    const row = rows.nth(i);
    out.push([
      await row.locator("th").textContent() ?? "",
      await row.locator(`[data-col="${col}"]`).textContent() ?? "",
    ]);
  }
  return out;
}

async function noPageScroll(page: Page): Promise<void> {
  const [scroll, width] = await page.evaluate(() => [
    document.documentElement.scrollWidth,
    innerWidth,
  ]);
  assert.ok(scroll <= width, `page scrolls sideways: ${scroll} > ${width}`);
}

async function shootThemes(
  page: Page,
  screenshot: (name: string) => Promise<void>,
  name: string,
): Promise<void> {
  for (const theme of ["light", "dark"] as const) {
    await page.evaluate((th) => {
      document.documentElement.dataset.theme = th;
      scrollTo(0, 0);
    }, theme);
    await noPageScroll(page);
    await screenshot(`${name}-${theme}`);
  }
}

adminUiTest(
  "usage page: totals, charts, table, range, export",
  async (ui, t) => {
    const { page, daemon: d } = ui;
    const auth = { authorization: `Bearer ${PASSWORD}` };
    const now = Date.now();
    seedUsage(`${dirname(d.configPath)}/tresor.db`, seededRows(now));
    // Two real requests through the gateway: alpha-model and beta-model have no known price.
    for (const model of ["chat", "code"]) {
      const res = await chat(d, model);
      assert.equal(res.status, 200);
      await res.body?.cancel();
    }
    await waitForLogged(d.url, 2, { headers: auth });

    await t.step(
      "the totals cards add up the seeded and the gateway's rows",
      async () => {
        await page.getByRole("link", { name: "Usage" }).click();
        await page.waitForURL(`${d.url}/usage`);
        assert.equal(
          await page.getByRole("link", { name: "Usage" }).getAttribute(
            "aria-current",
          ),
          "page",
        );
        // Today: 4 seeded + 2 gateway requests; tokens 3,500 + 500 + 20 + 2 × 7.
        assert.deepStrictEqual(await card(page, "today"), {
          requests: "6",
          tokens: "4,034",
          cost: "$0.0125+ 3 unpriced",
          errors: "1",
        });
        assert.deepStrictEqual(await card(page, "7d"), {
          requests: "7",
          tokens: "7,034",
          cost: "$0.0335+ 3 unpriced",
          errors: "1",
        });
        assert.deepStrictEqual(await card(page, "30d"), {
          requests: "8",
          tokens: "7,184",
          cost: "$0.0345+ 3 unpriced",
          errors: "1",
        });
      },
    );

    await t.step("stack by model, then by downstream", async () => {
      // The default range is the last 24 hours: today's rows, stacked by model.
      // Most requests first, then by name (punctuation sorts before letters).
      const byModel = [
        "gpt-4o",
        XSS_MODEL,
        "alpha-model",
        "beta-model",
        "claude-sonnet-4",
      ];
      assert.deepStrictEqual(
        await texts(page, ".usage-section > .legend li"),
        byModel,
      );
      assert.equal(
        await page.evaluate(() => Reflect.get(window, "__xss")),
        undefined,
      );
      for (const chart of ["requests", "tokens", "cost"]) {
        assert.ok(
          await page.locator(`[data-chart="${chart}"] rect`).count() > 0,
          `${chart} has bars`,
        );
      }
      assert.match(
        await page.locator('[data-chart="cost"] .chart-note').textContent() ??
          "",
        /^3 unpriced requests are not in this chart$/,
      );
      assert.deepStrictEqual(
        await page.locator('[data-chart="latency"] [data-model]').evaluateAll(
          (els) => els.map((e) => e.getAttribute("data-model")),
        ),
        byModel,
      );
      await page.getByRole("navigation", { name: "Stack by" })
        .getByRole("link", { name: "Downstream" }).click();
      await page.waitForURL(/stack=downstream/);
      assert.deepStrictEqual(await texts(page, ".usage-section > .legend li"), [
        "openai",
        "alpha",
        "anthropic",
        "beta",
      ]);
      await shootThemes(page, ui.screenshot, "usage-24h");
    });

    await t.step("group the table by key and sort it", async () => {
      await page.getByRole("navigation", { name: "Group by" })
        .getByRole("link", { name: "Key" }).click();
      await page.waitForURL(/group=key/);
      // By cost, highest first; the unpriced ones last.
      assert.deepStrictEqual(await column(page, "cost"), [
        ["laptop", "$0.0105"],
        ["ci-bot", "$0.002"],
        ["(none)", "unpriced"],
        [XSS_KEY, "unpriced"],
      ]);
      await page.getByRole("link", { name: "Cost" }).click();
      await page.waitForURL(/dir=asc/);
      assert.deepStrictEqual((await column(page, "cost")).map(([k]) => k), [
        "ci-bot",
        "laptop",
        "(none)",
        XSS_KEY,
      ]);
      await page.getByRole("link", { name: "Requests" }).click();
      await page.waitForURL(/sort=requests/);
      assert.deepStrictEqual(await column(page, "requests"), [
        ["(none)", "2"],
        ["ci-bot", "2"],
        [XSS_KEY, "1"],
        ["laptop", "1"],
      ]);
      assert.equal(
        await page.locator('th[aria-sort="descending"]').textContent(),
        "Requests ▼",
      );
      const totals = page.locator('.usage-table tfoot [data-col="requests"]');
      assert.equal(await totals.textContent(), "6");
    });

    await t.step("presets and a custom range drive everything", async () => {
      await page.getByRole("navigation", { name: "Range presets" })
        .getByRole("link", { name: "30 days" }).click();
      await page.waitForURL(/range=30d/);
      // The grouping, stacking and sort survive the range change.
      assert.match(page.url(), /stack=downstream/);
      assert.match(page.url(), /group=key/);
      assert.deepStrictEqual(await column(page, "requests"), [
        ["ci-bot", "3"],
        ["(none)", "2"],
        ["laptop", "2"],
        [XSS_KEY, "1"],
      ]);
      assert.match(
        await page.locator(
          '[data-chart="requests"] figcaption + div text.axis-title',
        )
          .textContent() ?? "",
        /per day$/,
      );
      await page.reload();
      assert.equal(
        await page.locator('.usage-table tfoot [data-col="requests"]')
          .textContent(),
        "8",
      );

      // 45 to 35 days back holds only the gpt-4o-mini row.
      await page.getByLabel("From", { exact: true }).fill(
        toLocalInput(now - 45 * DAY),
      );
      await page.getByLabel("To", { exact: true }).fill(
        toLocalInput(now - 35 * DAY),
      );
      await page.getByRole("button", { name: "Show" }).click();
      await page.waitForURL(/from=/);
      assert.deepStrictEqual(await column(page, "cost"), [[
        "ci-bot",
        "$0.0000042",
      ]]);
      assert.equal(
        await page.getByRole("navigation", { name: "Range presets" })
          .locator('[aria-current="true"]').count(),
        0,
      );

      await page.getByLabel("From", { exact: true }).fill(
        toLocalInput(now - 60 * DAY),
      );
      await page.getByLabel("To", { exact: true }).fill(
        toLocalInput(now - 50 * DAY),
      );
      await page.getByRole("button", { name: "Show" }).click();
      await page.waitForURL(/from=/);
      assert.equal(
        await page.locator('[data-empty="range"]').textContent(),
        "No requests in this range",
      );
      assert.equal(await page.locator(".chart svg").count(), 0);
      await shootThemes(page, ui.screenshot, "usage-empty");

      await page.getByLabel("From", { exact: true }).fill(
        toLocalInput(now - 50 * DAY),
      );
      await page.getByLabel("To", { exact: true }).fill(
        toLocalInput(now - 60 * DAY),
      );
      await page.getByRole("button", { name: "Show" }).click();
      await page.waitForURL(/from=/);
      assert.equal(
        await page.getByRole("alert").textContent(),
        "From must be before To",
      );
      ui.expectFailedLoads(400, 1);
    });

    await t.step("the CSV export holds the rows of the range", async () => {
      await page.getByRole("navigation", { name: "Range presets" })
        .getByRole("link", { name: "7 days" }).click();
      await page.waitForURL(/range=7d/);
      const [download] = await Promise.all([
        page.waitForEvent("download"),
        page.getByRole("link", { name: "Export CSV" }).click(),
      ]);
      const path = await download.path();
      const table: string[][] = parse(await Deno.readTextFile(path));
      const [header, ...rows] = table;
      const model = header.indexOf("model");
      assert.deepStrictEqual(
        rows.map((r) => r[model]).sort(),
        [
          XSS_MODEL,
          "alpha-model",
          "beta-model",
          "claude-sonnet-4",
          "claude-sonnet-4",
          "gpt-4o",
          "gpt-4o",
        ].sort(),
      );
    });

    await t.step("phone width: nothing scrolls the page sideways", async () => {
      await page.setViewportSize({ width: 375, height: 812 });
      await shootThemes(page, ui.screenshot, "usage-7d-phone");
      await page.setViewportSize({ width: 1200, height: 800 });
      await shootThemes(page, ui.screenshot, "usage-7d");
      // At desktop width the whole table fits its box.
      const [scroll, width] = await page.locator(".table-wrap").evaluate((
        e,
      ) => [e.scrollWidth, e.clientWidth]);
      assert.ok(scroll <= width, `the table scrolls: ${scroll} > ${width}`);
    });
  },
);
