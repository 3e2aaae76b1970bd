import assert from "node:assert/strict";
import {
  DEFAULT_SETTINGS,
  parseAliasInput,
  parseAliasPatch,
  parseDownstreamInput,
  parseDownstreamPatch,
  parseRuleInput,
  parseRulePatch,
  parseSettingsPatch,
  toAliasJson,
  toDownstreamJson,
  toRuleJson,
  toSettingsJson,
  ValidationError,
} from "../../../store/mod.ts";

Deno.test("toDownstreamJson() masks a set api_key and keeps an empty one empty", () => {
  const downstream = {
    id: "d",
    name: "D",
    apiFormats: ["anthropic"] as const,
    baseUrl: "https://api.anthropic.com",
    apiKey: "sk-ant-secret",
    outputModelIds: ["m"],
    defaultMaxTokens: 4096,
  };
  assert.deepStrictEqual(toDownstreamJson(downstream), {
    id: "d",
    name: "D",
    api_formats: ["anthropic"],
    base_url: "https://api.anthropic.com",
    api_key: "***",
    output_model_ids: ["m"],
    default_max_tokens: 4096,
  });
  assert.equal(toDownstreamJson({ ...downstream, apiKey: "" }).api_key, "");
  assert.ok(!JSON.stringify(toDownstreamJson(downstream)).includes("secret"));
});

Deno.test("toSettingsJson() masks proxy keys to their last 4 characters and hides the admin password", () => {
  const json = toSettingsJson({
    ...DEFAULT_SETTINGS,
    adminPassword: "hunter2",
    proxyApiKeys: ["sk-proxy-123", "short"],
  });
  assert.deepStrictEqual(json.proxy_api_keys, ["***-123", "***"]);
  assert.equal(json.admin_password_set, true);
  assert.equal("admin_password" in json, false);
  assert.ok(!JSON.stringify(json).includes("hunter2"));
  assert.equal(toSettingsJson(DEFAULT_SETTINGS).admin_password_set, false);
  assert.equal(json.listen, "127.0.0.1:11510");
  assert.equal(json.default_tab, "aliases");
});

Deno.test("toRuleJson() and toAliasJson() use the contract's snake_case names", () => {
  assert.deepStrictEqual(
    toRuleJson({
      id: "r",
      name: "R",
      patternPath: "*",
      patternModel: "",
      matchFormat: ["openai"],
      matchDownstreamFormat: [],
      matchDownstreams: ["d"],
      isEnabled: true,
      pipelineConfig: [{
        pluginId: "custom_header",
        isEnabled: false,
        config: { headers: { a: "b" } },
      }],
    }),
    {
      id: "r",
      name: "R",
      pattern_path: "*",
      pattern_model: "",
      match_format: ["openai"],
      match_downstream_format: [],
      match_downstreams: ["d"],
      is_enabled: true,
      pipeline_config: [{
        plugin_id: "custom_header",
        is_enabled: false,
        config: { headers: { a: "b" } },
      }],
    },
  );
  assert.deepStrictEqual(
    toAliasJson({
      id: "a",
      inputModelId: "i",
      downstreamId: "d",
      outputModelId: "o",
      isActive: true,
      isRegex: false,
      groupOrder: 3,
      failover: true,
    }),
    {
      id: "a",
      input_model_id: "i",
      downstream_id: "d",
      output_model_id: "o",
      is_active: true,
      is_regex: false,
      group_order: 3,
      failover: true,
    },
  );
});

