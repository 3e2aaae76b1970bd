/**
 * Browser reach against the real daemon (CONTRACT.md "Security keys and answers"), each attack
 * with its control: cross-site "simple" requests (no-cors `text/plain`, form posts) change
 * nothing; a session cookie with a foreign `Origin`, and `Sec-Fetch-Site: cross-site`, are
 * refused.
 */
import assert from "node:assert/strict";
import { readConfig, withDaemon } from "../_helpers/browser_reach_daemon.ts";

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
