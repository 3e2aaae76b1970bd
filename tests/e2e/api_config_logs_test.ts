import assert from "node:assert/strict";
import { SseParseStream } from "../../routes/api/mod.ts";
import type { RequestLogEntry } from "../../gateway/mod.ts";
import {
  readJson,
  sampleConfig,
  startApiServer,
} from "../_helpers/api_server.ts";

const PROXY_KEY = "sk-proxy-abcdefgh1234";

function entry(
  id: string,
  fields: Partial<RequestLogEntry> = {},
): RequestLogEntry {
  return {
    id,
    time: "2025-01-01T00:00:00.000Z",
    level: "info",
    method: "POST",
    path: "/v1/chat/completions",
    format_in: "openai",
    format_out: "openai",
    model_requested: "smart",
    model_forwarded: "alpha-1",
    alias: "smart-alpha",
    downstream: "alpha",
    rules: [],
    plugins: [],
    status: 200,
    streamed: false,
    ttfb_ms: 5,
    total_ms: 9,
    ...fields,
  };
}

Deno.test("[e2e] config API: GET masks proxy keys and hides the password", async () => {
  const server = await startApiServer({ config: sampleConfig() });
  try {
    const res = await readJson(await server.call("/api/config"));
    assert.equal(res.status, 200);
    const body = res.body as Record<string, unknown>;
    assert.deepStrictEqual(body.proxy_api_keys, ["***1234"]);
    assert.equal(body.admin_password_set, true);
    assert.equal(body.proxy_mode, "auto");
    assert.equal(body.log_level, "info");
    assert.equal(body.default_tab, "aliases");
    assert.ok(!res.text.includes(PROXY_KEY));
    assert.ok(!res.text.includes("hunter2"));
    const denied = await server.call("/api/config", { auth: null });
    assert.equal(denied.status, 401);
    await denied.body?.cancel();
  } finally {
    await server.close();
  }
});

Deno.test("[e2e] config API: PUT changes settings live and writes them back", async () => {
  const server = await startApiServer({ config: sampleConfig() });
  try {
    const res = await readJson(
      await server.call("/api/config", {
        method: "PUT",
        body: JSON.stringify({
          proxy_mode: "none",
          log_level: "warn",
          default_tab: "logs",
          proxy_api_keys: ["sk-new-key-000011112222"],
        }),
      }),
    );
    assert.equal(res.status, 200, res.text);
    const body = res.body as Record<string, unknown>;
    assert.equal(body.proxy_mode, "none");
    assert.equal(body.default_tab, "logs");
    assert.deepStrictEqual(body.proxy_api_keys, ["***2222"]);
    assert.equal(server.log.level, "warn", "the live log level follows");
    const yaml = await Deno.readTextFile(server.configPath);
    assert.match(yaml, /proxy_mode: none/);
    assert.match(yaml, /log_level: warn/);
    assert.match(yaml, /sk-new-key-000011112222/);

    for (
      const [body, field] of [
        [{ proxy_mode: "sometimes" }, "proxy_mode"],
        [{ log_level: "loud" }, "log_level"],
        [{ default_tab: "nowhere" }, "default_tab"],
        [{ proxy_api_keys: "k" }, "proxy_api_keys"],
      ] as const
    ) {
      const bad = await readJson(
        await server.call("/api/config", {
          method: "PUT",
          body: JSON.stringify(body),
        }),
      );
      assert.equal(bad.status, 400, JSON.stringify(body));
      assert.match(
        (bad.body as { error: string }).error,
        new RegExp(`^${field}`),
      );
    }
  } finally {
    await server.close();
  }
});

Deno.test("[e2e] config API: a new admin password takes over at once", async () => {
  const server = await startApiServer({ config: sampleConfig() });
  try {
    const res = await server.call("/api/config", {
      method: "PUT",
      body: JSON.stringify({ admin_password: "correct horse" }),
    });
    assert.equal(res.status, 200);
    assert.ok(!(await res.text()).includes("correct horse"));
    const old = await server.call("/api/rules");
    assert.equal(old.status, 401);
    await old.body?.cancel();
    const fresh = await server.call("/api/rules", { auth: "correct horse" });
    assert.equal(fresh.status, 200);
    await fresh.body?.cancel();
    assert.ok(!server.logLines.join("\n").includes("correct horse"));
  } finally {
    await server.close();
  }
});

