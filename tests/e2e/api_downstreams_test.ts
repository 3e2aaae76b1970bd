import assert from "node:assert/strict";
import {
  type ApiServer,
  callJson,
  readJson,
  sampleConfig,
  SECRET_KEY,
  startApiServer,
  startMockProvider,
} from "../_helpers/api_server.ts";

/** Calls the API and keeps every body, so the test can check none leaks the key. */
function recorder(server: ApiServer) {
  const bodies: string[] = [];
  const call = async (
    method: string,
    path: string,
    body?: unknown,
  ): Promise<{ status: number; body: unknown }> => {
    const { status, text, body: parsed } = await callJson(
      server,
      method,
      path,
      body,
    );
    bodies.push(text);
    return { status, body: parsed };
  };
  const assertNoLeak = () => {
    for (const text of [...bodies, ...server.logLines]) {
      assert.ok(!text.includes(SECRET_KEY), `key leaked in: ${text}`);
    }
  };
  return { call, assertNoLeak };
}

Deno.test("[e2e] downstreams API: list and get mask keys; missing id is 404", async () => {
  const server = await startApiServer({ config: sampleConfig() });
  const { call, assertNoLeak } = recorder(server);
  try {
    const list = await call("GET", "/api/downstreams");
    assert.equal(list.status, 200);
    assert.deepStrictEqual(
      (list.body as { id: string; api_key: string }[]).map((
        d,
      ) => [d.id, d.api_key]),
      [["alpha", "***"], ["beta", "***"]],
    );
    const one = await call("GET", "/api/downstreams/alpha");
    assert.deepStrictEqual(one.body, {
      id: "alpha",
      name: "Alpha",
      api_formats: ["openai"],
      base_url: "http://127.0.0.1:9/v1",
      api_key: "***",
      output_model_ids: ["alpha-1"],
    });
    const missing = await call("GET", "/api/downstreams/nope");
    assert.equal(missing.status, 404);
    assert.match((missing.body as { error: string }).error, /nope/);
    const unauthorized = await server.call("/api/downstreams/alpha", {
      auth: null,
    });
    assert.equal(unauthorized.status, 401);
    await unauthorized.body?.cancel();
    assertNoLeak();
  } finally {
    await server.close();
  }
});

Deno.test("[e2e] downstreams API: create validates, rejects duplicates, writes the YAML back", async () => {
  const server = await startApiServer({ config: sampleConfig() });
  const { call, assertNoLeak } = recorder(server);
  try {
    const created = await call("POST", "/api/downstreams", {
      id: "gamma",
      base_url: "https://example.invalid/v1",
      api_formats: ["openai"],
      api_key: `${SECRET_KEY}-gamma`,
      output_model_ids: ["g-1"],
    });
    assert.equal(created.status, 201);
    assert.equal((created.body as { api_key: string }).api_key, "***");
    assert.equal((created.body as { name: string }).name, "gamma");

    const cases: [unknown, number, RegExp][] = [
      [{ id: "gamma", base_url: "https://x.invalid" }, 409, /gamma/],
      [{ id: "bad id!", base_url: "https://x.invalid" }, 400, /^id: /],
      [{ id: "delta", base_url: "not a url" }, 400, /^base_url: /],
      [
        { id: "delta", base_url: "https://x.invalid", api_formats: ["grpc"] },
        400,
        /^api_formats\[0\]: /,
      ],
      [{ id: "delta" }, 400, /^base_url: /],
    ];
    for (const [body, status, message] of cases) {
      const res = await call("POST", "/api/downstreams", body);
      assert.equal(res.status, status, JSON.stringify(body));
      assert.match((res.body as { error: string }).error, message);
    }

    const yaml = await Deno.readTextFile(server.configPath);
    assert.match(yaml, /id: gamma/);
    assert.match(
      yaml,
      /^# my tresor config/,
      "comments survive the write-back",
    );
    assert.ok(
      yaml.includes(`${SECRET_KEY}-gamma`),
      "the YAML keeps the real key",
    );
    assertNoLeak();
  } finally {
    await server.close();
  }
});

