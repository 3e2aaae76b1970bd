import assert from "node:assert/strict";
import { compileRouting } from "../../../gateway/routing.ts";
import { matchRules, type RuleQuery } from "../../../gateway/match_rules.ts";
import { createLogger } from "../../../gateway/mod.ts";
import { PLUGINS } from "../../../plugins/mod.ts";
import type { Downstream, Rule } from "../../../store/types.ts";
import { makeSnapshot } from "../../_helpers/gateway_server.ts";

function rule(id: string, extra: Partial<Rule> = {}): Rule {
  return {
    id,
    name: id,
    patternPath: "/v1/chat/completions",
    patternModel: "",
    matchFormat: [],
    matchDownstreamFormat: [],
    matchDownstreams: [],
    isEnabled: true,
    pipelineConfig: [],
    ...extra,
  };
}

const ANT: Downstream = {
  id: "ant",
  name: "ant",
  apiFormats: ["anthropic"],
  baseUrl: "https://ant.example",
  apiKey: "",
  outputModelIds: [],
};
const BOTH: Downstream = {
  ...ANT,
  id: "both",
  apiFormats: ["openai", "anthropic"],
};

const log = createLogger({ sink: () => {} });

function match(rules: Rule[], query: Partial<RuleQuery> = {}): string[] {
  const routing = compileRouting(makeSnapshot({ rules }), PLUGINS, log);
  return matchRules(routing, {
    path: "/v1/chat/completions",
    model: "gpt-4o",
    format: "openai",
    downstream: ANT,
    ...query,
  }).map((r) => r.rule.id);
}

interface Case {
  name: string;
  rules: Rule[];
  query?: Partial<RuleQuery>;
  want: string[];
}

const CASES: Case[] = [
  {
    name:
      "orders exact path + model, exact path, then `*`, stored order within each",
    rules: [
      rule("star", { patternPath: "*" }),
      rule("path-1"),
      rule("path-model", { patternModel: "gpt-4o" }),
      rule("star-model", { patternPath: "*", patternModel: "gpt-4o" }),
      rule("path-2"),
    ],
    want: ["path-model", "path-1", "path-2", "star", "star-model"],
  },
  {
    name: "accepts a rule path written without /v1",
    rules: [rule("short", { patternPath: "/chat/completions" })],
    want: ["short"],
  },
  {
    name: "skips other paths",
    rules: [rule("messages", { patternPath: "/v1/messages" })],
    want: [],
  },
  {
    name: "skips disabled rules",
    rules: [rule("off", { isEnabled: false })],
    want: [],
  },
  {
    name: "compares pattern_model with the client's model",
    rules: [
      rule("m", { patternModel: "gpt-4o" }),
      rule("other", { patternModel: "o3" }),
    ],
    want: ["m"],
  },
  {
    name: "filters by match_format",
    rules: [
      rule("openai", { matchFormat: ["openai"] }),
      rule("anthropic", { matchFormat: ["anthropic"] }),
    ],
    want: ["openai"],
  },
  {
    name: "filters by match_downstream_format",
    rules: [
      rule("to-ant", { matchDownstreamFormat: ["anthropic"] }),
      rule("to-openai", { matchDownstreamFormat: ["openai"] }),
    ],
    want: ["to-ant"],
  },
  {
    name: "matches match_downstream_format on any overlap",
    rules: [
      rule("to-openai", { matchDownstreamFormat: ["openai", "responses"] }),
    ],
    query: { downstream: BOTH },
    want: ["to-openai"],
  },
  {
    name: "filters by match_downstreams",
    rules: [
      rule("ant", { matchDownstreams: ["ant"] }),
      rule("other", { matchDownstreams: ["other"] }),
    ],
    want: ["ant"],
  },
  {
    name: "treats empty match lists as any",
    rules: [rule("any")],
    query: { format: "anthropic", downstream: BOTH },
    want: ["any"],
  },
];

for (const c of CASES) {
  Deno.test(`matchRules() ${c.name}`, () => {
    assert.deepStrictEqual(match(c.rules, c.query), c.want);
  });
}
