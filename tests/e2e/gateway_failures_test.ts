import assert from "node:assert/strict";
import OpenAI from "openai";
import Anthropic from "@anthropic-ai/sdk";
import {
  type MockUpstream,
  openAiStream,
  startMockUpstream,
} from "../_helpers/mock_upstream.ts";
import {
  type GatewayServer,
  loggedEntries,
  makeSnapshot,
  startGateway,
  type StartGatewayOptions,
} from "../_helpers/gateway_server.ts";
import { PLUGINS } from "../../plugins/mod.ts";
import type { RoutingSnapshot, Settings, Store } from "../../store/types.ts";
import { anthropicClient, openAiClient } from "../_helpers/sdk_clients.ts";

interface Setup {
  mock: MockUpstream;
  gw: GatewayServer;
  openai: OpenAI;
  anthropic: Anthropic;
}

function snapshotFor(
  mock: MockUpstream,
  settings: Partial<Settings> = {},
  openaiBase = `${mock.url}/v1`,
): RoutingSnapshot {
  return makeSnapshot({
    settings,
    downstreams: [
      {
        id: "oai",
        name: "OpenAI mock",
        apiFormats: ["openai"],
        baseUrl: openaiBase,
        apiKey: "sk-oai",
        outputModelIds: ["gpt-mock"],
      },
      {
        id: "ant",
        name: "Anthropic mock",
        apiFormats: ["anthropic"],
        baseUrl: mock.url,
        apiKey: "sk-ant",
        outputModelIds: ["claude-mock"],
      },
    ],
  });
}

async function withSetup(
  fn: (s: Setup) => Promise<void>,
  options: {
    settings?: Partial<Settings>;
    openaiBase?: string;
    gateway?: StartGatewayOptions;
    snapshot?: (mock: MockUpstream) => () => RoutingSnapshot;
  } = {},
): Promise<void> {
  const mock = startMockUpstream();
  const snapshot = options.snapshot?.(mock) ??
    snapshotFor(mock, options.settings, options.openaiBase);
  const gw = startGateway(snapshot, options.gateway);
  try {
    await fn({
      mock,
      gw,
      openai: openAiClient(gw.url, "x"),
      anthropic: anthropicClient(gw.url, "x"),
    });
  } finally {
    await gw.close();
    await mock.close();
  }
}

async function post(
  gw: GatewayServer,
  path: string,
  body: BodyInit,
  headers: Record<string, string> = {},
): Promise<{ status: number; json: unknown; text: string }> {
  const res = await fetch(`${gw.url}${path}`, {
    method: "POST",
    headers: { "content-type": "application/json", ...headers },
    body,
  });
  const text = await res.text();
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    if (!(err instanceof SyntaxError)) throw err;
  }
  return { status: res.status, json, text };
}

function closedPort(): number {
  const listener = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const port = listener.addr.port;
  listener.close();
  return port;
}

Deno.test("[e2e] a client abort mid-stream aborts the upstream request", async () => {
  await withSetup(async ({ mock, openai }) => {
    mock.handler = (req) => ({
      kind: "sse",
      events: openAiStream(String(req.body?.model), ["a", "b", "c"]),
      stallAfter: 2,
    });
    const stream = await openai.chat.completions.create({
      model: "gpt-mock",
      messages: [{ role: "user", content: "hi" }],
      stream: true,
    });
    const aborted = mock.nextAbort();
    for await (const chunk of stream) {
      assert.equal(chunk.object, "chat.completion.chunk");
      stream.controller.abort();
    }
    const seen = await aborted;
    assert.equal(seen.path, "/v1/chat/completions");
  });
});

Deno.test("[e2e] an unreachable upstream is a 502 in the client's shape", async () => {
  const port = closedPort();
  await withSetup(async ({ openai, gw }) => {
    await assert.rejects(
      openai.chat.completions.create({
        model: "gpt-mock",
        messages: [{ role: "user", content: "hi" }],
      }),
      (err) => {
        assert.ok(err instanceof OpenAI.APIError);
        assert.equal(err.status, 502);
        assert.match(err.message, /Cannot reach downstream "oai"/);
        return true;
      },
    );
    const [entry] = await loggedEntries(gw.requestLog);
    assert.equal(entry.status, 502);
    assert.equal(entry.level, "error");
    assert.match(entry.error ?? "", /Cannot reach/);
  }, { openaiBase: `http://127.0.0.1:${port}/v1` });
});

Deno.test("[e2e] an upstream 429 passes through as the SDK's RateLimitError", async () => {
  await withSetup(async ({ mock, openai }) => {
    mock.handler = () => ({
      kind: "json",
      status: 429,
      headers: { "retry-after": "7" },
      body: { error: { message: "Slow down", type: "rate_limit", code: null } },
    });
    await assert.rejects(
      openai.chat.completions.create({
        model: "gpt-mock",
        messages: [{ role: "user", content: "hi" }],
      }),
      (err) => {
        assert.ok(err instanceof OpenAI.RateLimitError);
        assert.match(err.message, /Slow down/);
        assert.equal(err.headers?.get("retry-after"), "7");
        return true;
      },
    );
  });
});

