import assert from "node:assert/strict";
import { moveItem, slug, uniqueId } from "../../../islands/_reorder.ts";
import {
  defaultConfig,
  toFields,
  validateConfig,
} from "../../../islands/_schema.ts";
import { autoConverter, previewAutoSteps } from "../../../islands/_pipeline.ts";
import { toGroups } from "../../../islands/_AliasGroup.tsx";
import { entryMatches, mergeEntries } from "../../../islands/_log_entries.ts";
import type { LogEntryJson, PluginJson } from "../../../store/mod.ts";
import { listPlugins, PLUGINS } from "../../../plugins/mod.ts";
import { toPluginJson } from "../../../routes/_json.ts";

Deno.test("moveItem() moves and clamps", () => {
  assert.deepStrictEqual(moveItem(["a", "b", "c"], 0, 2), ["b", "c", "a"]);
  assert.deepStrictEqual(moveItem(["a", "b", "c"], 2, 0), ["c", "a", "b"]);
  assert.deepStrictEqual(moveItem(["a", "b"], 1, 9), ["a", "b"]);
  assert.deepStrictEqual(moveItem(["a", "b"], 5, 0), ["a", "b"]);
});

Deno.test("slug() and uniqueId() make valid, unused ids", () => {
  assert.equal(slug(" GPT 4o / Claude! "), "gpt-4o-claude");
  assert.equal(slug("!!!"), "item");
  assert.equal(uniqueId("a", new Set(["a", "a-2"])), "a-3");
});

const PLUGIN_PROPS = listPlugins(PLUGINS).map(toPluginJson);
const CUSTOM_HEADER = PLUGIN_PROPS.find((p) => p.id === "custom_header")!;

Deno.test("toFields() reads custom_header's schema as a record field", () => {
  const fields = toFields(CUSTOM_HEADER.config_schema);
  assert.equal(fields.length, 1);
  assert.equal(fields[0].name, "headers");
  assert.equal(fields[0].type.kind, "record");
  assert.deepStrictEqual(defaultConfig(CUSTOM_HEADER.config_schema), {
    headers: {},
  });
});

const SCHEMA = {
  type: "object",
  required: ["mode", "count"],
  properties: {
    mode: { type: "string", enum: ["a", "b"] },
    count: { type: "integer", minimum: 1 },
    name: {
      anyOf: [{ type: "string", pattern: "^[a-z]+$" }, { type: "null" }],
    },
    on: { type: "boolean", default: true },
    tags: { type: "array", items: { type: "string" } },
  },
};

const VALIDATION_CASES: [
  string,
  Record<string, unknown>,
  Record<string, string>,
][] = [
  [
    "accepts a valid config",
    { mode: "a", count: 2, name: "abc", tags: ["x"] },
    {},
  ],
  ["requires required fields", {}, { mode: "Required", count: "Required" }],
  ["checks enum, integer and pattern", { mode: "z", count: 1.5, name: "A1" }, {
    mode: "Must be one of a, b",
    count: "Must be a whole number",
    name: "Must match ^[a-z]+$",
  }],
  ["checks minimum", { mode: "a", count: 0 }, { count: "Must be at least 1" }],
];

for (const [name, config, want] of VALIDATION_CASES) {
  Deno.test(`validateConfig() ${name}`, () => {
    const fields = toFields(SCHEMA);
    // deno-lint-ignore no-explicit-any -- test input deliberately holds wrong types
    assert.deepStrictEqual(validateConfig(fields, config as any), want);
  });
}

Deno.test("toFields() maps kinds and unwraps nullable", () => {
  assert.deepStrictEqual(
    toFields(SCHEMA).map((f) => [f.name, f.type.kind, f.required]),
    [
      ["mode", "enum", true],
      ["count", "number", true],
      ["name", "string", false],
      ["on", "boolean", false],
      ["tags", "list", false],
    ],
  );
});

