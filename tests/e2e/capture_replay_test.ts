/**
 * Replays (issue 17) through the admin API: the captured request goes through the whole gateway
 * again — to its own route, to another downstream, as another model — without the client's key,
 * and is logged with `replay_of`; a request whose bodies were not captured, or whose body was
 * cut, is refused with a message that says why.
 */
import assert from "node:assert/strict";
import {
  type ApiServer,
  callJson,
  startApiServer,
} from "../_helpers/api_server.ts";
import { loggedEntries } from "../_helpers/gateway_server.ts";
import {
  type MockUpstream,
  startMockUpstream,
} from "../_helpers/mock_upstream.ts";
import type { ErrorJson, LogDetailJson, ReplayJson } from "../../store/mod.ts";

function config(mock: MockUpstream, capture: string): string {
  return `listen: 127.0.0.1:0
admin_password: pw
proxy_api_keys: [sk-client]
log_level: error
capture: ${capture}
downstreams:
  - id: oai
    api_formats: [openai]
    base_url: ${mock.url}/v1
    api_key: sk-oai
    output_model_ids: [gpt-a, gpt-b]
  - id: ant
    api_formats: [anthropic]
    base_url: ${mock.url}
    api_key: sk-ant
    output_model_ids: [claude-a]
aliases:
  - id: fast-ant
    input_model_id: fast
    downstream_id: ant
    output_model_id: claude-a
    is_active: true
`;
}

async function withServer(
  capture: string,
  fn: (server: ApiServer, mock: MockUpstream) => Promise<void>,
): Promise<void> {
  const mock = startMockUpstream();
  const server = await startApiServer({
    config: config(mock, capture),
    password: "pw",
  });
  try {
    await fn(server, mock);
  } finally {
    await server.close();
    await mock.close();
  }
}

async function chat(
  server: ApiServer,
  model: string,
  stream = false,
): Promise<string> {
  const res = await fetch(`${server.url}/v1/chat/completions?trace=1`, {
    method: "POST",
    headers: {
      "content-type": "application/json",
      authorization: "Bearer sk-client",
    },
    body: JSON.stringify({
      model,
      stream,
      messages: [{ role: "system", content: "be brief" }, {
        role: "user",
        content: "hi",
      }],
    }),
  });
  await res.text();
  return res.headers.get("x-tresor-request-id")!;
}

/** Sends a request that succeeds, then asserts that its replay is refused with `reason`. */
async function assertRefused(server: ApiServer, reason: RegExp): Promise<void> {
  const id = await chat(server, "gpt-a");
  await loggedEntries(server.requestLog, 1);
  const refused = await callJson(server, "POST", `/api/logs/${id}/replay`, {});
  assert.equal(refused.status, 409);
  assert.match((refused.body as ErrorJson).error, reason);
}

Deno.test("[e2e] a replay goes through the gateway again: same route, another downstream, another model", async () => {
  await withServer("{mode: all}", async (server, mock) => {
    const id = await chat(server, "fast");
    await loggedEntries(server.requestLog, 1);
    const same = await callJson(server, "POST", `/api/logs/${id}/replay`, {});
    assert.equal(same.status, 200, same.text);
    const sameJson = same.body as ReplayJson;
    assert.equal(sameJson.status, 200);
    assert.equal(
      (sameJson.body as { object: string }).object,
      "chat.completion",
    );
    const elsewhere =
      (await callJson(server, "POST", `/api/logs/${id}/replay`, {
        downstream_id: "oai",
      })).body as ReplayJson;
    const renamed = (await callJson(server, "POST", `/api/logs/${id}/replay`, {
      model: "gpt-b",
    })).body as ReplayJson;
    // The upstream got the translated request, then the same one in OpenAI format twice.
    assert.deepStrictEqual(
      mock.requests.map((r) => `${r.path} ${r.body?.model}`),
      [
        "/v1/messages claude-a",
        "/v1/messages claude-a",
        "/v1/chat/completions gpt-a",
        "/v1/chat/completions gpt-b",
      ],
    );
    // Without the client's key (an admin action), but with the rest of its headers and query.
    assert.equal(
      mock.requests[2].headers.get("authorization"),
      "Bearer sk-oai",
    );
    const entries = await loggedEntries(server.requestLog, 4);
    const byId = new Map(entries.map((e) => [e.id, e]));
    for (const replay of [sameJson, elsewhere, renamed]) {
      assert.equal(byId.get(replay.log_id)?.replay_of, id);
    }
    assert.equal(byId.get(elsewhere.log_id)?.downstream, "oai");
    assert.equal(byId.get(renamed.log_id)?.model_requested, "gpt-b");
    const detail =
      (await callJson(server, "GET", `/api/logs/${elsewhere.log_id}`))
        .body as LogDetailJson;
    assert.equal(detail.replay_of, id);
    assert.equal(detail.capture?.received.url, "/v1/chat/completions?trace=1");
  });
});

Deno.test("[e2e] a stream replays as its SSE text", async () => {
  await withServer("{mode: all}", async (server) => {
    const id = await chat(server, "gpt-a", true);
    await loggedEntries(server.requestLog, 1);
    const replay = (await callJson(server, "POST", `/api/logs/${id}/replay`, {
      downstream_id: "ant",
    })).body as ReplayJson;
    assert.equal(typeof replay.body, "string");
    assert.match(String(replay.body), /^data: .*chat\.completion\.chunk/);
    assert.match(String(replay.body), /data: \[DONE\]\n\n$/);
  });
});

Deno.test("[e2e] a replay is refused, saying why, when nothing was captured or the choice is wrong", async () => {
  await withServer("{mode: errors}", async (server) => {
    await assertRefused(
      server,
      /its bodies were not captured \(capture\.mode "errors" keeps failed requests only/,
    );
    const unknown = await callJson(server, "POST", "/api/logs/nope/replay", {});
    assert.equal(unknown.status, 404);
    const failed = await chat(server, "no-such-model");
    const badTarget = await callJson(
      server,
      "POST",
      `/api/logs/${failed}/replay`,
      { downstream_id: "gone" },
    );
    assert.equal(badTarget.status, 400);
    assert.equal((badTarget.body as ErrorJson).field, "downstream_id");
    const badModel = await callJson(
      server,
      "POST",
      `/api/logs/${failed}/replay`,
      { model: 7 },
    );
    assert.equal((badModel.body as ErrorJson).field, "model");
    // The failed request was captured: replayed as it was, it fails the same way.
    const again =
      (await callJson(server, "POST", `/api/logs/${failed}/replay`, {}))
        .body as ReplayJson;
    assert.equal(again.status, 404);
  });
});

Deno.test("[e2e] a request whose body was cut at max_body_bytes is not replayed", async () => {
  await withServer("{mode: all, max_body_bytes: 32}", async (server) => {
    await assertRefused(server, /its body was cut at capture\.max_body_bytes/);
  });
});
