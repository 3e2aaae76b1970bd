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
import { adminUiTest, chat, PASSWORD } from "../_helpers/admin_ui.ts";
import { seedUsage, waitForLogged } from "../_helpers/usage_rows.ts";
import {
  card,
  column,
  DAY,
  seededRows,
  shootThemes,
  texts,
  XSS_KEY,
  XSS_MODEL,
} from "../_helpers/usage_page.ts";
import { toLocalInput } from "../../routes/_usage_query.ts";

/** Types a custom range into the picker and shows it. */
async function showRange(page: Page, from: number, to: number): Promise<void> {
  await page.getByLabel("From", { exact: true }).fill(toLocalInput(from));
  await page.getByLabel("To", { exact: true }).fill(toLocalInput(to));
  await page.getByRole("button", { name: "Show" }).click();
  await page.waitForURL(/from=/);
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
      await showRange(page, now - 45 * DAY, now - 35 * DAY);
      assert.deepStrictEqual(await column(page, "cost"), [[
        "ci-bot",
        "$0.0000042",
      ]]);
      assert.equal(
        await page.getByRole("navigation", { name: "Range presets" })
          .locator('[aria-current="true"]').count(),
        0,
      );

      await showRange(page, now - 60 * DAY, now - 50 * DAY);
      assert.equal(
        await page.locator('[data-empty="range"]').textContent(),
        "No requests in this range",
      );
      assert.equal(await page.locator(".chart svg").count(), 0);
      await shootThemes(page, ui.screenshot, "usage-empty");

      await showRange(page, now - 50 * DAY, now - 60 * DAY);
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