Deno.test("[e2e] log_level API: GET, PUT and POST", async () => {
  const server = await startApiServer({ config: sampleConfig() });
  try {
    server.log.level = "info";
    const got = await readJson(await server.call("/api/log_level"));
    assert.deepStrictEqual(got.body, { level: "info" });
    for (
      const [method, level] of [["PUT", "debug"], ["POST", "error"]] as const
    ) {
      const res = await readJson(
        await server.call("/api/log_level", {
          method,
          body: JSON.stringify({ level }),
        }),
      );
      assert.deepStrictEqual(res.body, { level });
      assert.equal(server.log.level, level);
      assert.equal(server.store.snapshot().settings.logLevel, level);
    }
    assert.match(
      await Deno.readTextFile(server.configPath),
      /log_level: error/,
    );
    const bad = await readJson(
      await server.call("/api/log_level", {
        method: "PUT",
        body: JSON.stringify({ level: "trace" }),
      }),
    );
    assert.equal(bad.status, 400);
    assert.match((bad.body as { error: string }).error, /^level: /);
    const denied = await server.call("/api/log_level", { auth: null });
    assert.equal(denied.status, 401);
    await denied.body?.cancel();
  } finally {
    await server.close();
  }
});

Deno.test("[e2e] logs API: newest first, filtered by level, text and limit", async () => {
  const server = await startApiServer({ config: sampleConfig() });
  try {
    server.requestLog.add(entry("r1"));
    server.requestLog.add(
      entry("r2", { level: "warn", status: 404, model_requested: "ghost" }),
    );
    server.requestLog.add(
      entry("r3", { level: "error", status: 502, error: "upstream down" }),
    );
    const cases: [string, string[]][] = [
      ["", ["r3", "r2", "r1"]],
      ["?level=warn", ["r3", "r2"]],
      ["?level=debug", ["r3", "r2", "r1"]],
      ["?q=ghost", ["r2"]],
      ["?q=UPSTREAM", ["r3"]],
      ["?limit=1", ["r3"]],
    ];
    for (const [query, ids] of cases) {
      const res = await readJson(await server.call(`/api/logs${query}`));
      assert.deepStrictEqual(
        (res.body as RequestLogEntry[]).map((e) => e.id),
        ids,
        query,
      );
    }
    for (const query of ["?level=loud", "?limit=0", "?limit=x"]) {
      const res = await server.call(`/api/logs${query}`);
      assert.equal(res.status, 400, query);
      await res.body?.cancel();
    }
  } finally {
    await server.close();
  }
});

Deno.test("[e2e] logs stream: the recent batch, then entries added after subscribing; unsubscribes on close", async () => {
  const server = await startApiServer({ config: sampleConfig() });
  try {
    server.requestLog.add(entry("before-1"));
    server.requestLog.add(entry("before-2", { level: "warn", status: 404 }));
    const denied = await server.call("/api/logs/stream", { auth: null });
    assert.equal(denied.status, 401);
    await denied.body?.cancel();

    const res = await server.call("/api/logs/stream");
    assert.equal(res.status, 200);
    assert.match(res.headers.get("content-type") ?? "", /^text\/event-stream/);
    const events = res.body!.pipeThrough(new SseParseStream()).getReader();
    const next = async () => {
      const { value } = await events.read();
      return (JSON.parse(value!.data) as RequestLogEntry).id;
    };
    assert.equal(await next(), "before-1", "the batch comes oldest first");
    assert.equal(await next(), "before-2");
    assert.equal(server.requestLog.subscriberCount, 1);
    // A real gateway request made after subscribing (unknown model: answered 404 and logged).
    const gatewayRes = await fetch(`${server.url}/v1/chat/completions`, {
      method: "POST",
      headers: {
        authorization: `Bearer ${PROXY_KEY}`,
        "content-type": "application/json",
      },
      body: JSON.stringify({ model: "no-such-model", messages: [] }),
    });
    assert.equal(gatewayRes.status, 404);
    const requestId = gatewayRes.headers.get("x-tresor-request-id");
    await gatewayRes.body?.cancel();
    const { value } = await events.read();
    const live = JSON.parse(value!.data) as RequestLogEntry;
    assert.equal(live.path, "/v1/chat/completions");
    assert.equal(live.status, 404);
    assert.equal(live.model_requested, "no-such-model");
    if (requestId) assert.equal(live.id, requestId);
    await events.cancel();
    // The server sees the disconnect asynchronously; wait for it (bounded), no fixed sleep.
    for (let i = 0; i < 200 && server.requestLog.subscriberCount > 0; i++) {
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    assert.equal(server.requestLog.subscriberCount, 0);
  } finally {
    await server.close();
  }
});

Deno.test("[e2e] logs stream: filters live entries and is ended by AdminApi.close()", async () => {
  const server = await startApiServer({ config: sampleConfig() });
  try {
    const res = await server.call("/api/logs/stream?level=error");
    const events = res.body!.pipeThrough(new SseParseStream()).getReader();
    server.requestLog.add(entry("ok-entry"));
    server.requestLog.add(entry("bad-entry", { level: "error", status: 500 }));
    const { value } = await events.read();
    assert.equal((JSON.parse(value!.data) as RequestLogEntry).id, "bad-entry");
    server.api.close();
    assert.equal((await events.read()).done, true);
    assert.equal(server.requestLog.subscriberCount, 0);
  } finally {
    await server.close();
  }
});
