/**
 * The admin pages in a real browser against the real daemon (`deno run -P main.ts run`) with a
 * mock upstream, across pages: login, the live log viewer, the theme toggle, and screenshots of
 * every page in both themes, desktop and phone. Each manager page has its own file
 * (`aliases_ui_test.ts`, `downstreams_ui_test.ts`, `rules_ui_test.ts`).
 */
import assert from "node:assert/strict";
import type { Page } from "playwright-core";
import { type Daemon, SCREENSHOT_DIR } from "../_helpers/browser.ts";
import { adminUiTest, chat, logIn } from "../_helpers/admin_ui.ts";

const PAGES = [
  "aliases",
  "downstreams",
  "rules",
  "logs",
  "settings",
  "about",
] as const;

async function screenshotAll(
  page: Page,
  daemon: Daemon,
  suffix = "",
): Promise<void> {
  for (const theme of ["light", "dark"] as const) {
    for (const name of PAGES) {
      await page.goto(`${daemon.url}/${name}`);
      await page.evaluate(
        (t) => localStorage.setItem("tresor-theme", t),
        theme,
      );
      await page.reload();
      await page.waitForSelector("html[data-theme]");
      await page.screenshot({
        path: new URL(`${name}-${theme}${suffix}.png`, SCREENSHOT_DIR).pathname,
        fullPage: true,
      });
    }
  }
}

adminUiTest(
  "admin pages: login, live log, theme, every page",
  async (ui, t, errors) => {
    const { page, daemon: d } = ui;

    await t.step("a wrong password shows an error", async () => {
      await page.goto(`${d.url}/aliases`);
      assert.match(page.url(), /\/login\?next=%2Faliases$/);
      await page.getByLabel("Admin password").fill("wrong");
      await page.getByRole("button", { name: "Log in" }).click();
      const alert = page.getByRole("alert");
      assert.equal(await alert.textContent(), "Wrong password");
      for (const theme of ["light", "dark"] as const) {
        await page.evaluate(
          (th) => document.documentElement.dataset.theme = th,
          theme,
        );
        await page.screenshot({
          path: new URL(`login-${theme}.png`, SCREENSHOT_DIR).pathname,
        });
      }
    });

    await t.step("log in", async () => {
      await logIn(page, d);
      // The wrong password's 401 page load is expected; from here on nothing may fail.
      errors.length = 0;
    });

    await t.step(
      "watch a gateway request appear live in the log viewer",
      async () => {
        await page.getByRole("link", { name: "Logs" }).click();
        await page.waitForURL(`${d.url}/logs`);
        await page.waitForSelector('.conn[data-state="live"]');
        const res = await chat(d, "code");
        const id = res.headers.get("x-tresor-request-id");
        await res.body?.cancel();
        assert.ok(id, "the gateway names its request id");
        const row = page.locator(`[data-entry="${id}"]`);
        await row.waitFor();
        await row.getByRole("button").click();
        assert.match(await row.textContent() ?? "", /beta-model/);
        await page.getByLabel("Filter").fill("no-such-thing");
        assert.equal(await row.count(), 0);
        await page.getByLabel("Filter").fill("");
      },
    );

    await t.step("change the theme and keep it across a reload", async () => {
      await page.evaluate(() => localStorage.removeItem("tresor-theme"));
      await page.reload();
      const toggle = page.locator(".theme-toggle");
      const start = await page.evaluate(() =>
        document.documentElement.dataset.theme ??
          (matchMedia("(prefers-color-scheme: dark)").matches
            ? "dark"
            : "light")
      );
      await toggle.click();
      const flipped = start === "dark" ? "light" : "dark";
      assert.equal(
        await page.evaluate(() => document.documentElement.dataset.theme),
        flipped,
      );
      await page.reload();
      assert.equal(
        await page.evaluate(() => document.documentElement.dataset.theme),
        flipped,
      );
      assert.equal(
        await page.evaluate(() => localStorage.getItem("tresor-theme")),
        flipped,
      );
    });

    await t.step(
      "screenshots of every page in both themes, desktop and phone",
      async () => {
        await screenshotAll(page, d);
        await page.setViewportSize({ width: 390, height: 844 });
        await screenshotAll(page, d, "-phone");
        await page.setViewportSize({ width: 1200, height: 800 });
      },
    );
  },
  { login: false },
);
