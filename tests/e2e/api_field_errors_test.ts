/**
 * Every admin API 400 about a field names it: `{"error": "<field>: …", "field": "<field>"}`, the
 * path down to the list index or plugin config key, for each resource (downstreams, rules,
 * aliases, config) and whether the schema, the plugin registry or the store refused it. Nothing
 * refused is stored; a body that is not an object has no field to name.
 */
import assert from "node:assert/strict";
import {
  callJson,
  readJson,
  sampleConfig,
  SECRET_KEY,
  startApiServer,
} from "../_helpers/api_server.ts";

type Case = readonly [
  method: string,
  path: string,
  body: unknown,
  field: string,
];

const DS = { id: "delta", base_url: "https://x.invalid/v1" };
const ALIAS = {
  id: "a",
  input_model_id: "fast",
  downstream_id: "alpha",
  output_model_id: "alpha-1",
};
const STEP = { plugin_id: "custom_header", config: { headers: {} } };

const CASES: Record<string, readonly Case[]> = {
  downstreams: [
    ["POST", "/api/downstreams", { ...DS, base_url: "nope" }, "base_url"],
    ["POST", "/api/downstreams", { ...DS, id: "bad id!" }, "id"],
    [
      "POST",
      "/api/downstreams",
      { ...DS, api_formats: ["openai", "grpc"] },
      "api_formats[1]",
    ],
    [
      "PUT",
      "/api/downstreams/alpha",
      { max_output_tokens: 0 },
      "max_output_tokens",
    ],
    [
      "PUT",
      "/api/downstreams/alpha",
      { reasoning_effort_models: ["gpt-5*", ""] },
      "reasoning_effort_models[1]",
    ],
    // The key is a string or absent; the message must not quote what was sent.
    ["PUT", "/api/downstreams/alpha", { api_key: 1234567 }, "api_key"],
    ["POST", "/api/downstreams/alpha/models", { model_id: " " }, "model_id"],
  ],
  rules: [
    ["POST", "/api/rules", { id: "r", pattern_path: "chat" }, "pattern_path"],
    [
      "POST",
      "/api/rules",
      { id: "r", pattern_path: "*", match_downstreams: ["alpha", "nope"] },
      "match_downstreams[1]",
    ],
    [
      "POST",
      "/api/rules",
      {
        id: "r",
        pattern_path: "*",
        pipeline_config: [{
          plugin_id: "custom_header",
          config: { headers: "x" },
        }],
      },
      "pipeline_config[0].config.headers",
    ],
    [
      "PUT",
      "/api/rules/tag",
      { pipeline_config: [STEP, { plugin_id: "no_such_plugin" }] },
      "pipeline_config[1].plugin_id",
    ],
    [
      "PUT",
      "/api/rules/tag",
      {
        pipeline_config: [{
          plugin_id: "custom_header",
          config: { headers: { "x-a": 5 } },
        }],
      },
      "pipeline_config[0].config.headers.x-a",
    ],
  ],
  aliases: [
    [
      "POST",
      "/api/aliases",
      { ...ALIAS, input_model_id: "(", is_regex: true },
      "input_model_id",
    ],
    // Refused by the store (an unknown downstream), not by the schema.
    [
      "POST",
      "/api/aliases",
      { ...ALIAS, downstream_id: "nope" },
      "downstream_id",
    ],
    ["PUT", "/api/aliases/smart-alpha", { group_order: -1 }, "group_order"],
    ["POST", "/api/aliases/reorder", { order: "smart" }, "order"],
  ],
  config: [
    ["PUT", "/api/config", { proxy_mode: "sometimes" }, "proxy_mode"],
    [
      "PUT",
      "/api/config",
      { cors_allowed_origins: ["http://ok.example", "http://x.example/p"] },
      "cors_allowed_origins[1]",
    ],
    ["PUT", "/api/config", { allowed_hosts: ["Bad Host"] }, "allowed_hosts[0]"],
    ["PUT", "/api/log_level", { level: "loud" }, "level"],
  ],
};

for (const [resource, cases] of Object.entries(CASES)) {
  Deno.test(`[e2e] ${resource} API: a 400 names the bad field's path in "field"`, async () => {
    const server = await startApiServer({ config: sampleConfig() });
    try {
      const before = JSON.stringify(server.store.snapshot());
      const yaml = await Deno.readTextFile(server.configPath);
      for (const [method, path, body, field] of cases) {
        const res = await callJson(server, method, path, body);
        const what = `${method} ${path} ${JSON.stringify(body)}`;
        assert.equal(res.status, 400, `${what}: ${res.text}`);
        const answer = res.body as { error: string; field: string };
        assert.deepStrictEqual(Object.keys(answer), ["error", "field"], what);
        assert.equal(answer.field, field, what);
        assert.ok(answer.error.startsWith(`${field}: `), answer.error);
        assert.ok(
          !res.text.includes("1234567"),
          "the sent value is not echoed",
        );
        assert.ok(!res.text.includes(SECRET_KEY));
      }
      assert.equal(JSON.stringify(server.store.snapshot()), before);
      assert.equal(await Deno.readTextFile(server.configPath), yaml);
    } finally {
      await server.close();
    }
  });
}

Deno.test("[e2e] admin API: a 400 about the body as a whole has no field", async () => {
  const server = await startApiServer({ config: sampleConfig() });
  try {
    for (const body of ["[]", "{", '"text"', ""]) {
      const res = await readJson(
        await server.call("/api/downstreams", { method: "POST", body }),
      );
      assert.equal(res.status, 400, body);
      assert.deepStrictEqual(Object.keys(res.body as object), ["error"], body);
    }
  } finally {
    await server.close();
  }
});
