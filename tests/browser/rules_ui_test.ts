/**
 * The rules page in Chromium against the real daemon: build a pipeline (a plugin setting the
 * editor refuses is marked before anything is sent), save it and see the plugin act on the next
 * gateway request, switch the rule off; and fields the API refuses (a path, a downstream deleted
 * meanwhile) marked where they are.
 */
import assert from "node:assert/strict";
import { adminUiTest, assertMarked, chat } from "../_helpers/admin_ui.ts";

adminUiTest(
  "rules page: a working pipeline, and refused fields marked",
  async (ui, t) => {
    const { page, daemon: d, upstream } = ui;
    const form = page.getByRole("form", { name: "Rule form" });

    await t.step(
      "build a rule pipeline, save it, and see the plugin act on a request",
      async () => {
        await page.getByRole("link", { name: "Rules" }).click();
        await page.waitForURL(`${d.url}/rules`);
        await page.getByRole("button", { name: "Add rule" }).click();
        await page.getByLabel("Name").fill("Tag chat");
        await page.getByLabel("Path").fill("/v1/chat/completions");
        await page.getByLabel("Add plugin").selectOption("custom_header");
        await page.getByRole("button", { name: "Add step" }).click();
        const step = page.locator('[data-step="custom_header"]');
        await step.waitFor();
        await step.getByRole("button", { name: /Add headers entry/ }).click();
        await step.getByLabel("Headers: name 1").fill("bad header");
        await step.getByLabel("Headers: value 1").fill("yes");
        const posted: string[] = [];
        page.on("request", (r) => {
          if (r.method() === "POST" && r.url().endsWith("/api/rules")) {
            posted.push(r.url());
          }
        });
        await page.getByRole("button", { name: "Save rule" }).click();
        // Validation errors appear next to the field and nothing is sent.
        await step.locator(".field-error").waitFor();
        assert.match(
          await step.locator(".field-error").textContent() ?? "",
          /Invalid name/,
        );
        assert.match(
          await form.getByRole("alert").first().textContent() ?? "",
          /Fix the highlighted plugin settings/,
        );
        assert.deepStrictEqual(posted, []);
        await step.getByLabel("Headers: name 1").fill("x-tresor-test");
        await page.evaluate(() => scrollTo(0, 0));
        await ui.screenshot("rules-editor");
        await page.getByRole("button", { name: "Save rule" }).click();
        await page.locator('[data-rule="tag-chat"]').waitFor();
        const toggle = page.getByRole("switch", { name: "Tag chat enabled" });
        assert.equal(await toggle.getAttribute("aria-checked"), "true");

        const res = await chat(d, "chat");
        assert.equal(res.status, 200);
        await res.body?.cancel();
        assert.equal(
          upstream.requests.at(-1)?.headers.get("x-tresor-test"),
          "yes",
        );

        const disabled = page.waitForResponse((r) =>
          r.url().endsWith("/api/rules/tag-chat")
        );
        await toggle.click();
        await page.waitForSelector(
          '[role=switch][aria-label="Tag chat enabled"][aria-checked="false"]',
        );
        assert.equal((await disabled).status(), 200);
        const off = await chat(d, "chat");
        await off.body?.cancel();
        assert.equal(
          upstream.requests.at(-1)?.headers.get("x-tresor-test"),
          null,
        );
      },
    );

    await t.step(
      "a path the API refuses is marked on the path field",
      async () => {
        await page.getByRole("button", { name: "Add rule" }).click();
        await form.getByLabel("Name").fill("Messages via Beta");
        // Not refused by the browser: the field only requires some text.
        await form.getByLabel("Path").fill("v1/messages");
        await form.getByRole("button", { name: "Save rule" }).click();
        await assertMarked(
          page,
          "rule-path",
          /^must be \* or a path starting with \/$/,
        );
        // The path's own hint still describes it.
        assert.match(
          await form.getByLabel("Path").getAttribute("aria-describedby") ?? "",
          /^rule-path-hint /,
        );
        await ui.screenshot("rules-field-error");
        ui.expectFailedLoads(400, 1);
      },
    );

    await t.step(
      "a downstream deleted meanwhile is marked on the downstream choice",
      async () => {
        await form.getByLabel("Path").fill("/v1/messages");
        const downstreams = form.getByRole("group", { name: "Downstreams" });
        await downstreams.getByLabel("Beta").check();
        // Another tab (or the CLI) deletes Beta while this form is open.
        const deleted = await page.request.delete(
          `${d.url}/api/downstreams/beta`,
        );
        assert.equal(deleted.status(), 204);
        await form.getByRole("button", { name: "Save rule" }).click();
        await downstreams.locator('input[aria-invalid="true"]').first()
          .waitFor();
        assert.equal(
          await downstreams.locator('input[aria-invalid="true"]').count(),
          2,
        );
        assert.match(
          await page.locator("#rule-downstreams-error").textContent() ?? "",
          /^unknown downstream "beta"$/,
        );
        ui.expectFailedLoads(400, 1);
        // The path is fine now: its mark is gone.
        assert.equal(
          await form.getByLabel("Path").getAttribute("aria-invalid"),
          null,
        );
        await downstreams.getByLabel("Beta").uncheck();
        await form.getByRole("button", { name: "Save rule" }).click();
        await form.waitFor({ state: "detached" });
        await page.locator('[data-rule="messages-via-beta"]').waitFor();
      },
    );
  },
);
