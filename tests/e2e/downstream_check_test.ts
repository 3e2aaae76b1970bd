/**
 * Testing a downstream through the admin API and the CLI (issue 16): `POST /api/downstreams/test`
 * for settings not saved yet, `POST /api/downstreams/{id}/test` for saved ones, against mock
 * providers — the checks, the provider's error with the key masked, the stored-key rule, hostile
 * URLs, and `tresor downstream test ID`.
 */
import assert from "node:assert/strict";
import type { DownstreamTestJson } from "../../store/mod.ts";
import {
  callJson,
  sampleConfig,
  SECRET_KEY,
  startApiServer,
  startMockProvider,
} from "../_helpers/api_server.ts";
import { startMockUpstream } from "../_helpers/mock_upstream.ts";
import { runCli } from "../_helpers/cli_in_process.ts";

/** Checks as `name ok status [model]` lines, for comparing at a glance. */
function summary(result: DownstreamTestJson): string[] {
  return result.checks.map((c) =>
    `${c.name} ${c.ok ? "ok" : "failed"} ${c.status ?? "-"}${
      c.model ? ` ${c.model}` : ""
    }`
  );
}

Deno.test("[e2e] POST /api/downstreams/{id}/test checks models and a 1-token request; a bad key's error comes back masked", async () => {
  const good = startMockProvider({ name: "a", key: SECRET_KEY, models: ["m"] });
  const server = await startApiServer({
    config: sampleConfig({ baseUrl: good.baseUrl }),
  });
  try {
    const ok = await callJson(server, "POST", "/api/downstreams/alpha/test");
    assert.equal(ok.status, 200);
    const result = ok.body as DownstreamTestJson;
    assert.equal(result.ok, true);
    assert.deepStrictEqual(summary(result), [
      "models ok 200",
      "openai ok 200 alpha-1",
    ]);
    for (const check of result.checks) {
      assert.equal(typeof check.latency_ms, "number");
      assert.equal(check.error, null);
    }
    assert.deepStrictEqual(good.seen, [
      `GET /v1/models Bearer ${SECRET_KEY}`,
      `POST /v1/chat/completions Bearer ${SECRET_KEY}`,
    ]);

    // The provider refuses the key and quotes it back: the answer carries it masked.
    await server.store.updateDownstream("alpha", { apiKey: `${SECRET_KEY}-x` });
    const bad = await callJson(server, "POST", "/api/downstreams/alpha/test");
    const failed = bad.body as DownstreamTestJson;
    assert.equal(failed.ok, false);
    assert.deepStrictEqual(summary(failed), [
      "models failed 401",
      "openai failed 401 alpha-1",
    ]);
    assert.equal(failed.checks[0].error, "Incorrect API key provided: ***");
    assert.ok(!bad.text.includes(SECRET_KEY));
    assert.equal(
      (await callJson(server, "POST", "/api/downstreams/nope/test")).status,
      404,
    );
  } finally {
    await server.close();
    await good.close();
  }
});

Deno.test("[e2e] POST /api/downstreams/test sends a 1-token request in each declared format", async () => {
  const mock = startMockUpstream();
  const server = await startApiServer({ config: sampleConfig() });
  try {
    const res = await callJson(server, "POST", "/api/downstreams/test", {
      name: "Local box",
      base_url: `${mock.url}/v1`,
      api_formats: ["openai", "anthropic", "responses"],
      api_key: "sk-typed",
    });
    assert.equal(res.status, 200);
    assert.deepStrictEqual(summary(res.body as DownstreamTestJson), [
      "models ok 200",
      // No model given: the first the models check listed.
      "openai ok 200 mock-model",
      "anthropic ok 200 mock-model",
      "responses ok 200 mock-model",
    ]);
    const [models, chat, messages, responses] = mock.requests;
    assert.equal(models.path, "/v1/models");
    assert.equal(chat.path, "/v1/chat/completions");
    assert.equal(chat.body?.max_tokens, 1);
    assert.equal(chat.headers.get("authorization"), "Bearer sk-typed");
    assert.equal(messages.path, "/v1/messages");
    assert.equal(messages.body?.max_tokens, 1);
    assert.equal(messages.headers.get("x-api-key"), "sk-typed");
    assert.equal(messages.headers.get("anthropic-version"), "2023-06-01");
    assert.equal(responses.path, "/v1/responses");
    assert.equal(responses.body?.max_output_tokens, 16);
    // Nothing was saved.
    assert.equal(server.store.snapshot().downstreamsById.has("unsaved"), false);
  } finally {
    await server.close();
    await mock.close();
  }
});

Deno.test("[e2e] POST /api/downstreams/test: a masked key uses the stored one only at its own origin", async () => {
  const provider = startMockProvider({
    name: "a",
    key: SECRET_KEY,
    models: ["m"],
  });
  const elsewhere = startMockUpstream();
  const server = await startApiServer({
    config: sampleConfig({ baseUrl: provider.baseUrl }),
  });
  try {
    const same = await callJson(server, "POST", "/api/downstreams/test", {
      id: "alpha",
      base_url: provider.baseUrl,
      api_formats: ["openai"],
      api_key: "***",
    });
    assert.equal((same.body as DownstreamTestJson).ok, true);
    assert.equal(provider.seen[0], `GET /v1/models Bearer ${SECRET_KEY}`);

    const moved = await callJson(server, "POST", "/api/downstreams/test", {
      id: "alpha",
      base_url: `${elsewhere.url}/v1`,
    });
    assert.equal(moved.status, 400);
    assert.deepStrictEqual(moved.body, {
      error: `api_key: the stored key of "alpha" is sent only to ${
        new URL(provider.baseUrl).origin
      }: enter the key to test another URL`,
      field: "api_key",
    });
    assert.equal(elsewhere.requests.length, 0);

    const invalid = await callJson(server, "POST", "/api/downstreams/test", {
      base_url: "not a url",
    });
    assert.equal(invalid.status, 400);
    assert.equal((invalid.body as { field: string }).field, "base_url");
  } finally {
    await server.close();
    await provider.close();
    await elsewhere.close();
  }
});

