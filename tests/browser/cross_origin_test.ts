/**
 * Browser reach in real Chromium against the real daemon in its default set-up (loopback, no
 * admin password): pages served from other origins — another port on 127.0.0.1 (same-site) and
 * `evil.example` (cross-site, resolved to 127.0.0.1 by the browser) — fire `no-cors` requests,
 * a `text/plain` form post and a gateway call at Tresor. Nothing changes, nothing is forwarded,
 * nothing is read; the daemon's log shows each attempt arrived and was refused. A DNS-rebound
 * name gets 403 pages. Controls: Tresor's own pages still switch an alias and save the new
 * browser-access settings.
 */
import assert from "node:assert/strict";
import type { Browser, Page } from "playwright-core";
import { parse as parseYaml } from "yaml";
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

function configYaml(upstream: string): string {
  return `listen: 127.0.0.1:0
proxy_mode: none
log_level: warn
proxy_api_keys: [sk-proxy-kept]
downstreams:
  - id: alpha
    name: Alpha
    api_formats: [openai]
    base_url: ${upstream}/alpha/v1
    api_key: sk-alpha-secret
    output_model_ids: [alpha-model]
aliases:
  - id: chat-alpha
    input_model_id: chat
    downstream_id: alpha
    output_model_id: alpha-model
    is_active: true
  - id: chat-beta
    input_model_id: chat
    downstream_id: alpha
    output_model_id: beta-model
    is_active: false
`;
}

/** The attacker's page: every "simple" request a site can send without a preflight. */
function attackPage(target: string): string {
  const evilDownstream = JSON.stringify({
    id: "evil",
    base_url: "https://collector.evil.example/v1",
    api_formats: ["openai"],
    output_model_ids: ["gpt-4o"],
  });
  return `<!doctype html><html><body>
<iframe name="sink"></iframe>
<form id="form" method="post" enctype="text/plain" target="sink"
  action="${target}/api/aliases/chat-beta/activate">
  <input name='{"x":"' value='"}'>
</form>
<pre id="out"></pre>
<script type="module">
const t = ${JSON.stringify(target)};
const noCors = (path, init) =>
  fetch(t + path, { mode: "no-cors", credentials: "include", ...init })
    .then((r) => "sent " + r.type, (e) => "failed " + e);
const results = await Promise.all([
  noCors("/api/downstreams", {
    method: "POST",
    headers: { "content-type": "text/plain" },
    body: ${JSON.stringify(evilDownstream)},
  }),
  noCors("/api/aliases/chat-beta/activate", { method: "POST" }),
  noCors("/api/log_level", {
    method: "POST",
    body: JSON.stringify({ level: "debug" }),
  }),
  noCors("/v1/chat/completions", {
    method: "POST",
    body: JSON.stringify({ model: "chat", messages: [{ role: "user", content: "steal" }] }),
  }),
  // Reading needs CORS, which Tresor never grants to an unlisted origin.
  fetch(t + "/api/config").then((r) => r.text()).then((x) => "READ " + x, () => "read blocked"),
  fetch(t + "/v1/models").then((r) => r.text()).then((x) => "READ " + x, () => "read blocked"),
]);
const posted = new Promise((resolve) =>
  document.querySelector("iframe").addEventListener("load", resolve, { once: true })
);
document.getElementById("form").submit();
await posted;
document.getElementById("out").textContent = JSON.stringify(results);
document.body.dataset.done = "1";
</script></body></html>`;
}

/** Serves {@link attackPage} for any host name on a port of its own. */
function startAttacker(
  target: string,
): { port: number; close(): Promise<void> } {
  const server = Deno.serve(
    { hostname: "127.0.0.1", port: 0, onListen: () => {} },
    () =>
      new Response(attackPage(target), {
        headers: { "content-type": "text/html; charset=utf-8" },
      }),
  );
  return { port: server.addr.port, close: () => server.shutdown() };
}

interface ConfigFile {
  log_level: string;
  proxy_api_keys: string[];
  admin_password?: string;
  downstreams: { id: string }[];
  aliases: { id: string; is_active: boolean }[];
  allowed_hosts?: string[];
  cors_allowed_origins?: string[];
}

async function readConfig(daemon: Daemon): Promise<ConfigFile> {
  return parseYaml(await Deno.readTextFile(daemon.configPath));
}

function refusalsFrom(daemon: Daemon, origin: string): number {
  return daemon.stderr().split("\n").filter((line) =>
    line.includes("Refused a request") && line.includes(`"origin":"${origin}"`)
  ).length;
}

