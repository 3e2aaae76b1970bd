/**
 * Named client keys and prices through the admin API on the real daemon: keys masked by
 * `/api/config`, accepted by the gateway and named (never shown) in logs and usage rows; and
 * refresh-prices from a provider whose `/models` lists OpenRouter-style prices, after which
 * requests are priced by them.
 */
import assert from "node:assert/strict";
import { withRouterDaemon } from "../_helpers/router_daemon.ts";
import { usageReply } from "../_helpers/usage_upstream.ts";
import { readUsageCsv, waitForLogged } from "../_helpers/usage_rows.ts";

const PASSWORD = "pw-usage-2";
const AUTH = { authorization: `Bearer ${PASSWORD}` };

Deno.test("[e2e] named client keys: masked by /api/config, accepted by the gateway, named in logs and usage", async () => {
  await withRouterDaemon(PASSWORD, async (url, _dir, mock) => {
    mock.handler = usageReply;
    const put = await fetch(`${url}/api/config`, {
      method: "PUT",
      headers: { ...AUTH, "content-type": "application/json" },
      body: JSON.stringify({
        proxy_api_keys: ["sk-plain-key-0001", {
          name: "laptop-agent",
          key: "sk-laptop-key-0002",
        }],
      }),
    });
    const settings = await put.json();
    assert.deepStrictEqual(settings.proxy_api_keys, [
      "***0001",
      { name: "laptop-agent", key: "***0002" },
    ]);
    for (const key of ["sk-laptop-key-0002", "sk-plain-key-0001", "wrong"]) {
      const res = await fetch(`${url}/v1/chat/completions`, {
        method: "POST",
        headers: {
          authorization: `Bearer ${key}`,
          "content-type": "application/json",
        },
        body: JSON.stringify({
          model: "openai/gpt-4o-mini",
          messages: [{ role: "user", content: "hi" }],
        }),
      });
      await res.body?.cancel();
      assert.equal(res.status, key === "wrong" ? 401 : 200);
    }
    const logged = await waitForLogged(url, 3, { headers: AUTH });
    assert.deepStrictEqual(
      logged.map((e) => e.key_name ?? null).sort(),
      ["***0001", "laptop-agent", null],
    );
    const { rows } = await readUsageCsv(url, "", AUTH);
    assert.deepStrictEqual(rows.map((r) => r.key_name).sort(), [
      "",
      "***0001",
      "laptop-agent",
    ]);
    const everything = JSON.stringify(logged) + JSON.stringify(rows);
    assert.ok(!everything.includes("sk-laptop-key-0002"));
    assert.ok(!everything.includes("sk-plain-key-0001"));
  });
});

Deno.test("[e2e] refresh-prices sets the served models' prices from the provider's /models, and requests use them", async () => {
  await withRouterDaemon(PASSWORD, async (url, dir, mock) => {
    mock.handler = (req) =>
      req.path === "/v1/models"
        ? {
          kind: "json",
          body: {
            data: [
              {
                id: "anthropic/claude-sonnet-4",
                pricing: {
                  prompt: "0.000003",
                  completion: "0.000015",
                  input_cache_read: "0.0000003",
                  input_cache_write: "0.00000375",
                },
              },
              {
                id: "openai/gpt-4o-mini",
                pricing: { prompt: "0.00000015", completion: "0.0000006" },
              },
              {
                id: "not/served",
                pricing: { prompt: "0.001", completion: "0.001" },
              },
            ],
          },
        }
        : usageReply(req);
    const res = await fetch(`${url}/api/downstreams/router/refresh-prices`, {
      method: "POST",
      headers: AUTH,
    });
    assert.equal(res.status, 200);
    const body = await res.json();
    assert.equal(body.fetched, 3);
    assert.deepStrictEqual(body.updated, [
      "anthropic/claude-sonnet-4",
      "openai/gpt-4o-mini",
    ]);
    assert.deepStrictEqual(body.downstream.prices, {
      "anthropic/claude-sonnet-4": {
        input: 3,
        output: 15,
        cache_read: 0.3,
        cache_write: 3.75,
      },
      "openai/gpt-4o-mini": { input: 0.15, output: 0.6 },
    });
    assert.equal(body.downstream.api_key, "***");
    assert.match(
      await Deno.readTextFile(`${dir}/tresor.yaml`),
      /openai\/gpt-4o-mini: \{input: 0\.15, output: 0\.6\}/,
    );
    // The mock's Chat Completions answer: 1,000 uncached + 200 cached in, 300 out.
    const chat = await fetch(`${url}/v1/chat/completions`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({
        model: "openai/gpt-4o-mini",
        messages: [{ role: "user", content: "hi" }],
      }),
    });
    await chat.body?.cancel();
    const [entry] = await waitForLogged(url, 1, { headers: AUTH });
    // (1000 × 0.15 + 300 × 0.6 + 200 × 0.15) / 1e6: no cache price listed, so the input's.
    assert.equal(entry.cost_usd, 0.00036);

    const missing = await fetch(`${url}/api/downstreams/nope/refresh-prices`, {
      method: "POST",
      headers: AUTH,
    });
    await missing.body?.cancel();
    assert.equal(missing.status, 404);
    mock.handler = () => ({
      kind: "json",
      status: 500,
      body: { error: { message: "down" } },
    });
    const failed = await fetch(`${url}/api/downstreams/router/refresh-prices`, {
      method: "POST",
      headers: AUTH,
    });
    assert.equal(failed.status, 502);
    const failure = await failed.json();
    assert.match(failure.error, /provider answered 500: down/);
    assert.ok(!JSON.stringify(failure).includes("sk-router"));
  });
});
