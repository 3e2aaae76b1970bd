import assert from "node:assert/strict";
import OpenAI from "openai";
import Anthropic from "@anthropic-ai/sdk";
import {
  type MockUpstream,
  startMockUpstream,
} from "../_helpers/mock_upstream.ts";
import {
  type GatewayServer,
  loggedEntries,
  makeSnapshot,
  startGateway,
} from "../_helpers/gateway_server.ts";
import type { RoutingSnapshot } from "../../store/types.ts";
import { anthropicClient, openAiClient } from "../_helpers/sdk_clients.ts";

const PROXY_KEY = "sk-proxy-client";
const OPENAI_KEY = "sk-openai-downstream";
const ANTHROPIC_KEY = "sk-ant-downstream";

interface Setup {
  openaiMock: MockUpstream;
  anthropicMock: MockUpstream;
  gw: GatewayServer;
  openai: OpenAI;
  anthropic: Anthropic;
}

function snapshotFor(
  openaiMock: MockUpstream,
  anthropicMock: MockUpstream,
): RoutingSnapshot {
  return makeSnapshot({
    settings: { proxyApiKeys: [PROXY_KEY] },
    downstreams: [
      {
        id: "oai",
        name: "OpenAI mock",
        apiFormats: ["openai", "responses"],
        baseUrl: `${openaiMock.url}/v1`,
        apiKey: OPENAI_KEY,
        outputModelIds: ["gpt-mock"],
      },
      {
        id: "ant",
        name: "Anthropic mock",
        apiFormats: ["anthropic"],
        baseUrl: anthropicMock.url,
        apiKey: ANTHROPIC_KEY,
        outputModelIds: ["claude-mock"],
      },
    ],
    aliases: [
      {
        id: "fast",
        inputModelId: "fast",
        downstreamId: "oai",
        outputModelId: "gpt-mock",
        isActive: true,
        isRegex: false,
        groupOrder: 0,
        failover: false,
      },
      {
        id: "fast-ant",
        inputModelId: "fast",
        downstreamId: "ant",
        outputModelId: "claude-mock",
        isActive: false,
        isRegex: false,
        groupOrder: 0,
        failover: false,
      },
      {
        id: "any-claude",
        inputModelId: "^claude-3",
        downstreamId: "ant",
        outputModelId: "claude-mock",
        isActive: true,
        isRegex: true,
        groupOrder: 1,
        failover: false,
      },
    ],
    rules: [{
      id: "team-header",
      name: "Team header",
      patternPath: "/v1/chat/completions",
      patternModel: "",
      matchFormat: [],
      matchDownstreamFormat: [],
      matchDownstreams: [],
      isEnabled: true,
      pipelineConfig: [{
        pluginId: "custom_header",
        isEnabled: true,
        config: { headers: { "x-team": "research", "x-drop-me": null } },
      }],
    }],
  });
}

async function withSetup(
  fn: (s: Setup) => Promise<void>,
  key = PROXY_KEY,
): Promise<void> {
  const openaiMock = startMockUpstream();
  const anthropicMock = startMockUpstream();
  const gw = startGateway(snapshotFor(openaiMock, anthropicMock));
  try {
    await fn({
      openaiMock,
      anthropicMock,
      gw,
      openai: openAiClient(gw.url, key),
      anthropic: anthropicClient(gw.url, key),
    });
  } finally {
    await gw.close();
    await openaiMock.close();
    await anthropicMock.close();
  }
}

Deno.test("[e2e] gateway passes an OpenAI chat completion through with the downstream key", async () => {
  await withSetup(async ({ openai, openaiMock, gw }) => {
    const completion = await openai.chat.completions.create({
      model: "gpt-mock",
      messages: [{ role: "user", content: "hi" }],
    });
    assert.equal(completion.choices[0].message.content, "Hello");
    assert.equal(openaiMock.requests.length, 1);
    const seen = openaiMock.requests[0];
    assert.equal(seen.path, "/v1/chat/completions");
    assert.equal(seen.headers.get("authorization"), `Bearer ${OPENAI_KEY}`);
    assert.equal(seen.headers.get("x-api-key"), null);
    assert.ok(!seen.text.includes(PROXY_KEY));
    assert.ok(![...seen.headers.values()].some((v) => v.includes(PROXY_KEY)));
    assert.equal(seen.body?.model, "gpt-mock");
    const [entry] = await loggedEntries(gw.requestLog);
    assert.equal(entry.status, 200);
    assert.equal(entry.downstream, "oai");
    assert.equal(entry.input_tokens, 11);
    assert.equal(entry.output_tokens, 7);
    assert.deepStrictEqual(entry.rules, ["team-header"]);
    assert.deepStrictEqual(entry.plugins, ["custom_header"]);
  });
});

