/**
 * Browser reach against the real daemon (CONTRACT.md "Security keys and answers"), each attack
 * with its control: DNS rebinding — a foreign `Host` gets 403 on the admin API, the pages and the
 * gateway (in the client's error shape there), and `allowed_hosts` lets a listed name through.
 */
import assert from "node:assert/strict";
import { CHAT, withDaemon } from "../_helpers/browser_reach_daemon.ts";
import { rawRequest } from "../_helpers/raw_http.ts";

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