Deno.test("parse*Input() apply the creation defaults", () => {
  assert.deepStrictEqual(
    parseDownstreamInput({
      id: "d",
      base_url: "http://127.0.0.1:9",
      api_key: "***",
    }),
    {
      id: "d",
      name: "d",
      apiFormats: [],
      baseUrl: "http://127.0.0.1:9",
      apiKey: "",
      outputModelIds: [],
    },
  );
  assert.deepStrictEqual(
    parseRuleInput({
      id: "r",
      name: "R",
      pattern_path: "/v1/messages",
      pipeline_config: [{ plugin_id: "custom_header" }],
    }),
    {
      id: "r",
      name: "R",
      patternPath: "/v1/messages",
      patternModel: "",
      matchFormat: [],
      matchDownstreamFormat: [],
      matchDownstreams: [],
      isEnabled: true,
      pipelineConfig: [{
        pluginId: "custom_header",
        isEnabled: true,
        config: {},
      }],
    },
  );
  assert.deepStrictEqual(
    parseAliasInput({
      id: "a",
      input_model_id: "^c-.*",
      downstream_id: "d",
      output_model_id: "o",
      is_regex: true,
    }),
    {
      id: "a",
      inputModelId: "^c-.*",
      downstreamId: "d",
      outputModelId: "o",
      isActive: false,
      isRegex: true,
      failover: false,
    },
  );
});

Deno.test("parse*Patch() keep only the fields sent, and a *** key means keep", () => {
  assert.deepStrictEqual(parseDownstreamPatch({ api_key: "***", name: "N" }), {
    name: "N",
  });
  assert.deepStrictEqual(
    parseDownstreamPatch({ api_key: "sk-new", max_output_tokens: 10 }),
    {
      apiKey: "sk-new",
      maxOutputTokens: 10,
    },
  );
  assert.deepStrictEqual(
    parseDownstreamPatch({ max_output_tokens: null, default_max_tokens: 5 }),
    { maxOutputTokens: null, defaultMaxTokens: 5 },
  );
  assert.deepStrictEqual(parseRulePatch({ is_enabled: false }), {
    isEnabled: false,
  });
  assert.deepStrictEqual(parseAliasPatch({ is_active: true, group_order: 2 }), {
    isActive: true,
    groupOrder: 2,
  });
  assert.deepStrictEqual(
    parseSettingsPatch({
      proxy_mode: "http://127.0.0.1:3128",
      log_level: "warn",
      admin_password: "",
    }),
    { proxyMode: "http://127.0.0.1:3128", logLevel: "warn", adminPassword: "" },
  );
});

interface ParseErrorCase {
  name: string;
  parse: (json: unknown) => unknown;
  input: unknown;
  field: string;
}

const PARSE_ERRORS: ParseErrorCase[] = [
  {
    name: "downstream without id",
    parse: parseDownstreamInput,
    input: { base_url: "http://x" },
    field: "id",
  },
  {
    name: "downstream id with a slash",
    parse: parseDownstreamInput,
    input: { id: "a/b", base_url: "http://x" },
    field: "id",
  },
  {
    name: "downstream base_url not http",
    parse: parseDownstreamInput,
    input: { id: "a", base_url: "file:///etc" },
    field: "base_url",
  },
  {
    name: "downstream unknown format",
    parse: parseDownstreamInput,
    input: { id: "a", base_url: "http://x", api_formats: ["gemini"] },
    field: "api_formats[0]",
  },
  {
    name: "downstream zero default_max_tokens",
    parse: parseDownstreamInput,
    input: { id: "a", base_url: "http://x", default_max_tokens: 0 },
    field: "default_max_tokens",
  },
  {
    name: "downstream patch with a bad URL",
    parse: parseDownstreamPatch,
    input: { base_url: "x" },
    field: "base_url",
  },
  {
    name: "rule path without slash",
    parse: parseRuleInput,
    input: { id: "r", pattern_path: "v1/messages" },
    field: "pattern_path",
  },
  {
    name: "rule step without plugin_id",
    parse: parseRuleInput,
    input: { id: "r", pattern_path: "*", pipeline_config: [{}] },
    field: "pipeline_config[0].plugin_id",
  },
  {
    name: "rule patch with a bad match_format",
    parse: parseRulePatch,
    input: { match_format: ["x"] },
    field: "match_format[0]",
  },
  {
    name: "alias without output model",
    parse: parseAliasInput,
    input: { id: "a", input_model_id: "i", downstream_id: "d" },
    field: "output_model_id",
  },
  {
    name: "alias with a bad regex",
    parse: parseAliasInput,
    input: {
      id: "a",
      input_model_id: "(",
      downstream_id: "d",
      output_model_id: "o",
      is_regex: true,
    },
    field: "input_model_id",
  },
  {
    name: "alias patch with a negative group_order",
    parse: parseAliasPatch,
    input: { group_order: -1 },
    field: "group_order",
  },
  {
    name: "alias patch with a bad regex",
    parse: parseAliasPatch,
    input: { input_model_id: "[", is_regex: true },
    field: "input_model_id",
  },
  {
    name: "settings with a bad proxy_mode",
    parse: parseSettingsPatch,
    input: { proxy_mode: "socks5://x" },
    field: "proxy_mode",
  },
  {
    name: "settings with a bad log_level",
    parse: parseSettingsPatch,
    input: { log_level: "trace" },
    field: "log_level",
  },
  {
    name: "settings with a non-list proxy_api_keys",
    parse: parseSettingsPatch,
    input: { proxy_api_keys: "k" },
    field: "proxy_api_keys",
  },
  {
    name: "a body that is not an object",
    parse: parseRuleInput,
    input: [1],
    field: "",
  },
];

