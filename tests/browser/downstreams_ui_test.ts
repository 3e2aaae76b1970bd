/**
 * The downstreams page in Chromium against the real daemon: add a downstream and its models
 * (typed, and fetched from the provider), edit token limits and translation options (blank
 * clears them, a blank key keeps the stored key), and a base URL the API refuses marked on its
 * field.
 */
import assert from "node:assert/strict";
import { adminUiTest, assertMarked } from "../_helpers/admin_ui.ts";

adminUiTest(
  "downstreams page: add, models, limits, options, a refused field marked",
  async (ui, t) => {
    const { page, daemon: d, upstream } = ui;
    const gammaJson = async () =>
      await (await page.request.get(`${d.url}/api/downstreams/gamma`)).json();
    const form = page.getByRole("form", { name: "Downstream form" });

    await t.step(
      "a base URL the API refuses is marked on its field",
      async () => {
        await page.getByRole("link", { name: "Downstreams" }).click();
        await page.waitForURL(`${d.url}/downstreams`);
        await page.getByRole("button", { name: "Add downstream" }).click();
        await page.getByLabel("Name", { exact: true }).fill("Gamma");
        // The browser accepts any URL; Tresor wants http(s).
        await page.getByLabel("Base URL").fill("ftp://files.example/v1");
        await page.getByRole("button", { name: "Create downstream" }).click();
        await assertMarked(page, "ds-url", /^not a URL$/);
        assert.equal(
          await page.getByLabel("Name", { exact: true }).getAttribute(
            "aria-invalid",
          ),
          null,
        );
        await ui.screenshot("downstreams-field-error");
        ui.expectFailedLoads(400, 1);
      },
    );

    await t.step("add a downstream and a model", async () => {
      await page.getByLabel("Base URL").fill(`${upstream.origin}/gamma/v1`);
      await page.getByLabel("API key").fill("sk-gamma-secret");
      await page.getByRole("button", { name: "Create downstream" }).click();
      const row = page.locator('tr[data-downstream="gamma"]');
      await row.waitFor();
      assert.match(await row.textContent() ?? "", /OpenAI/);
      assert.equal(
        await row.locator("[data-testid=model-count]").textContent(),
        "0",
      );
      // The form stays open on the new downstream, its marks gone.
      assert.equal(
        await page.getByLabel("Base URL").getAttribute("aria-invalid"),
        null,
      );

      await page.getByLabel("New model id").fill("gamma-large");
      await page.getByRole("button", { name: "Add model" }).click();
      await page.getByRole("button", { name: "Remove model gamma-large" })
        .waitFor();
      assert.equal(
        await row.locator("[data-testid=model-count]").textContent(),
        "1",
      );
      assert.equal(await page.getByLabel("New model id").inputValue(), "");

      await page.getByRole("button", { name: "Fetch models" }).click();
      const note = page.locator("[data-testid=model-message]");
      await page.waitForFunction(() =>
        document.querySelector("[data-testid=model-message]")?.textContent
          ?.includes("added")
      );
      assert.match(
        await note.textContent() ?? "",
        /fetched-model-1, fetched-model-2/,
      );
      assert.equal(
        await row.locator("[data-testid=model-count]").textContent(),
        "3",
      );
      await ui.screenshot("downstreams-editor");

      await page.reload();
      assert.equal(
        await page.locator(
          'tr[data-downstream="gamma"] [data-testid=model-count]',
        )
          .textContent(),
        "3",
      );
      // The key never reaches the page.
      assert.equal((await page.content()).includes("sk-gamma-secret"), false);
    });

    await t.step(
      "set a token limit, then clear it (blank sends null)",
      async () => {
        await page.getByRole("button", { name: "Edit Gamma" }).click();
        await page.getByLabel("Max output tokens").fill("8192");
        await page.getByRole("button", { name: "Save downstream" }).click();
        await page.getByText("Downstream Gamma saved").waitFor();
        assert.equal((await gammaJson()).max_output_tokens, 8192);
        await page.getByRole("button", { name: "Edit Gamma" }).click();
        assert.equal(
          await page.getByLabel("Max output tokens").inputValue(),
          "8192",
        );
        await page.getByLabel("Max output tokens").fill("");
        await page.getByRole("button", { name: "Save downstream" }).click();
        // The form closes once the save has been answered.
        await form.waitFor({ state: "detached" });
        assert.equal("max_output_tokens" in await gammaJson(), false);
        // The key survived both edits (a blank key field keeps it).
        assert.equal((await gammaJson()).api_key, "***");
      },
    );

    await t.step(
      "set each translation option, see it stored, reset them to defaults",
      async () => {
        await page.getByRole("button", { name: "Edit Gamma" }).click();
        await page.getByLabel("Models taking reasoning_effort").fill(
          "deepseek-reasoner gpt-5*",
        );
        await page.getByLabel("Server tools a translation cannot run")
          .selectOption("refuse");
        await page.getByLabel("Strip Claude Code's billing line").selectOption(
          "no",
        );
        await page.getByLabel("anthropic-beta flags forwarded").fill("none");
        await ui.screenshot("downstreams-translation");
        await page.getByRole("button", { name: "Save downstream" }).click();
        await form.waitFor({ state: "detached" });
        const stored = await gammaJson();
        assert.deepStrictEqual(
          [
            stored.reasoning_effort_models,
            stored.hosted_tools,
            stored.strip_billing_header,
            stored.anthropic_beta,
          ],
          [["deepseek-reasoner", "gpt-5*"], "refuse", false, []],
        );
        await page.getByRole("button", { name: "Edit Gamma" }).click();
        assert.equal(
          await page.getByLabel("anthropic-beta flags forwarded").inputValue(),
          "none",
        );
        await page.getByLabel("Models taking reasoning_effort").fill("");
        await page.getByLabel("Server tools a translation cannot run")
          .selectOption("drop");
        await page.getByLabel("Strip Claude Code's billing line")
          .selectOption("default");
        await page.getByLabel("anthropic-beta flags forwarded").fill("");
        await page.getByRole("button", { name: "Save downstream" }).click();
        await form.waitFor({ state: "detached" });
        const reset = await gammaJson();
        for (
          const key of [
            "reasoning_effort_models",
            "hosted_tools",
            "strip_billing_header",
            "anthropic_beta",
          ]
        ) assert.equal(key in reset, false, key);
      },
    );
  },
);
