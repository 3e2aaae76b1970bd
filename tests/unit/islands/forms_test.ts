/**
 * The manager forms' pure parts: the API bodies their drafts become, where an API field path
 * points in a rule's pipeline, and the islands' format list against the store's.
 */
import assert from "node:assert/strict";
import { API_FORMATS, type PluginJson } from "../../../store/mod.ts";
import { FORMATS } from "../../../islands/_formats.ts";
import {
  newDownstreamDraft,
  toDownstreamBody,
  toDownstreamDraft,
} from "../../../islands/_DownstreamForm.tsx";
import {
  type DraftStep,
  stepErrorsFor,
} from "../../../islands/_PipelineEditor.tsx";
import { toRuleBody, toRuleDraft } from "../../../islands/_RuleForm.tsx";

Deno.test("FORMATS lists the store's API_FORMATS in the same order", () => {
  assert.deepStrictEqual([...FORMATS], [...API_FORMATS]);
});

Deno.test("toDownstreamBody() of a new draft generates the id and leaves blanks out", () => {
  const body = toDownstreamBody({
    ...newDownstreamDraft(),
    name: "My Provider",
    base_url: " https://x.example/v1 ",
    models: "m-1, m-2  m-3",
    maxOutputTokens: "8192",
  }, new Set(["my-provider"]));
  assert.deepStrictEqual(body, {
    id: "my-provider-2",
    name: "My Provider",
    output_model_ids: ["m-1", "m-2", "m-3"],
    base_url: "https://x.example/v1",
    api_formats: ["openai"],
    max_output_tokens: 8192,
  });
});

Deno.test("toDownstreamBody() of an edit clears blank limits and options, and keeps a blank key", () => {
  const draft = toDownstreamDraft({
    id: "d",
    name: "D",
    api_formats: ["anthropic"],
    base_url: "https://api.anthropic.com",
    api_key: "***",
    output_model_ids: ["m"],
    max_output_tokens: 100,
    hosted_tools: "refuse",
  });
  assert.equal(draft.api_key, "", "the mask never lands in the key field");
  assert.equal(draft.maxOutputTokens, "100");
  const body = toDownstreamBody(
    {
      ...draft,
      maxOutputTokens: "",
      translation: { ...draft.translation, hostedTools: "drop" },
    },
    new Set(),
  );
  assert.deepStrictEqual(body, {
    name: "D",
    base_url: "https://api.anthropic.com",
    api_formats: ["anthropic"],
    max_output_tokens: null,
    default_max_tokens: null,
    reasoning_effort_models: null,
    hosted_tools: null,
    strip_billing_header: null,
    anthropic_beta: null,
  });
  assert.equal(
    toDownstreamBody({ ...draft, api_key: "sk-new" }, new Set()).api_key,
    "sk-new",
  );
});

Deno.test("toRuleBody() trims the text fields and drops the editor's step keys", () => {
  const draft = toRuleDraft({
    id: "r",
    name: " Tag ",
    pattern_path: " /v1/messages ",
    pattern_model: "",
    match_format: ["anthropic"],
    match_downstream_format: [],
    match_downstreams: ["d"],
    is_enabled: false,
    pipeline_config: [{
      plugin_id: "custom_header",
      is_enabled: true,
      config: { headers: { "x-a": "1" } },
    }],
  });
  assert.equal(typeof draft.steps[0].key, "string");
  assert.deepStrictEqual(toRuleBody(draft), {
    name: "Tag",
    pattern_path: "/v1/messages",
    pattern_model: "",
    match_format: ["anthropic"],
    match_downstream_format: [],
    match_downstreams: ["d"],
    is_enabled: false,
    pipeline_config: [{
      plugin_id: "custom_header",
      is_enabled: true,
      config: { headers: { "x-a": "1" } },
    }],
  });
});

const PLUGINS: PluginJson[] = [{
  id: "custom_header",
  description: "",
  converts: null,
  config_schema: {
    type: "object",
    properties: { headers: { type: "object" } },
  },
}];

const STEPS: DraftStep[] = [
  { key: "k0", plugin_id: "custom_header", is_enabled: true, config: {} },
  { key: "k1", plugin_id: "custom_header", is_enabled: true, config: {} },
  { key: "k2", plugin_id: "gone", is_enabled: true, config: {} },
];

const STEP_CASES: [string, { text: string; field?: string }, unknown][] = [
  [
    "marks the config field a deep path is inside",
    {
      text: "pipeline_config[1].config.headers.x-a: Invalid input",
      field: "pipeline_config[1].config.headers.x-a",
    },
    { k1: { headers: "Invalid input" } },
  ],
  [
    "marks the step for its plugin id",
    {
      text: 'pipeline_config[2].plugin_id: unknown plugin "gone"',
      field: "pipeline_config[2].plugin_id",
    },
    { k2: { _step: 'unknown plugin "gone"' } },
  ],
  [
    "leaves other fields alone",
    { text: "pattern_path: must be *", field: "pattern_path" },
    null,
  ],
  ["leaves problems without a field alone", { text: "Bad JSON" }, null],
  [
    "does not take step 10 for step 1",
    { text: "x", field: "pipeline_config[10].plugin_id" },
    null,
  ],
];

for (const [name, problem, want] of STEP_CASES) {
  Deno.test(`stepErrorsFor() ${name}`, () => {
    assert.deepStrictEqual(stepErrorsFor(problem, STEPS, PLUGINS), want);
  });
}