for (const c of PARSE_ERRORS) {
  Deno.test(`parsers reject ${c.name} naming the field "${c.field}"`, () => {
    assert.throws(() => c.parse(c.input), (error: unknown) => {
      assert.ok(error instanceof ValidationError);
      assert.equal(error.field, c.field);
      return true;
    });
  });
}

Deno.test("parseSettingsPatch() and toSettingsJson() carry allowed_hosts and cors_allowed_origins", () => {
  assert.deepStrictEqual(
    parseSettingsPatch({
      allowed_hosts: ["tresor.lan"],
      cors_allowed_origins: ["http://localhost:5173"],
    }),
    {
      allowedHosts: ["tresor.lan"],
      corsAllowedOrigins: ["http://localhost:5173"],
    },
  );
  assert.throws(
    () => parseSettingsPatch({ cors_allowed_origins: ["*"] }),
    ValidationError,
  );
  const json = toSettingsJson({
    ...DEFAULT_SETTINGS,
    allowedHosts: ["tresor.lan"],
    corsAllowedOrigins: ["http://localhost:5173"],
  });
  assert.deepStrictEqual(json.allowed_hosts, ["tresor.lan"]);
  assert.deepStrictEqual(json.cors_allowed_origins, ["http://localhost:5173"]);
});

Deno.test("parseDownstreamPatch() reads translation options, null clearing them; bad values name the field", () => {
  assert.deepStrictEqual(
    parseDownstreamPatch({
      reasoning_effort_models: ["o3*", "o3*"],
      hosted_tools: "refuse",
      strip_billing_header: true,
      anthropic_beta: [],
    }),
    {
      reasoningEffortModels: ["o3*"],
      hostedTools: "refuse",
      stripBillingHeader: true,
      anthropicBeta: [],
    },
  );
  assert.deepStrictEqual(
    parseDownstreamPatch({ reasoning_effort_models: null, hosted_tools: null }),
    { reasoningEffortModels: null, hostedTools: null },
  );
  assert.throws(
    () => parseDownstreamPatch({ hosted_tools: "keep" }),
    (err: unknown) =>
      err instanceof ValidationError && err.field === "hosted_tools",
  );
  assert.deepStrictEqual(
    toDownstreamJson(parseDownstreamInput({
      id: "x",
      base_url: "http://127.0.0.1:9/v1",
      reasoning_effort_models: [],
      strip_billing_header: false,
    })),
    {
      id: "x",
      name: "x",
      api_formats: [],
      base_url: "http://127.0.0.1:9/v1",
      api_key: "",
      output_model_ids: [],
      reasoning_effort_models: [],
      strip_billing_header: false,
    },
  );
});
