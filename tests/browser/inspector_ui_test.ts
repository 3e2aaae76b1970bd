/**
 * The request inspector in a real browser (issue 17): with the Logs page's capture switch on, a
 * Chat Completions request goes through a route that translates it for an Anthropic downstream;
 * the inspector shows its pipeline and warnings, its messages with the key redacted, a diff
 * that names the translated fields, a replay to an OpenAI downstream beside the original answer,
 * and an export without secrets. Screenshots in both themes, desktop and phone width.
 */
import assert from "node:assert/strict";
import type { Locator, Page } from "playwright-core";
import { adminUiTest, PASSWORD } from "../_helpers/admin_ui.ts";
import type { Daemon } from "../_helpers/browser.ts";
import type { LogDetailJson } from "../../store/mod.ts";

function config(upstream: string): string {
  return `listen: 127.0.0.1:0
admin_password: ${JSON.stringify(PASSWORD)}
proxy_mode: none
log_level: error
downstreams:
  - id: claude
    name: Claude
    api_formats: [anthropic]
    base_url: ${upstream}/claude
    api_key: sk-claude-secret
    output_model_ids: [claude-model]
  - id: alpha
    name: Alpha
    api_formats: [openai]
    base_url: ${upstream}/alpha/v1
    api_key: sk-alpha-secret
    output_model_ids: [alpha-model]
aliases:
  - id: smart-claude
    input_model_id: smart
    downstream_id: claude
    output_model_id: claude-model
    is_active: true
rules: []
`;
}

async function send(daemon: Daemon): Promise<string> {
  const res = await fetch(`${daemon.url}/v1/chat/completions`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({
      model: "smart",
      max_tokens: 50,
      logit_bias: { "42": 1 },
      messages: [
        { role: "system", content: "Answer in one word, politely." },
        { role: "user", content: "Say hello" },
      ],
    }),
  });
  assert.equal(res.status, 200, await res.text());
  return res.headers.get("x-tresor-request-id")!;
}

/** Opens the entry's inspector and returns the entry. */
async function open(page: Page, id: string): Promise<Locator> {
  const row = page.locator(`[data-entry="${id}"]`);
  await row.waitFor();
  await row.locator(".log-summary").click();
  await row.locator(".inspector").waitFor();
  return row;
}

/** Full-page screenshots in both themes (scrolled to the top, where the sticky bar belongs). */
async function shoot(
  page: Page,
  shot: (name: string) => Promise<void>,
  name: string,
): Promise<void> {
  for (const theme of ["light", "dark"] as const) {
    await page.evaluate((t) => {
      document.documentElement.dataset.theme = t;
      scrollTo(0, 0);
    }, theme);
    await shot(`${name}-${theme}`);
  }
}

adminUiTest(
  "inspector: a translated request's diff, a replay to another downstream, an export",
  async (ui, t) => {
    const { page, daemon } = ui;
    let id = "";
    let row: Locator = page.locator("body");

    await t.step(
      "switch capture on, send through a translating route",
      async () => {
        await page.goto(`${daemon.url}/logs`);
        await page.waitForSelector('.conn[data-state="live"]');
        const held = page.waitForResponse((r) =>
          r.url().endsWith("/api/capture") && r.request().method() === "PUT"
        );
        await page.getByRole("switch", { name: "Capture every request" })
          .click();
        assert.equal((await held).status(), 200);
        id = await send(daemon);
        row = await open(page, id);
      },
    );

    await t.step(
      "the overview names the automatic converter and its warnings",
      async () => {
        const overview = row.locator(".inspector-panel");
        await overview.locator(".pipeline-steps").waitFor();
        assert.match(
          await overview.locator(".pipeline-steps").textContent() ?? "",
          /openai2anthropic\s*automatic/,
        );
        assert.match(
          await overview.locator(".warnings").textContent() ?? "",
          /Dropped fields Anthropic does not support.*logit_bias/,
        );
      },
    );

    await t.step("the messages show the forwarded key redacted", async () => {
      await row.getByRole("tab", { name: "Messages" }).click();
      const forwarded = row.locator(".message", { hasText: "As forwarded" });
      await forwarded.locator("summary", { hasText: "headers" }).click();
      assert.match(
        await forwarded.locator(".headers").textContent() ?? "",
        /x-api-key\[redacted\]/,
      );
      assert.match(
        await forwarded.textContent() ?? "",
        /\/claude\/v1\/messages/,
      );
      await shoot(page, ui.screenshot, "inspector-messages");
    });

    await t.step("the diff names what translation changed", async () => {
      await row.getByRole("tab", { name: "Diff" }).click();
      const line = (kind: string, text: string) =>
        row.locator(`.diff-line[data-kind="${kind}"]`, { hasText: text });
      await line("moved", "messages[0].content").waitFor();
      assert.match(
        await line("moved", "messages[0].content").textContent() ?? "",
        /messages\[0\]\.content\s*→\s*system/,
      );
      assert.match(
        await line("changed", "model").textContent() ?? "",
        /"smart"\s*→\s*"claude-model"/,
      );
      assert.equal(await line("dropped", "logit_bias").count(), 1);
      await shoot(page, ui.screenshot, "inspector-diff");
    });

    await t.step(
      "a replay to another downstream, beside the original answer",
      async () => {
        await row.getByRole("tab", { name: "Replay" }).click();
        await row.getByLabel("Send to").selectOption("alpha");
        await row.getByRole("button", { name: "Replay", exact: true }).click();
        const sides = row.locator(".replay-side");
        await row.locator(".replay-compare").waitFor();
        assert.match(
          await sides.nth(0).textContent() ?? "",
          /hello from \/claude\/v1\/messages/,
        );
        assert.match(
          await sides.nth(1).textContent() ?? "",
          /hello from \/alpha\/v1\/chat\/completions/,
        );
        assert.match(
          await row.locator(".json-diff").textContent() ?? "",
          /changedchoices\[0\]\.message\.content/,
        );
        await shoot(page, ui.screenshot, "inspector-replay");
        await page.setViewportSize({ width: 390, height: 844 });
        await shoot(page, ui.screenshot, "inspector-replay-phone");
        await page.setViewportSize({ width: 1200, height: 800 });
      },
    );

    await t.step(
      "the export is the entry as JSON, without secrets",
      async () => {
        const download = page.waitForEvent("download");
        await row.getByRole("button", { name: "Export JSON" }).click();
        const file = await (await download).path();
        const text = await Deno.readTextFile(file);
        const detail = JSON.parse(text) as LogDetailJson;
        assert.equal(detail.id, id);
        assert.equal(
          detail.capture?.forwarded?.headers["x-api-key"],
          "[redacted]",
        );
        for (
          const secret of ["sk-claude-secret", "sk-alpha-secret", PASSWORD]
        ) {
          assert.ok(!text.includes(secret), secret);
        }
      },
    );

    await t.step(
      "without capture, the inspector says why it cannot replay",
      async () => {
        await page.getByRole("switch", { name: "Capture every request" })
          .click();
        await page.locator('[role=switch][aria-checked="false"]').waitFor();
        await page.waitForFunction(async () => {
          const res = await fetch("/api/capture");
          return (await res.json()).live === false;
        });
        const other = await open(page, await send(daemon));
        await other.getByRole("tab", { name: "Replay" }).click();
        assert.match(
          await other.locator(".notice").textContent() ?? "",
          /Cannot replay this request: Its bodies were not captured/,
        );
      },
    );
  },
  { config },
);
