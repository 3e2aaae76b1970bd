import assert from "node:assert/strict";
import { compileRouting } from "../../../gateway/routing.ts";
import { MAX_CACHED_PLANS, PlanCache } from "../../../gateway/plan_cache.ts";
import { findRoute } from "../../../gateway/paths.ts";
import { createLogger, GatewayError } from "../../../gateway/mod.ts";
import { PLUGINS, type Registry } from "../../../plugins/mod.ts";
import type { Downstream, Rule } from "../../../store/types.ts";
import { makeSnapshot } from "../../_helpers/gateway_server.ts";

const log = createLogger({ sink: () => {} });
const CHAT = findRoute("/v1/chat/completions")!;

const ANT: Downstream = {
  id: "ant",
  name: "ant",
  apiFormats: ["anthropic"],
  baseUrl: "https://ant.example",
  apiKey: "",
  outputModelIds: [],
};

const HEADER_RULE: Rule = {
  id: "r1",
  name: "r1",
  patternPath: "/v1/chat/completions",
  patternModel: "gpt-4o",
  matchFormat: [],
  matchDownstreamFormat: [],
  matchDownstreams: [],
  isEnabled: true,
  pipelineConfig: [{
    pluginId: "custom_header",
    isEnabled: true,
    config: { headers: { "x-a": "1" } },
  }],
};

function routingWith(rules: Rule[]) {
  return compileRouting(makeSnapshot({ rules }), PLUGINS, log);
}

/** The plan target of a request served by `ANT` as `model`. */
function toAnt(model: string) {
  return { downstream: ANT, forwardedModel: model };
}

Deno.test("PlanCache plans once per (path, model, downstream) and routing", () => {
  const cache = new PlanCache(PLUGINS);
  const routing = routingWith([HEADER_RULE]);
  const first = cache.get(routing, CHAT, "gpt-4o", toAnt("gpt-4o"));
  assert.deepEqual(first.ruleIds, ["r1"]);
  assert.deepEqual(first.pluginIds, ["custom_header", "openai2anthropic"]);
  assert.equal(first.plan.formatOut, "anthropic");
  // The same question is answered from the cache, a different model is planned anew.
  assert.equal(
    cache.get(routing, CHAT, "gpt-4o", toAnt("gpt-4o")),
    first,
  );
  const other = cache.get(routing, CHAT, "gpt-4o-mini", toAnt("gpt-4o-mini"));
  assert.deepEqual(other.ruleIds, []);
  assert.deepEqual(other.pluginIds, ["openai2anthropic"]);
  // A new snapshot's routing (rules changed) starts over.
  const changed = routingWith([]);
  const replanned = cache.get(changed, CHAT, "gpt-4o", toAnt("gpt-4o"));
  assert.notEqual(replanned, first);
  assert.deepEqual(replanned.ruleIds, []);
});

Deno.test("PlanCache starts over when full, so client-chosen models cannot grow it", () => {
  const cache = new PlanCache(PLUGINS);
  const routing = routingWith([]);
  const first = cache.get(routing, CHAT, "model-0", toAnt("model-0"));
  for (let i = 1; i < MAX_CACHED_PLANS; i++) {
    cache.get(routing, CHAT, `model-${i}`, toAnt(`model-${i}`));
  }
  assert.equal(
    cache.get(routing, CHAT, "model-0", toAnt("model-0")),
    first,
  );
  // One more model fills it: the next lookup of an old one is planned again.
  cache.get(
    routing,
    CHAT,
    `model-${MAX_CACHED_PLANS}`,
    toAnt(`model-${MAX_CACHED_PLANS}`),
  );
  assert.notEqual(
    cache.get(routing, CHAT, "model-0", toAnt("model-0")),
    first,
  );
});

Deno.test("PlanCache does not cache a failed plan", () => {
  // A registry without converters: an OpenAI request cannot reach an Anthropic downstream.
  const bare: Registry = Object.fromEntries(
    Object.entries(PLUGINS).filter(([, plugin]) => !plugin.converts),
  );
  const cache = new PlanCache(bare);
  const routing = compileRouting(makeSnapshot({}), bare, log);
  for (let i = 0; i < 2; i++) {
    assert.throws(
      () => cache.get(routing, CHAT, "gpt-4o", toAnt("gpt-4o")),
      (err) => err instanceof GatewayError && err.kind === "not_implemented",
    );
  }
});
