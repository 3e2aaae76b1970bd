import assert from "node:assert/strict";
import { z } from "zod";
import {
  definePlugin,
  findConverter,
  getPlugin,
  listPlugins,
  PLUGINS,
  type Registry,
} from "../../../plugins/mod.ts";

Deno.test("PLUGINS ids are unique snake_case and match their keys", () => {
  const ids = Object.values(PLUGINS).map((p) => p.id);
  assert.equal(new Set(ids).size, ids.length);
  for (const [key, plugin] of Object.entries(PLUGINS)) {
    assert.equal(plugin.id, key);
    assert.match(plugin.id, /^[a-z0-9]+(_[a-z0-9]+)*$/);
    assert.ok(plugin.description.length > 0);
  }
});

Deno.test("PLUGINS config schemas accept their defaults", () => {
  for (const plugin of Object.values(PLUGINS)) {
    assert.equal(plugin.config.safeParse({}).success, true, plugin.id);
  }
});

Deno.test("getPlugin() finds registered ids only", () => {
  assert.equal(getPlugin(PLUGINS, "custom_header")?.id, "custom_header");
  assert.equal(getPlugin(PLUGINS, "nope"), undefined);
  assert.equal(getPlugin(PLUGINS, "toString"), undefined);
});

Deno.test("listPlugins() describes each plugin with its JSON Schema, sorted by id", () => {
  const list = listPlugins(PLUGINS);
  assert.deepStrictEqual(
    list.map((p) => p.id),
    Object.keys(PLUGINS).sort(),
  );
  const custom = list.find((p) => p.id === "custom_header");
  assert.ok(custom);
  assert.equal(custom.converts, null);
  const schema = custom.config_schema;
  assert.ok(schema && typeof schema === "object" && "properties" in schema);
});

function converter(
  id: string,
  from: "openai" | "anthropic" | "responses",
  to: "openai" | "anthropic" | "responses",
) {
  return definePlugin({
    id,
    description: id,
    config: z.object({}),
    converts: { from, to },
  });
}

Deno.test("findConverter() prefers the earliest target format with a converter", () => {
  const registry: Registry = {
    a: converter("a", "openai", "anthropic"),
    b: converter("b", "openai", "responses"),
    c: converter("c", "anthropic", "openai"),
  };
  assert.equal(
    findConverter(registry, "openai", ["responses", "anthropic"])?.id,
    "b",
  );
  assert.equal(
    findConverter(registry, "openai", ["anthropic", "responses"])?.id,
    "a",
  );
  assert.equal(findConverter(registry, "anthropic", ["responses"]), undefined);
  assert.equal(findConverter(registry, "responses", ["openai"]), undefined);
});