async function runAttack(page: Page, url: string): Promise<string[]> {
  await page.goto(url);
  await page.waitForSelector("body[data-done='1']");
  return JSON.parse(await page.locator("#out").textContent() ?? "[]");
}

if (!hasChromium()) {
  Deno.test({
    name:
      `[ui] cross-origin pages: skipped because ${CHROMIUM_PATH} is missing (apt-get install chromium)`,
    ignore: true,
    fn: () => {},
  });
} else {
  Deno.test({
    name:
      "[ui] pages from other origins cannot change or read Tresor; its own pages still can",
    sanitizeOps: false,
    sanitizeResources: false,
    fn: async (t) => {
      await ensureBundle();
      const upstream: MockUpstream = startMockUpstream();
      let daemon: Daemon | undefined;
      let attacker: { port: number; close(): Promise<void> } | undefined;
      let browser: Browser | undefined;
      try {
        daemon = await startDaemon(configYaml(upstream.origin));
        const d = daemon;
        const before = await readConfig(d);
        attacker = startAttacker(d.url);
        const port = new URL(d.url).port;
        browser = await launchBrowser([
          "--host-resolver-rules=MAP evil.example 127.0.0.1",
        ]);
        const page = await browser.newPage();

        for (
          const origin of [
            `http://127.0.0.1:${attacker.port}`,
            `http://evil.example:${attacker.port}`,
          ]
        ) {
          await t.step(`a page at ${origin} changes nothing`, async () => {
            const results = await runAttack(page, `${origin}/`);
            assert.deepStrictEqual(results, [
              "sent opaque",
              "sent opaque",
              "sent opaque",
              "sent opaque",
              "read blocked",
              "read blocked",
            ]);
            const after = await readConfig(d);
            assert.deepStrictEqual(after, before);
            assert.equal(upstream.requests.length, 0);
            // Each mutation and the gateway call reached Tresor and were refused there.
            assert.ok(refusalsFrom(d, origin) >= 5, d.stderr());
          });
        }

        await t.step(
          "a DNS-rebound name gets 403 pages and API answers",
          async () => {
            for (const path of ["/aliases", "/api/config", "/api/logs"]) {
              const res = await page.goto(`http://evil.example:${port}${path}`);
              assert.equal(res?.status(), 403, path);
              assert.match(await page.content(), /allowed_hosts/);
            }
          },
        );

        await t.step("Tresor's own page switches an alias", async () => {
          await page.goto(`${d.url}/aliases`);
          await page.waitForSelector("[data-island=AliasBoard]");
          const activated = page.waitForResponse((r) =>
            r.url().endsWith("/api/aliases/chat-beta/activate")
          );
          await page.locator('[data-alias="chat-beta"]').click();
          assert.equal((await activated).status(), 200);
          const active = (await readConfig(d)).aliases.filter((a) =>
            a.is_active
          );
          assert.deepStrictEqual(active.map((a) => a.id), ["chat-beta"]);
        });

        await t.step(
          "the settings page saves browser access and shows a bad origin",
          async () => {
            await page.goto(`${d.url}/settings`);
            await page.waitForSelector("[data-island=SettingsForm]");
            const origins = page.getByLabel(
              "Browser origins allowed to call the gateway",
            );
            await origins.fill("http://localhost:5173/app");
            const save = page.getByRole("button", { name: "Save settings" });
            await save.click();
            const error = page.locator("#set-cors-origins-error");
            await error.waitFor();
            assert.match(
              await error.textContent() ?? "",
              /must be written "http:\/\/localhost:5173"/,
            );
            assert.equal(await origins.getAttribute("aria-invalid"), "true");

            await page.getByLabel("Extra host names").fill("tresor.lan\n");
            await origins.fill(
              "http://localhost:5173\nhttps://app.example.com",
            );
            await save.click();
            await page.getByText("Settings saved").waitFor();
            const saved = await readConfig(d);
            assert.deepStrictEqual(saved.allowed_hosts, ["tresor.lan"]);
            assert.deepStrictEqual(saved.cors_allowed_origins, [
              "http://localhost:5173",
              "https://app.example.com",
            ]);
            assert.deepStrictEqual(saved.proxy_api_keys, ["sk-proxy-kept"]);
            assert.equal(saved.log_level, "warn");
            await Deno.mkdir(SCREENSHOT_DIR, { recursive: true });
            await page.screenshot({
              path: new URL("settings-browser-access.png", SCREENSHOT_DIR)
                .pathname,
              fullPage: true,
            });
          },
        );
      } finally {
        await browser?.close();
        await attacker?.close();
        await daemon?.stop();
        await upstream.close();
      }
    },
  });
}
