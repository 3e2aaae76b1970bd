/**
 * The admin pages' browser tests share one set-up: the real daemon (two downstreams on a mock
 * upstream, four aliases in three groups), headless Chromium, an admin session, and the rule
 * that no page logs an error. {@link adminUiTest} registers a `[ui]` test around it (skipped,
 * with a message, where Chromium is missing); {@link assertMarked} checks how a failing field
 * is marked.
 */
import assert from "node:assert/strict";
import type { Page } from "playwright-core";
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
} from "./browser.ts";

/** The admin password of {@link adminConfigYaml}. */
export const PASSWORD = "correct horse";

/** The daemon's config: downstreams alpha and beta on `upstream`, aliases `chat`, `code`, `^claude-.*`. */
export function adminConfigYaml(upstream: string): string {
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

/** A Chat Completions request for `model` through the daemon's gateway. */
export async function chat(daemon: Daemon, model: string): Promise<Response> {
  return await fetch(`${daemon.url}/v1/chat/completions`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({
      model,
      messages: [{ role: "user", content: "hi" }],
    }),
  });
}

/** What a test step works with. */
export interface AdminUi {
  readonly page: Page;
  readonly daemon: Daemon;
  readonly upstream: MockUpstream;
  /** Saves a full-page screenshot as `screenshots/{name}.png`. */
  screenshot(name: string): Promise<void>;
  /**
   * Accepts the browser's console line for each of `count` API answers with `status` the test
   * provoked (Chromium logs every failed load); any other page error still fails the test.
   */
  expectFailedLoads(status: number, count: number): void;
}

/** Options of {@link adminUiTest}. */
export interface AdminUiTestOptions {
  /** Log in before `fn` runs (default true); the login page's own test starts logged out. */
  readonly login?: boolean;
  /** The daemon's config for the mock upstream's origin; {@link adminConfigYaml} by default. */
  readonly config?: (upstream: string) => string;
}

/** Logs in through the login page and waits for the default tab. */
export async function logIn(page: Page, daemon: Daemon): Promise<void> {
  await page.goto(`${daemon.url}/login`);
  await page.getByLabel("Admin password").fill(PASSWORD);
  await page.getByRole("button", { name: "Log in" }).click();
  await page.waitForURL(`${daemon.url}/aliases`);
  await page.waitForSelector("[data-island=AliasBoard]");
}

/**
 * Registers `[ui] {name}`: starts the mock upstream, the daemon and Chromium, logs in, runs
 * `fn`, then fails if any page logged an error (`fn` may clear `errors` for expected ones).
 */
export function adminUiTest(
  name: string,
  fn: (ui: AdminUi, t: Deno.TestContext, errors: string[]) => Promise<void>,
  options: AdminUiTestOptions = {},
): void {
  if (!hasChromium()) {
    Deno.test({
      name:
        `[ui] ${name}: skipped because ${CHROMIUM_PATH} is missing (apt-get install chromium)`,
      ignore: true,
      fn: () => {},
    });
    return;
  }
  Deno.test({
    name: `[ui] ${name}`,
    // playwright keeps its own pipes and timers alive between steps.
    sanitizeOps: false,
    sanitizeResources: false,
    fn: async (t) => {
      await ensureBundle();
      const upstream = startMockUpstream();
      const daemon = await startDaemon(
        (options.config ?? adminConfigYaml)(upstream.origin),
      );
      const browser = await launchBrowser();
      try {
        const context = await browser.newContext({
          viewport: { width: 1200, height: 800 },
        });
        const page = await context.newPage();
        const errors: string[] = [];
        page.on("pageerror", (err) => errors.push(String(err)));
        page.on("console", (msg) => {
          if (msg.type() === "error") errors.push(msg.text());
        });
        if (options.login !== false) await logIn(page, daemon);
        await Deno.mkdir(SCREENSHOT_DIR, { recursive: true });
        const screenshot = async (file: string) => {
          await page.screenshot({
            path: new URL(`${file}.png`, SCREENSHOT_DIR).pathname,
            fullPage: true,
          });
        };
        const expectFailedLoads = (status: number, count: number) => {
          const line =
            `Failed to load resource: the server responded with a status of ${status}`;
          const found = errors.filter((e) => e.startsWith(line));
          assert.equal(found.length, count, errors.join("\n"));
          errors.splice(
            0,
            errors.length,
            ...errors.filter((e) => !found.includes(e)),
          );
        };
        await fn(
          { page, daemon, upstream, screenshot, expectFailedLoads },
          t,
          errors,
        );
        assert.deepStrictEqual(errors, []);
        await context.close();
      } finally {
        await browser.close();
        await daemon.stop();
        await upstream.close();
      }
    },
  });
}

/**
 * Asserts that the control `#id` is marked as failing with a message matching `message`:
 * `aria-invalid="true"`, described by `#{id}-error`, which shows the message.
 */
export async function assertMarked(
  page: Page,
  id: string,
  message: RegExp,
): Promise<void> {
  const control = page.locator(`[id="${id}"]`);
  await page.locator(`[id="${id}"][aria-invalid="true"]`).waitFor();
  const describedBy = await control.getAttribute("aria-describedby") ?? "";
  assert.ok(
    describedBy.split(" ").includes(`${id}-error`),
    `${id} is described by its error (${describedBy})`,
  );
  const error = page.locator(`[id="${id}-error"]`);
  assert.match(await error.textContent() ?? "", message);
  assert.equal(await error.getAttribute("role"), "alert");
}