Deno.test("[e2e] gateway passes the request body through byte for byte when nothing changes it", async () => {
  await withSetup(async ({ gw, anthropicMock }) => {
    const raw =
      '{ "model" : "claude-mock",\n "max_tokens": 5, "messages": [{"role":"user","content":"hi"}], "extra_field": {"kept": true} }';
    const res = await fetch(`${gw.url}/v1/messages`, {
      method: "POST",
      headers: { "x-api-key": PROXY_KEY, "content-type": "application/json" },
      body: raw,
    });
    assert.equal(res.status, 200);
    await res.body?.cancel();
    assert.equal(anthropicMock.requests[0].text, raw);
    assert.ok(res.headers.get("x-tresor-request-id"));
  });
});

Deno.test("[e2e] gateway passes an Anthropic message through with x-api-key and anthropic-version", async () => {
  await withSetup(async ({ anthropic, anthropicMock }) => {
    const message = await anthropic.messages.create({
      model: "claude-mock",
      max_tokens: 16,
      messages: [{ role: "user", content: "hi" }],
    });
    assert.deepStrictEqual(message.content, [{ type: "text", text: "Hello" }]);
    const seen = anthropicMock.requests[0];
    assert.equal(seen.path, "/v1/messages");
    assert.equal(seen.headers.get("x-api-key"), ANTHROPIC_KEY);
    assert.equal(seen.headers.get("authorization"), null);
    assert.ok(seen.headers.get("anthropic-version"));
  });
});

Deno.test("[e2e] gateway streams an OpenAI chat completion through", async () => {
  await withSetup(async ({ openai, gw }) => {
    const stream = await openai.chat.completions.create({
      model: "gpt-mock",
      messages: [{ role: "user", content: "hi" }],
      stream: true,
      stream_options: { include_usage: true },
    });
    let text = "";
    for await (const chunk of stream) {
      text += chunk.choices[0]?.delta?.content ?? "";
    }
    assert.equal(text, "Hello");
    const [entry] = await loggedEntries(gw.requestLog);
    assert.equal(entry.streamed, true);
    assert.equal(entry.input_tokens, 11);
    assert.equal(entry.output_tokens, 7);
  });
});

Deno.test("[e2e] gateway streams an Anthropic message through", async () => {
  await withSetup(async ({ anthropic, gw }) => {
    const stream = anthropic.messages.stream({
      model: "claude-mock",
      max_tokens: 16,
      messages: [{ role: "user", content: "hi" }],
    });
    const message = await stream.finalMessage();
    assert.deepStrictEqual(message.content, [{ type: "text", text: "Hello" }]);
    const [entry] = await loggedEntries(gw.requestLog);
    assert.equal(entry.streamed, true);
    assert.equal(entry.input_tokens, 13);
    assert.equal(entry.output_tokens, 5);
  });
});

Deno.test("[e2e] gateway rewrites the model through an exact alias", async () => {
  await withSetup(async ({ openai, openaiMock, anthropicMock, gw }) => {
    const completion = await openai.chat.completions.create({
      model: "fast",
      messages: [{ role: "user", content: "hi" }],
    });
    assert.equal(completion.model, "gpt-mock");
    assert.equal(openaiMock.requests[0].body?.model, "gpt-mock");
    assert.equal(anthropicMock.requests.length, 0);
    const [entry] = await loggedEntries(gw.requestLog);
    assert.equal(entry.alias, "fast");
    assert.equal(entry.model_requested, "fast");
    assert.equal(entry.model_forwarded, "gpt-mock");
  });
});

Deno.test("[e2e] gateway rewrites the model through a regex alias", async () => {
  await withSetup(async ({ anthropic, anthropicMock }) => {
    await anthropic.messages.create({
      model: "claude-3-opus-latest",
      max_tokens: 16,
      messages: [{ role: "user", content: "hi" }],
    });
    assert.equal(anthropicMock.requests[0].body?.model, "claude-mock");
  });
});

