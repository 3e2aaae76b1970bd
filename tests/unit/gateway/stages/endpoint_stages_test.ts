/**
 * The small stages: `refuseWebSocket`, `requireMethod`, `listModels`, `getStoredResponse` and
 * `refuseUnknownPath`, each over a fake context.
 */
import assert from "node:assert/strict";
import { refuseWebSocket } from "../../../../gateway/stages/refuse_web_socket.ts";
import { requireMethod } from "../../../../gateway/stages/require_method.ts";
import { listModels } from "../../../../gateway/stages/list_models.ts";
import { getStoredResponse } from "../../../../gateway/stages/get_stored_response.ts";
import { refuseUnknownPath } from "../../../../gateway/stages/refuse_unknown_path.ts";
import { GatewayError } from "../../../../gateway/errors.ts";
import type { ResponseStore, StoredResponse } from "../../../../plugins/mod.ts";
import { fakeContext } from "../../../_helpers/fake_context.ts";

function isKind(kind: string) {
  return (err: unknown) => err instanceof GatewayError && err.kind === kind;
}

Deno.test("refuseWebSocket() refuses a WebSocket upgrade of /v1/responses with upgrade_required, and nothing else", () => {
  const upgrade = { upgrade: "websocket", connection: "upgrade" };
  const ws = fakeContext({
    request: new Request("http://gateway.test/v1/responses", {
      headers: upgrade,
    }),
  });
  assert.throws(() => refuseWebSocket(ws.ctx), isKind("upgrade_required"));
  const chat = fakeContext({
    request: new Request("http://gateway.test/v1/chat/completions", {
      headers: upgrade,
    }),
  });
  refuseWebSocket(chat.ctx);
  const post = fakeContext({
    request: new Request("http://gateway.test/v1/responses", {
      method: "POST",
      body: "{}",
    }),
  });
  refuseWebSocket(post.ctx);
  return post.ctx.req.body?.cancel();
});

Deno.test("requireMethod() passes the route's method and refuses another with method_not_allowed", async () => {
  const post = fakeContext({
    request: new Request("http://gateway.test/v1/messages", {
      method: "POST",
      body: "{}",
    }),
  });
  assert.equal(requireMethod(post.ctx), undefined);
  await post.ctx.req.body?.cancel();
  const put = fakeContext({
    request: new Request("http://gateway.test/v1/messages", {
      method: "PUT",
      body: "{}",
    }),
  });
  await assert.rejects(
    Promise.resolve(requireMethod(put.ctx)),
    (err) =>
      isKind("method_not_allowed")(err) &&
      (err as Error).message === 'Cannot PUT "/v1/messages": use POST',
  );
  assert.equal(put.ctx.req.bodyUsed, true);
});

Deno.test("listModels() answers with the snapshot's model list and records it", async () => {
  const { ctx, requestLog } = fakeContext({
    request: new Request("http://gateway.test/v1/models"),
  });
  listModels(ctx);
  const body = await ctx.response!.json();
  assert.deepStrictEqual(body.data.map((m: { id: string }) => m.id), [
    "gpt-x",
    "oai/gpt-x",
  ]);
  assert.equal(requestLog.list()[0].status, 200);
});

Deno.test("getStoredResponse() answers a kept response, and OpenAI's 404 for an unknown id", async () => {
  const kept1: StoredResponse = {
    id: "resp_1",
    createdAt: 0,
    response: { id: "resp_1", object: "response" },
    input: [],
  };
  const responses: ResponseStore = {
    get: (id) => Promise.resolve(id === "resp_1" ? kept1 : undefined),
    put: () => {},
  };
  const kept = fakeContext({
    request: new Request("http://gateway.test/v1/responses/resp_1"),
    responses,
  });
  await getStoredResponse(kept.ctx);
  assert.deepStrictEqual(await kept.ctx.response!.json(), {
    id: "resp_1",
    object: "response",
  });
  const unknown = fakeContext({
    request: new Request("http://gateway.test/v1/responses/resp_2"),
    responses,
  });
  await getStoredResponse(unknown.ctx);
  assert.equal(unknown.ctx.response!.status, 404);
  assert.equal(
    (await unknown.ctx.response!.json()).error.message,
    "Response with id 'resp_2' not found.",
  );
  assert.equal(unknown.requestLog.list()[0].error, "Response not found");
});

Deno.test("refuseUnknownPath() refuses with not_found naming the path", () => {
  const { ctx } = fakeContext({
    request: new Request("http://gateway.test/v2/other"),
  });
  assert.throws(
    () => refuseUnknownPath(ctx),
    (err) =>
      isKind("not_found")(err) &&
      (err as Error).message === 'Cannot serve "/v2/other": not a gateway path',
  );
});
