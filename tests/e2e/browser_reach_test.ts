/**
 * Browser reach against the real daemon (CONTRACT.md "Security keys and answers"), each attack
 * with its control: the same request without the attack succeeds.
 *
 * - DNS rebinding: a foreign `Host` gets 403 on the admin API, the pages and the gateway;
 * - cross-site "simple" requests (no-cors `text/plain`, form posts) change nothing;
 * - a session cookie with a foreign `Origin`, and `Sec-Fetch-Site: cross-site`, are refused;
 * - gateway CORS: listed origins get their preflight and headers and are forwarded, others are
 *   refused in the client's error shape and never forwarded.
 */
import assert from "node:assert/strict";
import { parse as parseYaml } from "yaml";
import {
  type InProcessDaemon,
  startInProcessDaemon,
} from "../_helpers/daemon.ts";
import {
  type MockUpstream,
  startMockUpstream,
} from "../_helpers/mock_upstream.ts";
import { rawRequest } from "../_helpers/raw_http.ts";

const APP_ORIGIN = "http://localhost:5173";

function config(upstream: MockUpstream, extra = ""): string {
  return `listen: 127.0.0.1:0
log_level: error
cors_allowed_origins: [${APP_ORIGIN}]
${extra}downstreams:
  - id: mock
    name: Mock
    api_formats: [openai, anthropic]
    base_url: ${upstream.url}/v1
    api_key: sk-upstream
    output_model_ids: [mock-model]
aliases:
  - id: smart-mock
    input_model_id: smart
    downstream_id: mock
    output_model_id: mock-model
    is_active: true
  - id: smart-other
    input_model_id: smart
    downstream_id: mock
    output_model_id: other-model
    is_active: false
`;
}

interface Fixture {
  readonly daemon: InProcessDaemon;
  readonly upstream: MockUpstream;
}

async function withDaemon(
  fn: (f: Fixture) => Promise<void>,
  extra = "",
): Promise<void> {
  const upstream = startMockUpstream();
  const daemon = await startInProcessDaemon(config(upstream, extra));
  try {
    await fn({ daemon, upstream });
  } finally {
    daemon.stop();
    await daemon.exitCode;
    await upstream.close();
    await Deno.remove(daemon.dir, { recursive: true });
  }
}

/** The YAML file as the daemon last wrote it. */
async function readConfig(daemon: InProcessDaemon): Promise<{
  downstreams: { id: string }[];
  aliases: { id: string; is_active: boolean }[];
  log_level?: string;
}> {
  return parseYaml(await Deno.readTextFile(daemon.configPath));
}

const CHAT = JSON.stringify({
  model: "mock-model",
  messages: [{ role: "user", content: "hi" }],
});

const REBINDABLE: [string, string, string | undefined][] = [
  ["/api/config", "GET", undefined],
  ["/api/logs", "GET", undefined],
  ["/aliases", "GET", undefined],
  ["/v1/chat/completions", "POST", CHAT],
];

for (const [path, method, body] of REBINDABLE) {
  Deno.test(`[e2e] a DNS-rebound Host is refused on ${method} ${path}; the loopback name is served`, async () => {
    await withDaemon(async ({ daemon, upstream }) => {
      const send = (host: string) =>
        rawRequest(daemon.port, {
          method,
          target: path,
          headers: [
            ["Host", host],
            ...(body
              ? [["Content-Type", "application/json"] as [string, string]]
              : []),
          ],
          body,
        });
      const attack = await send(`evil.example:${daemon.port}`);
      assert.equal(attack.status, 403);
      assert.match(attack.body, /allowed_hosts/);
      assert.doesNotMatch(attack.body, /sk-upstream|mock-model/);
      assert.equal(upstream.requests.length, 0);

      const control = await send(`127.0.0.1:${daemon.port}`);
      assert.equal(control.status, 200);
      if (path.startsWith("/v1/")) assert.equal(upstream.requests.length, 1);
    });
  });
}

Deno.test("[e2e] a rebound Host on a gateway route gets the client's error shape", async () => {
  await withDaemon(async ({ daemon }) => {
    const res = await rawRequest(daemon.port, {
      method: "POST",
      target: "/v1/messages",
      headers: [["Host", "evil.example"], ["Content-Type", "application/json"]],
      body: "{}",
    });
    assert.equal(res.status, 403);
    assert.equal(JSON.parse(res.body).error.type, "permission_error");
  });
});

Deno.test("[e2e] allowed_hosts lets a listed name through once saved", async () => {
  await withDaemon(async ({ daemon }) => {
    const get = () =>
      rawRequest(daemon.port, {
        target: "/api/health",
        headers: [["Host", `tresor.lan:${daemon.port}`]],
      });
    assert.equal((await get()).status, 403);
    const saved = await fetch(`${daemon.url}/api/config`, {
      method: "PUT",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ allowed_hosts: ["tresor.lan"] }),
    });
    assert.equal(saved.status, 200);
    assert.deepStrictEqual((await saved.json()).allowed_hosts, ["tresor.lan"]);
    assert.equal((await get()).status, 200);
    assert.match(
      await Deno.readTextFile(daemon.configPath),
      /allowed_hosts: \[tresor\.lan\]/,
    );
  });
});

