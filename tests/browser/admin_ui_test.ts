/**
 * The admin pages in a real browser against the real daemon (`deno run -P main.ts run`) with a
 * mock upstream: login, alias switching that reroutes the next gateway request, group reorder
 * kept across reloads, downstream and model editing, a rule pipeline that takes effect, the live
 * log viewer, the theme toggle, and screenshots of every page in both themes.
 */
import assert from "node:assert/strict";
import type { Browser, Page } from "playwright-core";
import {
  CHROMIUM_PATH,
  type Daemon,
  ensureBundle,
  hasChromium,
  launchBrowser,
  type MockUpstream,
  SCREENSHOT_DIR,
  startDaemon,
  startMockUpstream,
} from "../_helpers/browser.ts";

const PASSWORD = "correct horse";

function configYaml(upstream: string): string {
  return `listen: 127.0.0.1:0
admin_password: ${JSON.stringify(PASSWORD)}
proxy_mode: none
log_level: error
downstreams:
  - id: alpha
    name: Alpha
    api_formats: [openai]
    base_url: ${upstream}/alpha/v1
    api_key: sk-alpha-secret
    output_model_ids: [alpha-model]
  - id: beta
    name: Beta
    api_formats: [openai]
    base_url: ${upstream}/beta/v1
    api_key: sk-beta-secret
    output_model_ids: [beta-model]
aliases:
  - id: chat-alpha
    input_model_id: chat
    downstream_id: alpha
    output_model_id: alpha-model
    is_active: true
    group_order: 0
  - id: chat-beta
    input_model_id: chat
    downstream_id: beta
    output_model_id: beta-model
    is_active: false
    group_order: 0
  - id: code-beta
    input_model_id: code
    downstream_id: beta
    output_model_id: beta-model
    is_active: true
    group_order: 1
  - id: claude-any
    input_model_id: "^claude-.*"
    downstream_id: alpha
    output_model_id: alpha-model
    is_active: true
    is_regex: true
    group_order: 2
rules: []
`;
}

async function chat(daemon: Daemon, model: string): Promise<Response> {
  return await fetch(`${daemon.url}/v1/chat/completions`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({
      model,
      messages: [{ role: "user", content: "hi" }],
    }),
  });
}

