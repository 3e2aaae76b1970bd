import assert from "node:assert/strict";
import {
  openStore,
  parseSettingsPatch,
  toSettingsJson,
} from "../../../store/mod.ts";
import { parseConfigText } from "../../../store/config_file.ts";
import {
  assertIncludes,
  BASE_YAML,
  withStore,
} from "../../_helpers/store_fixture.ts";
import { createTempConfig } from "../../_helpers/temp_config.ts";

Deno.test("proxy_api_keys takes plain and named keys from the YAML", () => {
  const { settings } = parseConfigText(
    `proxy_api_keys:
  - sk-proxy-123
  - {name: laptop-agent, key: sk-proxy-456}
`,
    "t.yaml",
  );
  assert.deepStrictEqual(settings.proxyApiKeys, [
    "sk-proxy-123",
    { name: "laptop-agent", key: "sk-proxy-456" },
  ]);
});

const BAD_KEYS: [string, string, string][] = [
  ["a named key without its key", "[{name: a}]", "proxy_api_keys[0]"],
  ["an empty name", '[{name: "", key: k1}]', "proxy_api_keys[0]"],
  [
    "a name starting with *",
    '[{name: "***-456", key: k1}]',
    "proxy_api_keys[0]",
  ],
  [
    "a name with a line break",
    '[{name: "a\\nb", key: k1}]',
    "proxy_api_keys[0]",
  ],
  ["an unknown field", "[{name: a, key: k1, team: x}]", "proxy_api_keys[0]"],
  [
    "two keys under one name",
    "[{name: a, key: k1}, {name: a, key: k2}]",
    "proxy_api_keys[1].name",
  ],
];

for (const [name, value, field] of BAD_KEYS) {
  Deno.test(`proxy_api_keys refuses ${name}, naming the field`, () => {
    assert.throws(
      () => parseConfigText(`proxy_api_keys: ${value}\n`, "t.yaml"),
      (err: unknown) =>
        err instanceof Error && err.name === "ConfigError" &&
        err.message.includes(field),
    );
  });
}

Deno.test("GET /api/config's shape masks plain and named keys and shows only whether a metrics token is set", () => {
  const { settings } = parseConfigText(
    `proxy_api_keys: [sk-proxy-123, {name: laptop, key: sk-laptop-4567}]
metrics_token: prom-secret
usage_retention_days: 30
`,
    "t.yaml",
  );
  const json = toSettingsJson(settings);
  assert.deepStrictEqual(json.proxy_api_keys, [
    "***-123",
    { name: "laptop", key: "***4567" },
  ]);
  assert.equal(json.metrics_token_set, true);
  assert.equal(json.usage_retention_days, 30);
  assert.ok(!JSON.stringify(json).includes("prom-secret"));
  assert.ok(!JSON.stringify(json).includes("sk-laptop-4567"));
});

Deno.test("Store.updateSettings() keeps a named key's stored key behind its mask and writes the YAML", async () => {
  await withStore(BASE_YAML, async (store, tmp) => {
    await store.updateSettings(
      parseSettingsPatch({
        proxy_api_keys: ["sk-plain-0001", {
          name: "laptop-agent",
          key: "sk-laptop-0002",
        }],
        usage_retention_days: 14,
        metrics_token: "prom-1",
      }),
    );
    const renamed = await store.updateSettings(
      parseSettingsPatch({
        proxy_api_keys: ["***0001", { name: "desk", key: "***0002" }],
      }),
    );
    assert.deepStrictEqual(renamed.proxyApiKeys, [
      "sk-plain-0001",
      { name: "desk", key: "sk-laptop-0002" },
    ]);
    const yaml = await tmp.read();
    assertIncludes(yaml, "name: desk");
    assertIncludes(yaml, "key: sk-laptop-0002");
    assertIncludes(yaml, "usage_retention_days: 14");
    assertIncludes(yaml, "metrics_token: prom-1");
    await assert.rejects(
      store.updateSettings(
        parseSettingsPatch({ proxy_api_keys: [{ name: "x", key: "***9999" }] }),
      ),
      { name: "ValidationError", field: "proxy_api_keys[0].key" },
    );
    assert.throws(
      () => parseSettingsPatch({ usage_retention_days: 0 }),
      { name: "ValidationError", field: "usage_retention_days" },
    );
  });
});

Deno.test("Downstream prices: YAML in, one flow map per model back out, kept in the database, cleared with null", async () => {
  const tmp = await createTempConfig(`downstreams:
  - id: anthropic
    base_url: http://127.0.0.1:9
    prices:
      claude-sonnet-4-20250514: {input: 3, output: 15, cache_read: 0.3, cache_write: 3.75}
`);
  try {
    const opened = await openStore(tmp.path);
    const store = opened.store;
    try {
      assert.deepStrictEqual(
        store.snapshot().downstreamsById.get("anthropic")?.prices,
        {
          "claude-sonnet-4-20250514": {
            input: 3,
            output: 15,
            cacheRead: 0.3,
            cacheWrite: 3.75,
          },
        },
      );
      await store.updateDownstream("anthropic", {
        prices: {
          "claude-sonnet-4-20250514": { input: 3, output: 15 },
          "claude-haiku-4-5": { input: 1, output: 5, cacheWrite1h: 2 },
        },
      });
      const yaml = await tmp.read();
      assertIncludes(
        yaml,
        "claude-sonnet-4-20250514: {input: 3, output: 15}",
      );
      assertIncludes(
        yaml,
        "claude-haiku-4-5: {input: 1, output: 5, cache_write_1h: 2}",
      );
    } finally {
      await store.close();
    }
    // Reopened: the database and the YAML agree.
    const again = await openStore(tmp.path);
    try {
      assert.deepStrictEqual(
        Object.keys(
          again.store.snapshot().downstreamsById.get("anthropic")?.prices ?? {},
        ),
        ["claude-sonnet-4-20250514", "claude-haiku-4-5"],
      );
      await again.store.updateDownstream("anthropic", { prices: null });
      assert.doesNotMatch(await tmp.read(), /prices/);
    } finally {
      await again.store.close();
    }
  } finally {
    await tmp.cleanup();
  }
});

Deno.test("Downstream prices refuse a negative, a non-number or an unknown key, naming the field", () => {
  const cases: [string, string][] = [
    ["{m: {input: -1, output: 1}}", "downstreams[0].prices.m.input"],
    ['{m: {input: "3", output: 1}}', "downstreams[0].prices.m.input"],
    ["{m: {input: 1}}", "downstreams[0].prices.m.output"],
    ["{m: {input: 1, output: 1, cache: 1}}", "downstreams[0].prices.m"],
  ];
  for (const [prices, field] of cases) {
    assert.throws(
      () =>
        parseConfigText(
          `downstreams:\n  - id: d\n    base_url: http://x\n    prices: ${prices}\n`,
          "t.yaml",
        ),
      (err: unknown) => err instanceof Error && err.message.includes(field),
      prices,
    );
  }
});