Deno.test("[e2e] a cross-site no-cors text/plain POST creates no downstream; the CLI's JSON does", async () => {
  await withDaemon(async ({ daemon }) => {
    const evil = JSON.stringify({
      id: "evil",
      base_url: "https://collector.evil.example/v1",
      api_formats: ["openai"],
      output_model_ids: ["gpt-4o"],
    });
    // What `fetch(url, {method: "POST", mode: "no-cors", body})` from another site sends.
    const crossSite = await fetch(`${daemon.url}/api/downstreams`, {
      method: "POST",
      headers: {
        origin: "https://evil.example",
        "sec-fetch-site": "cross-site",
        "sec-fetch-mode": "no-cors",
        "content-type": "text/plain;charset=UTF-8",
      },
      body: evil,
    });
    assert.equal(crossSite.status, 403);
    await crossSite.body?.cancel();
    // Even without the browser's headers, a text/plain body is not JSON to the API.
    const plain = await fetch(`${daemon.url}/api/downstreams`, {
      method: "POST",
      headers: { "content-type": "text/plain;charset=UTF-8" },
      body: evil,
    });
    assert.equal(plain.status, 415);
    assert.match((await plain.json()).error, /application\/json/);
    const list = await (await fetch(`${daemon.url}/api/downstreams`)).json();
    assert.deepStrictEqual(list.map((d: { id: string }) => d.id), ["mock"]);
    assert.deepStrictEqual(
      (await readConfig(daemon)).downstreams.map((d) => d.id),
      ["mock"],
    );

    // Control: the CLI's request.
    const cli = await fetch(`${daemon.url}/api/downstreams`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: evil,
    });
    assert.equal(cli.status, 201);
    await cli.body?.cancel();
    assert.deepStrictEqual(
      (await readConfig(daemon)).downstreams.map((d) => d.id),
      ["mock", "evil"],
    );
  });
});

Deno.test("[e2e] a cross-site POST cannot activate an alias; a same-origin one can", async () => {
  await withDaemon(async ({ daemon }) => {
    const activate = (headers: Record<string, string>) =>
      fetch(`${daemon.url}/api/aliases/smart-other/activate`, {
        method: "POST",
        headers,
      });
    const attacks: Record<string, string>[] = [
      { origin: "https://evil.example", "sec-fetch-site": "cross-site" },
      // Another port on localhost is same-site but not same-origin.
      { origin: "http://localhost:3000", "sec-fetch-site": "same-site" },
      { origin: "null" },
      { "sec-fetch-site": "cross-site" },
    ];
    for (const headers of attacks) {
      const res = await activate(headers);
      assert.equal(res.status, 403, JSON.stringify(headers));
      await res.body?.cancel();
    }
    const active = (await readConfig(daemon)).aliases.filter((a) =>
      a.is_active
    );
    assert.deepStrictEqual(active.map((a) => a.id), ["smart-mock"]);

    const ok = await activate({
      origin: daemon.url,
      "sec-fetch-site": "same-origin",
    });
    assert.equal(ok.status, 200);
    await ok.body?.cancel();
    const after = (await readConfig(daemon)).aliases.filter((a) => a.is_active);
    assert.deepStrictEqual(after.map((a) => a.id), ["smart-other"]);
  });
});

Deno.test("[e2e] a session cookie with a foreign Origin is refused; with its own origin it works", async () => {
  await withDaemon(async ({ daemon }) => {
    const login = await fetch(`${daemon.url}/api/auth/login`, {
      method: "POST",
      headers: { "content-type": "application/json", origin: daemon.url },
      body: JSON.stringify({ password: "hunter2" }),
    });
    assert.equal(login.status, 200);
    await login.body?.cancel();
    const cookie = (login.headers.get("set-cookie") ?? "").split(";")[0];
    assert.match(cookie, /^tresor_session=/);

    const put = (origin: string) =>
      fetch(`${daemon.url}/api/log_level`, {
        method: "PUT",
        headers: { cookie, origin, "content-type": "application/json" },
        body: JSON.stringify({ level: "debug" }),
      });
    const attack = await put("http://localhost:3000");
    assert.equal(attack.status, 403);
    await attack.body?.cancel();
    assert.equal((await readConfig(daemon)).log_level, "error");

    const control = await put(daemon.url);
    assert.equal(control.status, 200);
    await control.body?.cancel();
    assert.equal((await readConfig(daemon)).log_level, "debug");

    // A login from another site is refused too.
    const foreignLogin = await fetch(`${daemon.url}/api/auth/login`, {
      method: "POST",
      headers: {
        "content-type": "application/json",
        origin: "https://evil.example",
      },
      body: JSON.stringify({ password: "hunter2" }),
    });
    assert.equal(foreignLogin.status, 403);
    assert.equal(foreignLogin.headers.get("set-cookie"), null);
    await foreignLogin.body?.cancel();
  }, "admin_password: hunter2\n");
});

