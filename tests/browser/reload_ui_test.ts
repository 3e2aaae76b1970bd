/**
 * Hot reload on the admin pages (issue 16): an invalid edit of the config file under the running
 * daemon shows a banner naming the file and line on every page, the pages keep working on the
 * running config, and the banner goes once the file is fixed. Screenshots in both themes.
 */
import assert from "node:assert/strict";
import { adminUiTest } from "../_helpers/admin_ui.ts";
import { SCREENSHOT_DIR } from "../_helpers/browser.ts";

adminUiTest(
  "config file: a refused edit shows a banner until it is fixed",
  async (ui, t) => {
    const { page, daemon: d } = ui;
    const banner = page.getByTestId("config-error");
    const good = await Deno.readTextFile(d.configPath);

    await t.step(
      "an invalid edit shows the banner with file:line",
      async () => {
        await Deno.writeTextFile(
          d.configPath,
          good.replace("proxy_mode: none", "proxy_mode: sometimes"),
        );
        await banner.waitFor();
        assert.equal(await banner.getAttribute("role"), "alert");
        assert.match(
          await banner.textContent() ?? "",
          /tresor\.yaml:3: proxy_mode: must be auto, env, none or an http\(s\) URL/,
        );
        // Every page shows it, and the running config still serves them.
        await page.getByRole("link", { name: "Downstreams" }).click();
        await page.waitForURL(`${d.url}/downstreams`);
        await banner.waitFor();
        await page.locator('tr[data-downstream="alpha"]').waitFor();
        for (const theme of ["light", "dark"] as const) {
          await page.evaluate(
            (th) => document.documentElement.dataset.theme = th,
            theme,
          );
          await page.screenshot({
            path: new URL(`config-error-${theme}.png`, SCREENSHOT_DIR).pathname,
          });
        }
      },
    );

    await t.step("fixing the file removes the banner", async () => {
      await Deno.writeTextFile(d.configPath, good);
      await banner.waitFor({ state: "detached" });
    });
  },
);