Deno.test("[e2e] downstreams API: update keeps a masked or absent key and survives a reopen", async () => {
  const server = await startApiServer({ config: sampleConfig() });
  const { call, assertNoLeak } = recorder(server);
  let reopened: ApiServer | undefined;
  try {
    const masked = await call("PUT", "/api/downstreams/alpha", {
      name: "Alpha Prime",
      api_key: "***",
    });
    assert.equal(masked.status, 200);
    assert.equal((masked.body as { name: string }).name, "Alpha Prime");
    assert.equal(
      server.store.snapshot().downstreamsById.get("alpha")?.apiKey,
      SECRET_KEY,
    );

    const absent = await call("PUT", "/api/downstreams/alpha", {
      output_model_ids: ["alpha-1", "alpha-2"],
    });
    assert.equal(absent.status, 200);
    assert.equal(
      server.store.snapshot().downstreamsById.get("alpha")?.apiKey,
      SECRET_KEY,
    );

    const invalid = await call("PUT", "/api/downstreams/alpha", {
      base_url: "ftp://x",
    });
    assert.equal(invalid.status, 400);
    assert.match((invalid.body as { error: string }).error, /^base_url: /);
    const missing = await call("PUT", "/api/downstreams/nope", { name: "x" });
    assert.equal(missing.status, 404);

    const yaml = await Deno.readTextFile(server.configPath);
    assert.match(yaml, /name: Alpha Prime/);
    assert.match(yaml, /output_model_ids: \[alpha-1, alpha-2\]/);
    assertNoLeak();

    await server.close({ keep: true });
    reopened = await startApiServer({ dir: server.dir });
    const after = await readJson(await reopened.call("/api/downstreams/alpha"));
    assert.equal((after.body as { name: string }).name, "Alpha Prime");
    assert.deepStrictEqual(
      (after.body as { output_model_ids: string[] }).output_model_ids,
      ["alpha-1", "alpha-2"],
    );
    assert.equal(
      reopened.store.snapshot().downstreamsById.get("alpha")?.apiKey,
      SECRET_KEY,
    );
  } finally {
    if (reopened) await reopened.close();
    else await server.close();
  }
});

Deno.test("[e2e] downstreams API: delete cascades to aliases and rules", async () => {
  const server = await startApiServer({ config: sampleConfig() });
  const { call } = recorder(server);
  try {
    const res = await server.call("/api/downstreams/beta", {
      method: "DELETE",
    });
    assert.equal(res.status, 204);
    await res.body?.cancel();
    const aliases = await call("GET", "/api/aliases");
    assert.deepStrictEqual(
      (aliases.body as { id: string }[]).map((a) => a.id),
      ["smart-alpha"],
    );
    const rule = await call("GET", "/api/rules/tag");
    assert.equal(
      (rule.body as { is_enabled: boolean }).is_enabled,
      false,
      "left without downstreams, the rule is disabled",
    );
    assert.deepStrictEqual(
      (rule.body as { match_downstreams: string[] }).match_downstreams,
      [],
    );
    const yaml = await Deno.readTextFile(server.configPath);
    assert.ok(!yaml.includes("id: beta"));
    assert.ok(!yaml.includes("smart-beta"));
    const again = await call("DELETE", "/api/downstreams/beta");
    assert.equal(again.status, 404);
  } finally {
    await server.close();
  }
});

