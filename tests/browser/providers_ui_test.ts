/**
 * Issue 16's pages in Chromium against the real daemon: the downstream form's preset picker,
 * Test (a refused metadata URL, then a passing local server) and Save; the failover switch on an
 * alias group's member; the live log marking a request a failover member answered. Screenshots
 * in both themes.
 */
import assert from "node:assert/strict";
import type { Page } from "playwright-core";
import { adminUiTest, chat } from "../_helpers/admin_ui.ts";
import { SCREENSHOT_DIR } from "../_helpers/browser.ts";

/** Saves `name-light.png` and `name-dark.png`, then goes back to the light theme. */
async function bothThemes(
  page: Page,
  name: string,
): Promise<void> {
  // The whole page in one viewport: a full-page capture of a scrolled page paints the sticky
  // header in the middle.
  const size = page.viewportSize() ?? { width: 1200, height: 800 };
  const height = await page.evaluate(() =>
    document.documentElement.scrollHeight
  );
  await page.setViewportSize({ width: size.width, height });
  for (const theme of ["light", "dark"] as const) {
    await page.evaluate(
      (t) => document.documentElement.dataset.theme = t,
      theme,
    );
    await page.screenshot({
      path: new URL(`${name}-${theme}.png`, SCREENSHOT_DIR).pathname,
    });
  }
  await page.evaluate(() => document.documentElement.dataset.theme = "light");
  await page.setViewportSize(size);
}

adminUiTest(
  "downstream form: preset picker, Test, Save",
  async (ui, t) => {
    const { page, daemon: d, upstream } = ui;
    const form = page.getByRole("form", { name: "Downstream form" });
    const checks = form.locator(".test-checks li");

    await t.step("a preset fills the form", async () => {
      await page.getByRole("link", { name: "Downstreams" }).click();
      await page.waitForURL(`${d.url}/downstreams`);
      await page.getByRole("button", { name: "Add downstream" }).click();
      await form.getByLabel("Start from a preset").selectOption({
        label: "Ollama",
      });
      assert.equal(
        await form.getByLabel("Name", { exact: true }).inputValue(),
        "Ollama",
      );
      assert.equal(
        await form.getByLabel("Base URL").inputValue(),
        "http://localhost:11434/v1",
      );
      assert.equal(
        await form.getByLabel("API key").getAttribute("placeholder"),
        "not needed (a local server)",
      );
      assert.equal(
        await form.getByRole("checkbox", { name: "OpenAI" }).isChecked(),
        true,
      );
      assert.equal(
        await form.getByRole("checkbox", { name: "Anthropic" }).isChecked(),
        true,
      );
      assert.equal(
        await form.getByRole("link", { name: "Ollama API documentation" })
          .getAttribute("href"),
        "https://docs.ollama.com/api/openai-compatibility",
      );
      await bothThemes(page, "providers-preset");
    });

    await t.step("Test refuses a cloud metadata URL, saying why", async () => {
      await form.getByLabel("Base URL").fill("http://169.254.169.254/v1");
      await form.getByRole("button", { name: "Test" }).click();
      await form.getByText("Some checks failed.").waitFor();
      const models = form.locator('[data-check="models"]');
      assert.equal(await models.getAttribute("data-ok"), "false");
      assert.match(
        await models.textContent() ?? "",
        /Refused to test 169\.254\.169\.254: 169\.254\.169\.254 is the cloud metadata address/,
      );
      await bothThemes(page, "providers-test-refused");
    });

    await t.step(
      "Test passes against a reachable server, then Save",
      async () => {
        await form.getByLabel("Base URL").fill(`${upstream.origin}/ollama/v1`);
        await form.locator("#ds-models").fill("llama3.2");
        await form.getByRole("button", { name: "Test" }).click();
        await form.getByText("Every check passed.").waitFor();
        assert.deepStrictEqual(
          await checks.evaluateAll((items) =>
            items.map((li) =>
              `${li.getAttribute("data-check")} ${li.getAttribute("data-ok")}`
            )
          ),
          ["models true", "openai true", "anthropic true"],
        );
        const sent = upstream.requests.map((r) =>
          `${r.path} ${r.body.max_tokens}`
        );
        assert.deepStrictEqual(sent, [
          "/ollama/v1/chat/completions 1",
          "/ollama/v1/messages 1",
        ]);
        await bothThemes(page, "providers-test-passed");

        await form.getByRole("button", { name: "Create downstream" }).click();
        const row = page.locator('tr[data-downstream="ollama"]');
        await row.waitFor();
        const saved =
          await (await page.request.get(`${d.url}/api/downstreams/ollama`))
            .json();
        assert.equal(saved.base_url, `${upstream.origin}/ollama/v1`);
        assert.deepStrictEqual(saved.output_model_ids, ["llama3.2"]);
        assert.match(await Deno.readTextFile(d.configPath), /id: ollama/);
      },
    );
  },
);

adminUiTest(
  "failover: the member switch, and the live log naming the member that answered",
  async (ui, t) => {
    const { page, daemon: d } = ui;

    await t.step("a member's failover switch", async () => {
      const toggle = page.getByRole("switch", {
        name: "Failover to Beta beta-model",
      })
        .first();
      assert.equal(await toggle.getAttribute("aria-checked"), "false");
      // The switch flips at once (optimistic); the API's answer confirms it.
      const saving = page.waitForResponse((r) =>
        r.url().endsWith("/api/aliases/chat-beta") &&
        r.request().method() === "PUT"
      );
      await toggle.click();
      assert.equal((await saving).status(), 200);
      await page.locator(
        '[data-group="chat"] [role=switch][aria-checked="true"]',
      ).waitFor();
      const saved =
        await (await page.request.get(`${d.url}/api/aliases/chat-beta`))
          .json();
      assert.equal(saved.failover, true);
      assert.match(await Deno.readTextFile(d.configPath), /failover: true/);
      await bothThemes(page, "failover-switch");
    });

    await t.step(
      "the live log marks an answer from a failover member",
      async () => {
        // The active member's provider goes away: the request fails over to Beta.
        const moved = await page.request.put(`${d.url}/api/downstreams/alpha`, {
          data: { base_url: "http://127.0.0.1:9/v1" },
        });
        assert.equal(moved.status(), 200);
        await page.getByRole("link", { name: "Logs" }).click();
        await page.waitForURL(`${d.url}/logs`);
        const res = await chat(d, "chat");
        assert.equal(res.status, 200);
        assert.equal((await res.json()).model, "beta-model");
        const entry = page.locator(".log-entry").first();
        await entry.getByText("failover: 2nd try").waitFor();
        await entry.locator(".log-summary").click();
        const lines = await entry.locator(".attempt-list li").allTextContents();
        assert.match(lines[0], /^alpha \(alpha-model\): unreachable, \d+ ms$/);
        assert.match(lines[1], /^beta \(beta-model\): answered 200, \d+ ms$/);
        await bothThemes(page, "failover-log");
      },
    );
  },
);