Deno.test("[e2e] gateway answers an unknown model with the SDK's NotFoundError", async () => {
  await withSetup(async ({ openai, anthropic }) => {
    await assert.rejects(
      openai.chat.completions.create({
        model: "nope",
        messages: [{ role: "user", content: "hi" }],
      }),
      (err) => {
        assert.ok(err instanceof OpenAI.NotFoundError);
        assert.match(err.message, /unknown model/);
        return true;
      },
    );
    await assert.rejects(
      anthropic.messages.create({
        model: "nope",
        max_tokens: 5,
        messages: [{ role: "user", content: "hi" }],
      }),
      (err) => {
        assert.ok(err instanceof Anthropic.NotFoundError);
        return true;
      },
    );
  });
});

Deno.test("[e2e] gateway answers a wrong key with the SDK's AuthenticationError", async () => {
  await withSetup(async ({ openai, anthropic, openaiMock }) => {
    await assert.rejects(
      openai.chat.completions.create({
        model: "gpt-mock",
        messages: [{ role: "user", content: "hi" }],
      }),
      OpenAI.AuthenticationError,
    );
    await assert.rejects(
      anthropic.messages.create({
        model: "claude-mock",
        max_tokens: 5,
        messages: [{ role: "user", content: "hi" }],
      }),
      Anthropic.AuthenticationError,
    );
    assert.equal(openaiMock.requests.length, 0);
  }, "sk-wrong");
});

Deno.test("[e2e] custom_header sets and removes headers on the upstream request", async () => {
  await withSetup(async ({ gw, openaiMock }) => {
    const res = await fetch(`${gw.url}/v1/chat/completions`, {
      method: "POST",
      headers: {
        authorization: `Bearer ${PROXY_KEY}`,
        "content-type": "application/json",
        "x-drop-me": "1",
        cookie: "session=secret",
      },
      body: JSON.stringify({ model: "gpt-mock", messages: [] }),
    });
    await res.body?.cancel();
    const seen = openaiMock.requests[0].headers;
    assert.equal(seen.get("x-team"), "research");
    assert.equal(seen.get("x-drop-me"), null);
    assert.equal(seen.get("cookie"), null);
  });
});

Deno.test("[e2e] /v1/models lists downstream models, exact alias ids and downstream/model ids", async () => {
  await withSetup(async ({ openai, gw }) => {
    const ids: string[] = [];
    for await (const model of openai.models.list()) ids.push(model.id);
    assert.deepStrictEqual(ids, [
      "gpt-mock",
      "claude-mock",
      "fast",
      "oai/gpt-mock",
      "ant/claude-mock",
    ]);
    const res = await fetch(`${gw.url}/models`, {
      headers: { "x-api-key": PROXY_KEY },
    });
    assert.deepStrictEqual(await res.json(), {
      object: "list",
      data: [
        { id: "gpt-mock", object: "model", created: 0, owned_by: "oai" },
        { id: "claude-mock", object: "model", created: 0, owned_by: "ant" },
        { id: "fast", object: "model", created: 0, owned_by: "tresor" },
        { id: "oai/gpt-mock", object: "model", created: 0, owned_by: "oai" },
        {
          id: "ant/claude-mock",
          object: "model",
          created: 0,
          owned_by: "ant",
        },
      ],
    });
  });
});

Deno.test("[e2e] fetchUpstream() calls a downstream with its URL convention and credentials", async () => {
  await withSetup(async ({ gw, openaiMock, anthropicMock }) => {
    const ant = await gw.gateway.fetchUpstream("ant", "/models");
    assert.equal(ant.status, 200);
    await ant.body?.cancel();
    assert.equal(anthropicMock.requests[0].path, "/v1/models");
    assert.equal(
      anthropicMock.requests[0].headers.get("x-api-key"),
      ANTHROPIC_KEY,
    );
    const oai = await gw.gateway.fetchUpstream("oai", "/models");
    assert.deepStrictEqual((await oai.json()).data[0].id, "mock-model");
    assert.equal(openaiMock.requests[0].path, "/v1/models");
    assert.equal(
      openaiMock.requests[0].headers.get("authorization"),
      `Bearer ${OPENAI_KEY}`,
    );
    await assert.rejects(
      gw.gateway.fetchUpstream("nope", "/models"),
      /no such downstream/,
    );
  });
});