Deno.test("[e2e] downstreams API: add and remove a model", async () => {
  const server = await startApiServer({ config: sampleConfig() });
  const { call } = recorder(server);
  try {
    const added = await call("POST", "/api/downstreams/alpha/models", {
      model_id: "org/alpha-2",
    });
    assert.equal(added.status, 201);
    assert.deepStrictEqual(
      (added.body as { output_model_ids: string[] }).output_model_ids,
      ["alpha-1", "org/alpha-2"],
    );
    const empty = await call("POST", "/api/downstreams/alpha/models", {
      model_id: " ",
    });
    assert.equal(empty.status, 400);
    assert.match((empty.body as { error: string }).error, /^model_id: /);
    const noDownstream = await call("POST", "/api/downstreams/nope/models", {
      model_id: "m",
    });
    assert.equal(noDownstream.status, 404);

    const removed = await call(
      "DELETE",
      `/api/downstreams/alpha/models/${encodeURIComponent("org/alpha-2")}`,
    );
    assert.equal(removed.status, 200);
    assert.deepStrictEqual(
      (removed.body as { output_model_ids: string[] }).output_model_ids,
      ["alpha-1"],
    );
    const notThere = await call("DELETE", "/api/downstreams/alpha/models/zzz");
    assert.equal(notThere.status, 404);
    assert.doesNotMatch(
      await Deno.readTextFile(server.configPath),
      /org\/alpha-2/,
    );
  } finally {
    await server.close();
  }
});

Deno.test("[e2e] downstreams API: fetch-models adds the provider's new models through the gateway client", async () => {
  const provider = startMockProvider({
    name: "alpha",
    key: SECRET_KEY,
    models: ["alpha-1", "alpha-2", "alpha-3"],
  });
  const server = await startApiServer({
    config: sampleConfig({ baseUrl: provider.baseUrl }),
  });
  const { call, assertNoLeak } = recorder(server);
  try {
    const res = await call("POST", "/api/downstreams/alpha/fetch-models");
    assert.equal(res.status, 200);
    const body = res.body as {
      fetched: number;
      added: string[];
      downstream: { output_model_ids: string[]; api_key: string };
    };
    assert.equal(body.fetched, 3);
    assert.deepStrictEqual(body.added, ["alpha-2", "alpha-3"]);
    assert.deepStrictEqual(body.downstream.output_model_ids, [
      "alpha-1",
      "alpha-2",
      "alpha-3",
    ]);
    assert.equal(body.downstream.api_key, "***");
    assert.deepStrictEqual(provider.seen, [
      `GET /v1/models Bearer ${SECRET_KEY}`,
    ]);
    assert.match(
      await Deno.readTextFile(server.configPath),
      /\[alpha-1, alpha-2, alpha-3\]/,
    );

    const again = await call("POST", "/api/downstreams/alpha/fetch-models");
    assert.deepStrictEqual((again.body as { added: string[] }).added, []);
    const missing = await call("POST", "/api/downstreams/nope/fetch-models");
    assert.equal(missing.status, 404);
    assertNoLeak();
  } finally {
    await server.close();
    await provider.close();
  }
});

Deno.test("[e2e] downstreams API: fetch-models turns provider failures into a 502 without the key", async () => {
  // The provider knows another key, so it answers 401 and echoes the key it was sent.
  const rejecting = startMockProvider({ name: "alpha", key: "other-key" });
  const server = await startApiServer({
    config: sampleConfig({ baseUrl: rejecting.baseUrl }),
  });
  const { call, assertNoLeak } = recorder(server);
  try {
    const res = await call("POST", "/api/downstreams/alpha/fetch-models");
    assert.equal(res.status, 502);
    assert.equal(
      (res.body as { error: string }).error,
      'Cannot fetch models from downstream "alpha": provider answered 401: Incorrect API key provided: ***',
    );
    await rejecting.close();
    const unreachable = await call(
      "POST",
      "/api/downstreams/alpha/fetch-models",
    );
    assert.equal(unreachable.status, 502);
    assert.match(
      (unreachable.body as { error: string }).error,
      /^Cannot fetch models from downstream "alpha": /,
    );
    assertNoLeak();
    assert.deepStrictEqual(
      server.store.snapshot().downstreamsById.get("alpha")?.outputModelIds,
      ["alpha-1"],
    );
  } finally {
    await server.close();
  }
});
