/**
 * Browser reach against the real daemon (CONTRACT.md "Security keys and answers"), gateway CORS:
 * listed origins get their preflight and headers and are forwarded; others are refused in the
 * client's error shape and never forwarded; a request without `Origin` carries no CORS headers.
 */
import assert from "node:assert/strict";
import {
  APP_ORIGIN,
  CHAT,
  withDaemon,
} from "../_helpers/browser_reach_daemon.ts";

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