Deno.test("[e2e] an upstream 529 keeps its status for Anthropic clients", async () => {
  await withSetup(async ({ mock, anthropic }) => {
    mock.handler = () => ({
      kind: "json",
      status: 529,
      body: {
        type: "error",
        error: { type: "overloaded_error", message: "Overloaded" },
      },
    });
    await assert.rejects(
      anthropic.messages.create({
        model: "claude-mock",
        max_tokens: 5,
        messages: [{ role: "user", content: "hi" }],
      }),
      (err) => {
        assert.ok(err instanceof Anthropic.APIError);
        assert.equal(err.status, 529);
        return true;
      },
    );
  });
});

Deno.test("[e2e] a body over max_body_bytes is a 413, by Content-Length or while reading", async () => {
  await withSetup(async ({ gw, mock }) => {
    const big = JSON.stringify({ model: "gpt-mock", pad: "x".repeat(500) });
    const declared = await post(gw, "/v1/chat/completions", big);
    assert.equal(declared.status, 413);
    assert.deepStrictEqual(declared.json, {
      error: {
        message: "Cannot accept request body: larger than 200 bytes",
        type: "invalid_request_error",
        code: "payload_too_large",
      },
    });
    const chunks = [big.slice(0, 150), big.slice(150)].map((s) =>
      new TextEncoder().encode(s)
    );
    const streamed = await fetch(`${gw.url}/v1/messages`, {
      method: "POST",
      body: ReadableStream.from(chunks),
    });
    assert.equal(streamed.status, 413);
    assert.deepStrictEqual(await streamed.json(), {
      type: "error",
      error: {
        type: "request_too_large",
        message: "Cannot accept request body: larger than 200 bytes",
      },
    });
    assert.equal(mock.requests.length, 0);
  }, { settings: { maxBodyBytes: 200 } });
});

Deno.test("[e2e] malformed JSON, a missing model and a wrong method are refused in the client's shape", async () => {
  await withSetup(async ({ gw }) => {
    const bad = await post(gw, "/v1/messages", "{not json");
    assert.equal(bad.status, 400);
    assert.match(
      String((bad.json as { error: { message: string } }).error.message),
      /Cannot parse request body/,
    );
    assert.equal((bad.json as { type: string }).type, "error");
    const noModel = await post(gw, "/chat/completions", "{}");
    assert.equal(noModel.status, 400);
    assert.match(noModel.text, /no \\"model\\" string/);
    const get = await fetch(`${gw.url}/v1/chat/completions`);
    assert.equal(get.status, 405);
    await get.body?.cancel();
  });
});

Deno.test("[e2e] a request the downstream cannot take untranslated is a 501 when no converter is registered", async () => {
  await withSetup(async ({ gw, mock }) => {
    const res = await post(
      gw,
      "/v1/chat/completions",
      JSON.stringify({ model: "claude-mock", messages: [] }),
    );
    assert.equal(res.status, 501);
    assert.deepStrictEqual(res.json, {
      error: {
        message:
          'Cannot translate openai requests for downstream "ant": it serves anthropic and no converter is available',
        type: "invalid_request_error",
        code: "not_implemented",
      },
    });
    assert.equal(mock.requests.length, 0);
  }, { gateway: { plugins: { custom_header: PLUGINS.custom_header } } });
});

Deno.test("[e2e] an upstream silent before its first byte is a 504", async () => {
  await withSetup(async ({ mock, gw }) => {
    mock.handler = () => ({ kind: "sse", events: [], stallAfter: 0 });
    const res = await post(
      gw,
      "/v1/chat/completions",
      JSON.stringify({ model: "gpt-mock", stream: true, messages: [] }),
    );
    assert.equal(res.status, 504);
    assert.equal(
      (res.json as { error: { code: string } }).error.code,
      "upstream_timeout",
    );
  }, { settings: { upstreamIdleTimeoutMs: 50 } });
});

/** A store whose every method throws, except the in-memory snapshot. */
function throwingStore(snapshot: RoutingSnapshot): Store {
  const fail = (): never => {
    throw new Error("The gateway must not touch the store");
  };
  return {
    snapshot: () => snapshot,
    subscribe: fail,
    get configPath(): string {
      return fail();
    },
    get databasePath(): string {
      return fail();
    },
    createDownstream: fail,
    updateDownstream: fail,
    deleteDownstream: fail,
    addModels: fail,
    removeModel: fail,
    createRule: fail,
    updateRule: fail,
    deleteRule: fail,
    createAlias: fail,
    updateAlias: fail,
    deleteAlias: fail,
    activateAlias: fail,
    reorderAliasGroups: fail,
    updateSettings: fail,
    reload: fail,
    get configError(): string {
      return fail();
    },
    close: fail,
  };
}

Deno.test("[e2e] the gateway serves requests while every store read except snapshot() throws", async () => {
  let store: Store | undefined;
  await withSetup(async ({ openai, anthropic }) => {
    const completion = await openai.chat.completions.create({
      model: "gpt-mock",
      messages: [{ role: "user", content: "hi" }],
    });
    assert.equal(completion.choices[0].message.content, "Hello");
    const message = await anthropic.messages.create({
      model: "claude-mock",
      max_tokens: 5,
      messages: [{ role: "user", content: "hi" }],
    });
    assert.equal(message.type, "message");
    assert.throws(() => store?.configPath, /must not touch/);
  }, {
    snapshot: (mock) => {
      const s = throwingStore(snapshotFor(mock));
      store = s;
      return () => s.snapshot();
    },
  });
});
