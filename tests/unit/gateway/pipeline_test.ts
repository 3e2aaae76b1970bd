import assert from "node:assert/strict";
import { z } from "zod";
import {
  bindPipeline,
  createEventTransform,
  planPipeline,
  runRequestPipeline,
  runResponsePipeline,
} from "../../../gateway/pipeline.ts";
import { compileRouting } from "../../../gateway/routing.ts";
import { matchRules } from "../../../gateway/match_rules.ts";
import { createLogger, GatewayError } from "../../../gateway/mod.ts";
import {
  type AnyPlugin,
  definePlugin,
  PluginError,
  PLUGINS,
  type Registry,
  type SseEvent,
} from "../../../plugins/mod.ts";
import type { ApiFormat, Downstream, Rule } from "../../../store/types.ts";
import { makeSnapshot } from "../../_helpers/gateway_server.ts";

/** A fake converter: tags the body and path so tests see that it ran. */
function fakeConverter(from: ApiFormat, to: ApiFormat): AnyPlugin {
  return definePlugin({
    id: `${from}2${to}`,
    description: "test converter",
    config: z.object({ tag: z.string().default("default") }),
    converts: { from, to },
    createState: () => ({ events: 0 }),
    transformRequest: (req, { config }) => ({
      ...req,
      path: `/${to}`,
      body: {
        ...req.body,
        converted: [
          ...(Array.isArray(req.body.converted) ? req.body.converted : []),
          `${from}>${to}:${config.tag}`,
        ],
      },
    }),
    transformResponse: (res) => ({
      ...res,
      body: { wrapped: res.body, by: `${from}2${to}` },
    }),
    transformStreamEvent: (event, { state }) => {
      state.events++;
      return [{ ...event, data: `${event.data}+${from}2${to}` }];
    },
    flushStream: ({ state }) => [{ event: "done", data: String(state.events) }],
  });
}

/** A plugin that appends its name to a header, so order is visible. */
function tracer(id: string): AnyPlugin {
  return definePlugin({
    id,
    description: "test tracer",
    config: z.object({}),
    transformRequest: (req) => {
      const headers = new Headers(req.headers);
      headers.set("x-trace", `${headers.get("x-trace") ?? ""}${id};`);
      return { ...req, headers };
    },
    transformResponse: (res) => {
      const headers = new Headers(res.headers);
      headers.set("x-trace", `${headers.get("x-trace") ?? ""}${id};`);
      return { ...res, headers };
    },
    transformStreamEvent: (event) => [event, { data: `${id}-extra` }],
  });
}

const REGISTRY: Registry = {
  custom_header: PLUGINS.custom_header,
  one: tracer("one"),
  two: tracer("two"),
  three: tracer("three"),
  openai2anthropic: fakeConverter("openai", "anthropic"),
  anthropic2openai: fakeConverter("anthropic", "openai"),
  openai2responses: fakeConverter("openai", "responses"),
};

function rule(id: string, plugins: string[], extra: Partial<Rule> = {}): Rule {
  return {
    id,
    name: id,
    patternPath: "*",
    patternModel: "",
    matchFormat: [],
    matchDownstreamFormat: [],
    matchDownstreams: [],
    isEnabled: true,
    pipelineConfig: plugins.map((pluginId) => ({
      pluginId,
      isEnabled: !pluginId.startsWith("!"),
      config: {},
    })).map((s) => ({ ...s, pluginId: s.pluginId.replace(/^!/, "") })),
    ...extra,
  };
}

function ds(apiFormats: ApiFormat[]): Downstream {
  return {
    id: "d",
    name: "d",
    apiFormats,
    baseUrl: "https://d.example",
    apiKey: "",
    outputModelIds: [],
  };
}

function plan(
  rules: Rule[],
  format: ApiFormat,
  apiFormats: ApiFormat[],
): { plugins: string[]; formatOut: ApiFormat } {
  const routing = compileRouting(
    makeSnapshot({ rules }),
    REGISTRY,
    createLogger({ sink: () => {} }),
  );
  const downstream = ds(apiFormats);
  const matched = matchRules(routing, {
    path: "/v1/chat/completions",
    model: "m",
    format,
    downstream,
  });
  const p = planPipeline(matched, { format, downstream, registry: REGISTRY });
  return { plugins: p.steps.map((s) => s.plugin.id), formatOut: p.formatOut };
}

interface Case {
  name: string;
  rules: Rule[];
  format: ApiFormat;
  apiFormats: ApiFormat[];
  want: { plugins: string[]; formatOut: ApiFormat };
}

const CASES: Case[] = [
  {
    name:
      "concatenates rule pipelines in priority order, skipping disabled steps",
    rules: [
      rule("star", ["three"]),
      rule("exact", ["one", "!two"], { patternPath: "/v1/chat/completions" }),
      rule("exact-model", ["two"], {
        patternPath: "/v1/chat/completions",
        patternModel: "m",
      }),
    ],
    format: "openai",
    apiFormats: ["openai"],
    want: { plugins: ["two", "one", "three"], formatOut: "openai" },
  },
  {
    name: "appends the converter when the downstream does not serve the format",
    rules: [rule("r", ["one"])],
    format: "openai",
    apiFormats: ["anthropic"],
    want: { plugins: ["one", "openai2anthropic"], formatOut: "anthropic" },
  },
  {
    name: "does not add a converter the rule pipeline already holds",
    rules: [rule("r", ["openai2anthropic", "one"])],
    format: "openai",
    apiFormats: ["anthropic"],
    want: { plugins: ["openai2anthropic", "one"], formatOut: "anthropic" },
  },
  {
    name: "never translates when api_formats is empty",
    rules: [],
    format: "anthropic",
    apiFormats: [],
    want: { plugins: [], formatOut: "anthropic" },
  },
  {
    name: "does not translate for a downstream listing both formats",
    rules: [],
    format: "anthropic",
    apiFormats: ["openai", "anthropic"],
    want: { plugins: [], formatOut: "anthropic" },
  },
  {
    name: "prefers the downstream's first listed format",
    rules: [],
    format: "openai",
    apiFormats: ["responses", "anthropic"],
    want: { plugins: ["openai2responses"], formatOut: "responses" },
  },
  {
    name: "falls back to a later listed format when the first has no converter",
    rules: [],
    format: "anthropic",
    apiFormats: ["responses", "openai"],
    want: { plugins: ["anthropic2openai"], formatOut: "openai" },
  },
  {
    name: "skips a rule's converter that does not take the request's format",
    rules: [rule("r", ["anthropic2openai"])],
    format: "openai",
    apiFormats: ["openai"],
    want: { plugins: [], formatOut: "openai" },
  },
];

