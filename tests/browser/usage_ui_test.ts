/**
 * Usage on the admin pages in Chromium against the real daemon: the Logs page's tokens, cost and
 * time-to-first-byte columns and details (priced, then unpriced), the downstream form's prices
 * (set, refresh from the provider, remove) and named gateway keys on the Settings page, with
 * screenshots in both themes, desktop and phone.
 */
import assert from "node:assert/strict";
import { adminUiTest, chat, PASSWORD } from "../_helpers/admin_ui.ts";
import { shootThemes } from "../_helpers/usage_page.ts";

adminUiTest(
  "usage: log columns, downstream prices, named keys",
  async (ui, t) => {
    const { page, daemon: d } = ui;
    const auth = { authorization: `Bearer ${PASSWORD}` };

    await t.step(
      "the log shows tokens, cost and first byte per request",
      async () => {
        const priced = await fetch(`${d.url}/api/downstreams/beta`, {
          method: "PUT",
          headers: { ...auth, "content-type": "application/json" },
          body: JSON.stringify({
            prices: { "beta-model": { input: 1000, output: 2000 } },
          }),
        });
        assert.equal(priced.status, 200);
        await priced.body?.cancel();
        await page.getByRole("link", { name: "Logs" }).click();
        await page.waitForURL(`${d.url}/logs`);
        await page.waitForSelector('.conn[data-state="live"]');
        const ids: string[] = [];
        // `code` goes to beta (priced above), `chat` to alpha (no price known).
        for (const model of ["code", "chat"]) {
          const res = await chat(d, model);
          ids.push(res.headers.get("x-tresor-request-id") ?? "");
          await res.body?.cancel();
        }
        const [pricedRow, unpricedRow] = ids.map((id) =>
          page.locator(`[data-entry="${id}"]`)
        );
        await pricedRow.waitFor();
        await unpricedRow.waitFor();
        // The mock reports 3 prompt and 4 completion tokens: 3 × 1000 + 4 × 2000 per M.
        assert.equal(
          await pricedRow.locator(".col-tokens").textContent(),
          "3 → 4",
        );
        assert.equal(
          await pricedRow.locator(".col-cost").textContent(),
          "$0.011",
        );
        assert.match(
          await pricedRow.locator(".col-ms").textContent() ?? "",
          /^\d+ \/ \d+ ms$/,
        );
        assert.equal(
          await unpricedRow.locator(".col-cost").textContent(),
          "unpriced",
        );
        await pricedRow.getByRole("button").click();
        const details = pricedRow.locator(".log-details");
        assert.match(await details.textContent() ?? "", /input 3, output 4/);
        assert.match(await details.textContent() ?? "", /\$0\.011/);
        await ui.screenshot("logs-usage");
        await shootThemes(page, ui.screenshot, "logs-usage");
        await page.setViewportSize({ width: 390, height: 844 });
        assert.equal(await pricedRow.locator(".col-tokens").isVisible(), false);
        assert.equal(await pricedRow.locator(".col-cost").isVisible(), true);
        await shootThemes(page, ui.screenshot, "logs-usage-phone");
        await page.setViewportSize({ width: 800, height: 800 });
        assert.equal(await pricedRow.locator(".col-model").isVisible(), false);
        assert.equal(await pricedRow.locator(".col-tokens").isVisible(), true);
        await ui.screenshot("logs-usage-tablet");
        await page.setViewportSize({ width: 1200, height: 800 });
      },
    );

    await t.step("set, refresh and remove a downstream's prices", async () => {
      await page.getByRole("link", { name: "Downstreams" }).click();
      await page.waitForURL(`${d.url}/downstreams`);
      await page.getByRole("button", { name: "Edit Alpha" }).click();
      const prices = page.getByRole("region", { name: "Prices of Alpha" });
      await prices.getByText("No prices of its own.").waitFor();
      const form = prices.getByRole("form", { name: "Set a price" });
      await form.getByLabel("Model").fill("alpha-model");
      await form.getByLabel("Input").fill("2.5");
      await form.getByLabel("Output", { exact: true }).fill("10");
      await form.getByLabel("Cache read").fill("1.25");
      await form.getByRole("button", { name: "Set price" }).click();
      const row = prices.locator('tr[data-price="alpha-model"]');
      await row.waitFor();
      assert.match(await row.textContent() ?? "", /alpha-model2\.5101\.25––/);
      const saved = await (await fetch(`${d.url}/api/downstreams/alpha`, {
        headers: auth,
      })).json();
      assert.deepStrictEqual(saved.prices, {
        "alpha-model": { input: 2.5, output: 10, cache_read: 1.25 },
      });
      assert.equal(await form.getByLabel("Model").inputValue(), "");
      await shootThemes(page, ui.screenshot, "downstream-prices");

      // The mock's /models lists no prices: nothing changes, and the notice says so.
      await prices.getByRole("button", { name: "Refresh prices" }).click();
      await page.waitForFunction(() =>
        document.querySelector("[data-testid=price-message]")?.textContent
          ?.includes("no price for this downstream's models (0 priced")
      );
      await page.setViewportSize({ width: 390, height: 844 });
      await shootThemes(page, ui.screenshot, "downstream-prices-phone");
      await page.setViewportSize({ width: 1200, height: 800 });

      await prices.getByRole("button", {
        name: "Remove the price of alpha-model",
      }).click();
      await prices.getByText("No prices of its own.").waitFor();
      const cleared = await (await fetch(`${d.url}/api/downstreams/alpha`, {
        headers: auth,
      })).json();
      assert.equal(cleared.prices, undefined);
    });

    await t.step("add a named gateway key on the Settings page", async () => {
      await page.getByRole("link", { name: "Settings" }).click();
      await page.waitForURL(`${d.url}/settings`);
      await page.getByLabel("Key name").fill("laptop-agent");
      await page.getByLabel("Add a key").fill("sk-laptop-agent-0042");
      await page.getByLabel("Keep usage records for (days)").fill("30");
      await page.getByRole("button", { name: "Save settings" }).click();
      await page.getByText("Settings saved").waitFor();
      const keys = page.getByRole("list", { name: "Gateway keys" });
      assert.equal(
        await keys.textContent(),
        "laptop-agent (***0042)×",
      );
      const settings = await (await fetch(`${d.url}/api/config`, {
        headers: auth,
      })).json();
      assert.deepStrictEqual(settings.proxy_api_keys, [
        { name: "laptop-agent", key: "***0042" },
      ]);
      assert.equal(settings.usage_retention_days, 30);
      await shootThemes(page, ui.screenshot, "settings-keys");
    });
  },
);