const CONVERTERS: PluginJson[] = [
  {
    id: "o2a",
    description: "",
    converts: { from: "openai", to: "anthropic" },
    config_schema: {},
  },
  {
    id: "a2o",
    description: "",
    converts: { from: "anthropic", to: "openai" },
    config_schema: {},
  },
  { id: "hdr", description: "", converts: null, config_schema: {} },
];

Deno.test("autoConverter() appends the converter the downstream needs, once", () => {
  assert.equal(autoConverter([], CONVERTERS, "openai", ["anthropic"]), "o2a");
  assert.equal(
    autoConverter([], CONVERTERS, "openai", ["openai", "anthropic"]),
    null,
  );
  assert.equal(autoConverter([], CONVERTERS, "openai", []), null);
  assert.equal(
    autoConverter(
      [{ plugin_id: "o2a", is_enabled: true, config: {} }],
      CONVERTERS,
      "openai",
      ["anthropic"],
    ),
    null,
  );
  assert.equal(
    autoConverter([], CONVERTERS, "responses", ["anthropic"]),
    "missing",
  );
});

Deno.test("previewAutoSteps() covers the matched formats and downstreams", () => {
  const rows = previewAutoSteps({
    steps: [],
    plugins: CONVERTERS,
    downstreams: [
      { id: "ant", name: "Ant", api_formats: ["anthropic"] },
      { id: "oai", name: "Oai", api_formats: ["openai"] },
    ],
    matchFormat: ["openai"],
    matchDownstreamFormat: [],
    matchDownstreams: ["ant"],
    allFormats: ["openai", "anthropic"],
  });
  assert.deepStrictEqual(rows, [{
    clientFormat: "openai",
    downstreams: ["Ant"],
    targets: ["anthropic"],
    converter: "o2a",
  }]);
});

Deno.test("toGroups() groups by input model in group order", () => {
  const alias = (id: string, input: string, order: number, active = false) => ({
    id,
    input_model_id: input,
    downstream_id: "d",
    output_model_id: "m",
    is_active: active,
    is_regex: false,
    group_order: order,
    failover: false,
  });
  const groups = toGroups([
    alias("b1", "b", 1),
    alias("a1", "a", 0),
    alias("b0", "b", 1, true),
  ]);
  assert.deepStrictEqual(
    groups.map((g) => [g.key, g.members.map((m) => m.id)]),
    [
      ["a", ["a1"]],
      ["b", ["b0", "b1"]],
    ],
  );
});

function entry(
  id: string,
  time: string,
  extra: Partial<LogEntryJson> = {},
): LogEntryJson {
  return {
    id,
    time,
    level: "info",
    method: "POST",
    path: "/v1/chat/completions",
    format_in: "openai",
    format_out: "openai",
    model_requested: "gpt-4o",
    model_forwarded: "gpt-4o",
    alias: null,
    downstream: "openai",
    rules: [],
    plugins: [],
    status: 200,
    streamed: false,
    ttfb_ms: 1,
    total_ms: 2,
    ...extra,
  };
}

Deno.test("mergeEntries() keeps newest first and skips known ids", () => {
  const current = [
    entry("b", "2026-01-01T00:00:02Z"),
    entry("a", "2026-01-01T00:00:01Z"),
  ];
  const merged = mergeEntries(current, [
    entry("a", "2026-01-01T00:00:01Z"),
    entry("c", "2026-01-01T00:00:03Z"),
  ]);
  assert.deepStrictEqual(merged.map((e) => e.id), ["c", "b", "a"]);
});

Deno.test("entryMatches() filters by minimum level and text", () => {
  const warn = entry("w", "t", {
    level: "warn",
    status: 404,
    downstream: "anthropic",
  });
  assert.equal(entryMatches(warn, "all", ""), true);
  assert.equal(entryMatches(warn, "warn", "ANTHROPIC"), true);
  assert.equal(entryMatches(warn, "error", ""), false);
  assert.equal(entryMatches(warn, "all", "404"), true);
  assert.equal(entryMatches(warn, "all", "openai-x"), false);
});