for (const c of CASES) {
  Deno.test(`planPipeline() ${c.name}`, () => {
    assert.deepStrictEqual(plan(c.rules, c.format, c.apiFormats), c.want);
  });
}

Deno.test("planPipeline() throws not_implemented when no converter reaches the downstream", () => {
  assert.throws(
    () => plan([], "responses", ["anthropic"]),
    (err) => {
      assert.ok(err instanceof GatewayError);
      assert.equal(err.kind, "not_implemented");
      assert.match(err.message, /Cannot translate responses requests/);
      return true;
    },
  );
});

Deno.test("planPipeline() fails a rule whose plugin config does not parse", () => {
  const bad = rule("bad", []);
  const withStep: Rule = {
    ...bad,
    pipelineConfig: [{
      pluginId: "custom_header",
      isEnabled: true,
      config: { headers: { "bad name": "x" } },
    }],
  };
  assert.throws(() => plan([withStep], "openai", []), (err) => {
    assert.ok(err instanceof GatewayError);
    assert.equal(err.kind, "internal");
    assert.match(err.message, /pipeline_config\[0\]\.config\.headers/);
    return true;
  });
});

function bind(plugins: AnyPlugin[]) {
  return bindPipeline(
    plugins.map((plugin) => ({ plugin, config: plugin.config.parse({}) })),
    {
      requestId: "r1",
      log: createLogger({ sink: () => {} }),
      signal: new AbortController().signal,
      clientFormat: "openai",
      downstream: { id: "d", apiFormats: ["anthropic"] },
      stream: false,
    },
  );
}

Deno.test("runRequestPipeline() runs transforms in order and response transforms in reverse", async () => {
  const p = bind([tracer("one"), tracer("two")]);
  const out = await runRequestPipeline(p, {
    path: "/chat/completions",
    query: "",
    headers: new Headers(),
    body: { model: "m" },
  });
  assert.equal(out.kind, "forward");
  assert.equal(
    out.kind === "forward" && out.request.headers.get("x-trace"),
    "one;two;",
  );
  const res = await runResponsePipeline(p, {
    status: 200,
    headers: new Headers(),
    body: {},
  });
  assert.equal(res.headers.get("x-trace"), "two;one;");
});

Deno.test("runRequestPipeline() sends a short-circuit answer back through earlier steps only", async () => {
  const answering = definePlugin({
    id: "answering",
    description: "answers locally",
    config: z.object({}),
    transformRequest: () => ({
      respond: { status: 200, headers: new Headers(), body: { local: true } },
    }),
  });
  const p = bind([tracer("one"), answering, tracer("two")]);
  const out = await runRequestPipeline(p, {
    path: "/messages/count_tokens",
    query: "",
    headers: new Headers(),
    body: {},
  });
  assert.equal(out.kind, "respond");
  assert.equal(
    out.kind === "respond" && out.response.headers.get("x-trace"),
    "one;",
  );
});

Deno.test("runRequestPipeline() turns a PluginError into a GatewayError naming the plugin", async () => {
  const rejecting = definePlugin({
    id: "rejecting",
    description: "rejects",
    config: z.object({}),
    transformRequest: () => {
      throw new PluginError("temperature: must be at most 1");
    },
  });
  const failing = definePlugin({
    id: "failing",
    description: "fails",
    config: z.object({}),
    transformRequest: () => {
      throw new PluginError("broken", { kind: "internal" });
    },
  });
  const req = { path: "/x", query: "", headers: new Headers(), body: {} };
  await assert.rejects(runRequestPipeline(bind([rejecting]), req), (err) => {
    assert.ok(err instanceof GatewayError);
    assert.equal(err.kind, "invalid_request");
    assert.equal(err.message, "rejecting: temperature: must be at most 1");
    return true;
  });
  await assert.rejects(runRequestPipeline(bind([failing]), req), (err) => {
    assert.ok(err instanceof GatewayError);
    assert.equal(err.kind, "internal");
    assert.equal(err.message, "failing: broken");
    return true;
  });
});

Deno.test("createEventTransform() runs stream transforms last step first, then flushes with per-request state", async () => {
  const p = bind([tracer("one"), fakeConverter("openai", "anthropic")]);
  const input: SseEvent[] = [{ data: "a" }, { data: "b" }];
  const out: SseEvent[] = [];
  await ReadableStream.from(input)
    .pipeThrough(createEventTransform(p))
    .pipeTo(new WritableStream({ write: (e) => void out.push(e) }));
  assert.deepStrictEqual(out, [
    { data: "a+openai2anthropic" },
    { data: "one-extra" },
    { data: "b+openai2anthropic" },
    { data: "one-extra" },
    { event: "done", data: "2" },
    { data: "one-extra" },
  ]);
});