Deno.test("[e2e] Sec-Fetch-Site: cross-site is refused on the admin API and the login form", async () => {
  await withDaemon(async ({ daemon }) => {
    const api = await fetch(`${daemon.url}/api/config`, {
      method: "PUT",
      headers: {
        authorization: "Bearer hunter2",
        "content-type": "application/json",
        "sec-fetch-site": "cross-site",
      },
      body: JSON.stringify({ default_tab: "logs" }),
    });
    assert.equal(api.status, 403);
    assert.match((await api.json()).error, /Sec-Fetch-Site/);
    const form = await fetch(`${daemon.url}/login`, {
      method: "POST",
      headers: { "sec-fetch-site": "cross-site" },
      body: new URLSearchParams({ password: "hunter2", next: "/" }),
      redirect: "manual",
    });
    assert.equal(form.status, 403);
    assert.equal(form.headers.get("set-cookie"), null);
    await form.body?.cancel();

    // Controls: the same requests from Tresor's own pages.
    const ok = await fetch(`${daemon.url}/api/config`, {
      method: "PUT",
      headers: {
        authorization: "Bearer hunter2",
        "content-type": "application/json",
        "sec-fetch-site": "same-origin",
      },
      body: JSON.stringify({ default_tab: "logs" }),
    });
    assert.equal(ok.status, 200);
    await ok.body?.cancel();
    const page = await fetch(`${daemon.url}/login`, {
      method: "POST",
      headers: { "sec-fetch-site": "same-origin", origin: daemon.url },
      body: new URLSearchParams({ password: "hunter2", next: "/" }),
      redirect: "manual",
    });
    assert.equal(page.status, 303);
    assert.match(page.headers.get("set-cookie") ?? "", /^tresor_session=/);
    await page.body?.cancel();
  }, "admin_password: hunter2\n");
});

Deno.test("[e2e] CORS preflight: a listed origin gets its answer, an unlisted one a 403 without CORS", async () => {
  await withDaemon(async ({ daemon, upstream }) => {
    const preflight = (origin: string) =>
      fetch(`${daemon.url}/v1/messages`, {
        method: "OPTIONS",
        headers: {
          origin,
          "access-control-request-method": "POST",
          "access-control-request-headers":
            "x-api-key,anthropic-version,anthropic-dangerous-direct-browser-access,content-type,x-stainless-os",
        },
      });
    const listed = await preflight(APP_ORIGIN);
    assert.equal(listed.status, 204);
    assert.equal(listed.headers.get("access-control-allow-origin"), APP_ORIGIN);
    assert.equal(
      listed.headers.get("access-control-allow-headers"),
      "x-api-key, anthropic-version, anthropic-dangerous-direct-browser-access, content-type, x-stainless-os",
    );
    assert.match(
      listed.headers.get("access-control-allow-methods") ?? "",
      /POST/,
    );
    await listed.body?.cancel();

    const unlisted = await preflight("https://evil.example");
    assert.equal(unlisted.status, 403);
    assert.equal(unlisted.headers.get("access-control-allow-origin"), null);
    assert.equal(unlisted.headers.get("access-control-allow-headers"), null);
    const body = await unlisted.json();
    assert.equal(body.type, "error");
    assert.equal(body.error.type, "permission_error");
    assert.equal(upstream.requests.length, 0);
  });
});

Deno.test("[e2e] a gateway request from a listed origin is forwarded with CORS headers; an unlisted one is not forwarded", async () => {
  await withDaemon(async ({ daemon, upstream }) => {
    const chat = (origin: string) =>
      fetch(`${daemon.url}/v1/chat/completions`, {
        method: "POST",
        headers: { origin, "content-type": "application/json" },
        body: CHAT,
      });
    const listed = await chat(APP_ORIGIN);
    assert.equal(listed.status, 200);
    assert.equal(listed.headers.get("access-control-allow-origin"), APP_ORIGIN);
    assert.match(
      listed.headers.get("access-control-expose-headers") ?? "",
      /x-tresor-request-id/,
    );
    assert.equal((await listed.json()).choices[0].message.content, "Hello");
    assert.equal(upstream.requests.length, 1);

    const unlisted = await chat("https://evil.example");
    assert.equal(unlisted.status, 403);
    assert.equal(unlisted.headers.get("access-control-allow-origin"), null);
    assert.deepStrictEqual(await unlisted.json(), {
      error: {
        message:
          'Browser origin "https://evil.example" is not allowed: add it to cors_allowed_origins to call the gateway from that page',
        type: "invalid_request_error",
        code: "forbidden",
      },
    });
    assert.equal(upstream.requests.length, 1);

    // Control: an SDK-style request (no Origin) is untouched and carries no CORS headers.
    const sdk = await fetch(`${daemon.url}/v1/chat/completions`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: CHAT,
    });
    assert.equal(sdk.status, 200);
    assert.equal(sdk.headers.get("access-control-allow-origin"), null);
    await sdk.body?.cancel();
    assert.equal(upstream.requests.length, 2);
  });
});
