import assert from "node:assert/strict";
import { CCR_API_KEY, ccrConfig } from "../../../bench/ccr.ts";
import { PEER_NAMES } from "../../../bench/peer.ts";
import { createWorkloads, WORKLOAD_NAMES } from "../../../bench/workloads.ts";

const MOCK = "http://127.0.0.1:4321";

interface Provider {
  name: string;
  models: string[];
  api_base_url?: string;
  capabilities?: { type: string; baseUrl: string }[];
}

Deno.test("claude-code-router is configured with the mock as its OpenAI and its Anthropic provider, on loopback only", () => {
  const config = ccrConfig(MOCK, 5555) as {
    HOST: string;
    PORT: number;
    APIKEY: string;
    Providers: Provider[];
  };
  assert.equal(config.HOST, "127.0.0.1");
  assert.equal(config.PORT, 5555);
  assert.equal(config.APIKEY, CCR_API_KEY);
  const urls = config.Providers.flatMap((p) => [
    p.api_base_url,
    ...(p.capabilities ?? []).map((c) => c.baseUrl),
  ]).filter(Boolean);
  assert.deepStrictEqual(urls, [`${MOCK}/v1/chat/completions`, MOCK]);
  assert.deepStrictEqual(
    config.Providers.flatMap((p) => p.capabilities ?? []).map((c) => c.type),
    ["anthropic_messages"],
  );
});

Deno.test("every workload sends claude-code-router its key and a model it serves, in the client's own format", () => {
  const config = ccrConfig(MOCK, 5555) as { Providers: Provider[] };
  const models = config.Providers.flatMap((p) => p.models);
  for (const w of createWorkloads(MOCK)) {
    const ccr = w.requests.ccr;
    assert.ok(ccr, w.name);
    const tresor = w.requests.tresor!;
    assert.equal(ccr.path, tresor.path, w.name);
    const body = JSON.parse(ccr.body);
    assert.equal(body.model, JSON.parse(tresor.body).model, w.name);
    assert.ok(models.includes(body.model), `${w.name}: ${body.model}`);
    assert.equal(body.stream === true, w.stream, w.name);
    const key = ccr.path === "/v1/messages"
      ? ccr.headers["x-api-key"]
      : ccr.headers.authorization?.replace(/^Bearer /, "");
    assert.equal(key, CCR_API_KEY, w.name);
  }
});

Deno.test("a peer without a request for a workload says why, and one with a request says nothing", () => {
  const workloads = createWorkloads(MOCK);
  assert.deepStrictEqual(workloads.map((w) => w.name), [...WORKLOAD_NAMES]);
  for (const w of workloads) {
    for (const peer of PEER_NAMES) {
      assert.equal(
        w.requests[peer] === undefined,
        typeof w.unsupported?.[peer] === "string",
        `${w.name}/${peer}`,
      );
    }
  }
  assert.deepStrictEqual(
    workloads.filter((w) => !w.requests.portkey).map((w) => w.name),
    ["anthropic_to_openai_json", "anthropic_to_openai"],
  );
});