const PAGES = [
  "login",
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
  await Deno.mkdir(SCREENSHOT_DIR, { recursive: true });
  for (const theme of ["light", "dark"] as const) {
    for (const name of PAGES) {
      if (name === "login") continue;
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

if (!hasChromium()) {
  Deno.test({
    name:
      `[ui] admin pages: skipped because ${CHROMIUM_PATH} is missing (apt-get install chromium)`,
    ignore: true,
    fn: () => {},
  });
} else {
  Deno.test({
    name: "[ui] admin pages work end to end in Chromium",
    // playwright keeps its own pipes and timers alive between steps.
    sanitizeOps: false,
    sanitizeResources: false,
    fn: async (t) => {
      await ensureBundle();
      const upstream: MockUpstream = startMockUpstream();
      let daemon: Daemon | undefined;
      let browser: Browser | undefined;
      try {
        daemon = await startDaemon(configYaml(upstream.origin));
        const d = daemon;
        browser = await launchBrowser();
        const context = await browser.newContext({
          viewport: { width: 1200, height: 800 },
        });
        const page = await context.newPage();
        const pageErrors: string[] = [];
        page.on("pageerror", (err) => pageErrors.push(String(err)));
        page.on("console", (msg) => {
          if (msg.type() === "error") pageErrors.push(msg.text());
        });

        await t.step("a wrong password shows an error", async () => {
          await page.goto(`${d.url}/aliases`);
          assert.match(page.url(), /\/login\?next=%2Faliases$/);
          await page.getByLabel("Admin password").fill("wrong");
          await page.getByRole("button", { name: "Log in" }).click();
          const alert = page.getByRole("alert");
          assert.equal(await alert.textContent(), "Wrong password");
          await Deno.mkdir(SCREENSHOT_DIR, { recursive: true });
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
          await page.getByLabel("Admin password").fill(PASSWORD);
          await page.getByRole("button", { name: "Log in" }).click();
          await page.waitForURL(`${d.url}/aliases`);
          await page.waitForSelector("[data-island=AliasBoard]");
          // The wrong password's 401 page load is expected; from here on nothing may fail.
          pageErrors.length = 0;
        });

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
            assert.deepStrictEqual(await order(), [
              "chat",
              "code",
              "^claude-.*",
            ]);
            const handle = page.getByRole("button", {
              name: /^Move group chat /,
            });
            await handle.focus();
            const reordered = page.waitForResponse((r) =>
              r.url().endsWith("/api/aliases/reorder") && r.status() === 200
            );
            await page.keyboard.press("ArrowDown");
            await reordered;
            assert.deepStrictEqual(await order(), [
              "code",
              "chat",
              "^claude-.*",
            ]);

            const dragged = page.waitForResponse((r) =>
              r.url().endsWith("/api/aliases/reorder") && r.status() === 200
            );
            await page.dragAndDrop(
              '[data-group="^claude-.*"]',
              '[data-group="code"]',
            );
            await dragged;
            assert.deepStrictEqual(await order(), [
              "^claude-.*",
              "code",
              "chat",
            ]);

            await page.reload();
            assert.deepStrictEqual(await order(), [
              "^claude-.*",
              "code",
              "chat",
            ]);
            assert.equal(
              await page.locator('[data-group="^claude-.*"] .badge-regex')
                .textContent(),
              "regex",
            );
          },
        );

        await t.step("add a downstream and a model", async () => {
          await page.getByRole("link", { name: "Downstreams" }).click();
          await page.waitForURL(`${d.url}/downstreams`);
          await page.getByRole("button", { name: "Add downstream" }).click();
          await page.getByLabel("Name", { exact: true }).fill("Gamma");
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

          await page.getByLabel("New model id").fill("gamma-large");
          await page.getByRole("button", { name: "Add model" }).click();
          await page.getByRole("button", { name: "Remove model gamma-large" })
            .waitFor();
          assert.equal(
            await row.locator("[data-testid=model-count]").textContent(),
            "1",
          );

          await page.getByRole("button", { name: "Fetch models" }).click();
          const note = page.locator("[data-testid=model-message]");
          await page.waitForFunction(() =>
            document.querySelector("[data-testid=model-message]")?.textContent
              ?.includes(
                "added",
              )
          );
          assert.match(
            await note.textContent() ?? "",
            /fetched-model-1, fetched-model-2/,
          );
          assert.equal(
            await row.locator("[data-testid=model-count]").textContent(),
            "3",
          );
          await page.screenshot({
            path: new URL("downstreams-editor.png", SCREENSHOT_DIR).pathname,
            fullPage: true,
          });

          await page.reload();
          assert.equal(
            await page.locator(
              'tr[data-downstream="gamma"] [data-testid=model-count]',
            )
              .textContent(),
            "3",
          );
          // The key never reaches the page.
          assert.equal(
            (await page.content()).includes("sk-gamma-secret"),
            false,
          );

          // Token limits: set one, then clear it (blank sends null).
          const gammaJson = async () =>
            await (await page.request.get(`${d.url}/api/downstreams/gamma`))
              .json();
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
          await page.getByRole("form", { name: "Downstream form" }).waitFor({
            state: "detached",
          });
          assert.equal("max_output_tokens" in await gammaJson(), false);
          // The key survived both edits (a blank key field keeps it).
          assert.equal((await gammaJson()).api_key, "***");

          // Translation options: set each, see them stored, reset them to defaults.
          await page.getByRole("button", { name: "Edit Gamma" }).click();
          await page.getByLabel("Models taking reasoning_effort").fill(
            "deepseek-reasoner gpt-5*",
          );
          await page.getByLabel("Server tools a translation cannot run")
            .selectOption("refuse");
          await page.getByLabel("Strip Claude Code's billing line")
            .selectOption("no");
          await page.getByLabel("anthropic-beta flags forwarded").fill("none");
          await page.screenshot({
            path: new URL("downstreams-translation.png", SCREENSHOT_DIR)
              .pathname,
            fullPage: true,
          });
          await page.getByRole("button", { name: "Save downstream" }).click();
          // The form closes once the save has been answered (the saved notice is already up).
          await page.getByRole("form", { name: "Downstream form" }).waitFor({
            state: "detached",
          });
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
            await page.getByLabel("anthropic-beta flags forwarded")
              .inputValue(),
            "none",
          );
          await page.getByLabel("Models taking reasoning_effort").fill("");
          await page.getByLabel("Server tools a translation cannot run")
            .selectOption("drop");
          await page.getByLabel("Strip Claude Code's billing line")
            .selectOption("default");
          await page.getByLabel("anthropic-beta flags forwarded").fill("");
          await page.getByRole("button", { name: "Save downstream" }).click();
          await page.getByRole("form", { name: "Downstream form" }).waitFor({
            state: "detached",
          });
          const reset = await gammaJson();
          for (
            const key of [
              "reasoning_effort_models",
              "hosted_tools",
              "strip_billing_header",
              "anthropic_beta",
            ]
          ) assert.equal(key in reset, false, key);
        });

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
            await step.getByRole("button", { name: /Add headers entry/ })
              .click();
            await step.getByLabel("Headers: name 1").fill("bad header");
            await step.getByLabel("Headers: value 1").fill("yes");
            await page.getByRole("button", { name: "Save rule" }).click();
            // Validation errors appear next to the field and nothing is saved.
            await step.locator(".field-error").waitFor();
            assert.match(
              await step.locator(".field-error").textContent() ?? "",
              /Invalid name/,
            );
            await step.getByLabel("Headers: name 1").fill("x-tresor-test");
            await page.evaluate(() => scrollTo(0, 0));
            await page.screenshot({
              path: new URL("rules-editor.png", SCREENSHOT_DIR).pathname,
              fullPage: true,
            });
            await page.getByRole("button", { name: "Save rule" }).click();
            await page.locator('[data-rule="tag-chat"]').waitFor();
            const toggle = page.getByRole("switch", {
              name: "Tag chat enabled",
            });
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

        await t.step(
          "change the theme and keep it across a reload",
          async () => {
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
          },
        );

        await t.step(
          "screenshots of every page in both themes, desktop and phone",
          async () => {
            await screenshotAll(page, d);
            await page.setViewportSize({ width: 390, height: 844 });
            await screenshotAll(page, d, "-phone");
            await page.setViewportSize({ width: 1200, height: 800 });
          },
        );

        assert.deepStrictEqual(pageErrors, []);
        await context.close();
      } finally {
        await browser?.close();
        await daemon?.stop();
        await upstream.close();
      }
    },
  });
}
