/**
 * The aliases page in Chromium against the real daemon: one click switches a group's active
 * member and the next gateway request follows; groups reorder by keyboard and drag and keep
 * their order across reloads; a pattern the API refuses is marked on the field that holds it.
 */
import assert from "node:assert/strict";
import { adminUiTest, assertMarked, chat } from "../_helpers/admin_ui.ts";

adminUiTest(
  "aliases page: switch, reorder, and a refused field marked",
  async (ui, t) => {
    const { page, daemon: d, upstream } = ui;

    await t.step(
      "switch an alias with one click and the next request follows",
      async () => {
        const before = await chat(d, "chat");
        assert.equal(before.status, 200);
        await before.body?.cancel();
        assert.equal(
          upstream.requests.at(-1)?.path,
          "/alpha/v1/chat/completions",
        );

        const beta = page.locator('[data-alias="chat-beta"]');
        assert.equal(await beta.getAttribute("aria-pressed"), "false");
        const activated = page.waitForResponse((r) =>
          r.url().endsWith("/api/aliases/chat-beta/activate")
        );
        await beta.click();
        // The pressed state shows at once (optimistic), before the store confirms it.
        await page.waitForSelector(
          '[data-alias="chat-beta"][aria-pressed="true"]',
        );
        assert.equal((await activated).status(), 200);
        assert.equal(
          await page.locator('[data-alias="chat-alpha"]').getAttribute(
            "aria-pressed",
          ),
          "false",
        );
        const res = await chat(d, "chat");
        assert.equal(res.status, 200);
        await res.body?.cancel();
        const last = upstream.requests.at(-1);
        assert.equal(last?.path, "/beta/v1/chat/completions");
        assert.equal(last?.body.model, "beta-model");
        assert.equal(
          last?.headers.get("authorization"),
          "Bearer sk-beta-secret",
        );
      },
    );

    await t.step(
      "reorder groups by keyboard and drag, and reload to see the order kept",
      async () => {
        const order = () =>
          page.locator("[data-group]").evaluateAll((els) =>
            els.map((el) => el.getAttribute("data-group"))
          );
        assert.deepStrictEqual(await order(), ["chat", "code", "^claude-.*"]);
        const handle = page.getByRole("button", { name: /^Move group chat / });
        await handle.focus();
        const reordered = page.waitForResponse((r) =>
          r.url().endsWith("/api/aliases/reorder") && r.status() === 200
        );
        await page.keyboard.press("ArrowDown");
        await reordered;
        assert.deepStrictEqual(await order(), ["code", "chat", "^claude-.*"]);

        const dragged = page.waitForResponse((r) =>
          r.url().endsWith("/api/aliases/reorder") && r.status() === 200
        );
        await page.dragAndDrop(
          '[data-group="^claude-.*"]',
          '[data-group="code"]',
        );
        await dragged;
        assert.deepStrictEqual(await order(), ["^claude-.*", "code", "chat"]);

        await page.reload();
        assert.deepStrictEqual(await order(), ["^claude-.*", "code", "chat"]);
        assert.equal(
          await page.locator('[data-group="^claude-.*"] .badge-regex')
            .textContent(),
          "regex",
        );
      },
    );

    await t.step(
      "a regular expression the API refuses is marked on the input model field",
      async () => {
        await page.getByRole("button", { name: "Add alias" }).click();
        const form = page.getByRole("form", { name: "Alias form" });
        await form.getByLabel("Input model (what apps ask for)").fill("gpt-(4");
        await form.getByLabel("Input model is a regular expression").check();
        const refused = page.waitForResponse((r) =>
          r.url().endsWith("/api/aliases") && r.request().method() === "POST"
        );
        await form.getByRole("button", { name: "Save alias" }).click();
        const answer = await refused;
        assert.equal(answer.status(), 400);
        assert.equal((await answer.json()).field, "input_model_id");
        await assertMarked(
          page,
          "alias-input",
          /^not a valid regular expression/,
        );
        // The other fields are not blamed.
        assert.equal(
          await form.getByLabel("Output model (sent upstream)").getAttribute(
            "aria-invalid",
          ),
          null,
        );
        await ui.screenshot("aliases-field-error");
        ui.expectFailedLoads(400, 1);

        await form.getByLabel("Input model (what apps ask for)").fill(
          "gpt-(4|5)",
        );
        await form.getByRole("button", { name: "Save alias" }).click();
        await form.waitFor({ state: "detached" });
        await page.locator('[data-group="gpt-(4|5)"] .badge-regex').waitFor();
      },
    );
  },
);