Deno.test("[e2e] POST /api/downstreams/test refuses metadata targets and reports a redirect without following it", async () => {
  let followed = 0;
  const target = Deno.serve({
    hostname: "127.0.0.1",
    port: 0,
    onListen: () => {},
  }, () => {
    followed++;
    return Response.json({ data: [] });
  });
  const redirecting = startMockUpstream();
  redirecting.handler = () => ({
    kind: "json",
    status: 307,
    headers: { location: `http://127.0.0.1:${target.addr.port}/v1/models` },
    body: {},
  });
  const server = await startApiServer({ config: sampleConfig() });
  try {
    const metadata = await callJson(server, "POST", "/api/downstreams/test", {
      base_url: "http://169.254.169.254/latest",
      output_model_ids: ["x"],
    });
    const refused = metadata.body as DownstreamTestJson;
    assert.equal(refused.ok, false);
    assert.match(
      refused.checks[0].error ?? "",
      /^Refused to test 169\.254\.169\.254: 169\.254\.169\.254 is the cloud metadata address/,
    );
    const redirect = await callJson(server, "POST", "/api/downstreams/test", {
      base_url: `${redirecting.url}/v1`,
      output_model_ids: ["x"],
    });
    const check = (redirect.body as DownstreamTestJson).checks[0];
    assert.equal(check.status, 307);
    assert.match(
      check.error ?? "",
      /^Redirected to http:\/\/127\.0\.0\.1:\d+\/v1\/models: a test never follows redirects/,
    );
    assert.equal(followed, 0);
  } finally {
    await server.close();
    await redirecting.close();
    await target.shutdown();
  }
});

Deno.test("[e2e] the chat check sends max_completion_tokens when the provider refuses max_tokens", async () => {
  const mock = startMockUpstream();
  const fallback = mock.handler;
  mock.handler = (req) =>
    req.body?.max_tokens !== undefined
      ? {
        kind: "json",
        status: 400,
        body: {
          error: {
            message:
              "Unsupported parameter: 'max_tokens' is not supported with this model. Use 'max_completion_tokens' instead.",
            type: "invalid_request_error",
          },
        },
      }
      : fallback(req);
  const server = await startApiServer({ config: sampleConfig() });
  try {
    const res = await callJson(server, "POST", "/api/downstreams/test", {
      base_url: `${mock.url}/v1`,
      api_formats: ["openai"],
      output_model_ids: ["o-reasoner"],
    });
    assert.deepStrictEqual(summary(res.body as DownstreamTestJson), [
      "models ok 200",
      "openai ok 200 o-reasoner",
    ]);
    assert.equal(mock.requests[2].body?.max_completion_tokens, 1);
  } finally {
    await server.close();
    await mock.close();
  }
});

Deno.test('[e2e] a downstream with the id "test" is still read and updated at /api/downstreams/test', async () => {
  const server = await startApiServer({ config: sampleConfig() });
  try {
    const created = await callJson(server, "POST", "/api/downstreams", {
      id: "test",
      base_url: "http://127.0.0.1:9/v1",
    });
    assert.equal(created.status, 201);
    const read = await callJson(server, "GET", "/api/downstreams/test");
    assert.equal((read.body as { id: string }).id, "test");
    const put = await callJson(server, "PUT", "/api/downstreams/test", {
      name: "T",
    });
    assert.equal((put.body as { name: string }).name, "T");
    assert.equal(
      (await server.call("/api/downstreams/test", { method: "PATCH" })).status,
      405,
    );
  } finally {
    await server.close();
  }
});

Deno.test("[e2e] tresor downstream test ID prints the checks and exits 1 when one failed", async () => {
  const provider = startMockProvider({
    name: "a",
    key: SECRET_KEY,
    models: ["m"],
  });
  const server = await startApiServer({
    config: sampleConfig({ baseUrl: provider.baseUrl }),
  });
  const run = (args: string[]) =>
    runCli({ url: server.url, password: "hunter2", cwd: server.dir }, args);
  try {
    const ok = await run(["downstream", "test", "alpha"]);
    assert.equal(ok.code, 0, ok.err.join("\n"));
    assert.match(
      ok.out,
      /^CHECK\s+RESULT\s+LATENCY\s+STATUS\s+MODEL\s+ERROR\nmodels\s+ok\s+\d+ ms\s+200\s+-\nopenai\s+ok\s+\d+ ms\s+200\s+alpha-1$/,
    );
    await server.store.updateDownstream("alpha", { apiKey: "sk-wrong" });
    const failed = await run(["downstream", "test", "alpha"]);
    assert.equal(failed.code, 1);
    assert.match(
      failed.out,
      /models\s+failed\s+\d+ ms\s+401\s+-\s+Incorrect API key provided: \*\*\*/,
    );
    assert.deepStrictEqual(failed.err, [
      "tresor: downstream alpha failed 2 of 2 checks",
    ]);
  } finally {
    await server.close();
    await provider.close();
  }
});
