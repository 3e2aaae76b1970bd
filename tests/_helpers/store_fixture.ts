/**
 * A store on a temp config for the store's tests: the YAML they start from (comments, unknown
 * keys, two downstreams, two rules, three aliases), a downstream and a rule to add, and
 * `withStore`, which opens and always closes and removes it.
 */
import assert from "node:assert/strict";
import {
  type Downstream,
  openStore,
  type OpenStoreOptions,
  type Rule,
  type Store,
} from "../../store/mod.ts";
import { createTempConfig, type TempConfig } from "./temp_config.ts";

/** The config the store tests start from. */
export const BASE_YAML = `# Top comment stays
listen: 127.0.0.1:0   # where we listen
log_level: info
downstreams:
  # the main provider
  - id: d1
    name: One # inline
    api_formats: [openai]
    base_url: http://127.0.0.1:9/v1
    api_key: sk-one
    output_model_ids: [m1, m2]
    custom_note: kept as is
  - id: d2
    base_url: http://127.0.0.1:9/v2
rules:
  - id: r-both
    pattern_path: /v1/chat/completions
    match_downstreams: [d1, d2]
  - id: r-one
    pattern_path: "*"
    match_downstreams: [d1]
aliases:
  - id: a1
    input_model_id: g
    downstream_id: d1
    output_model_id: m1
    is_active: true
  - id: a2
    input_model_id: g
    downstream_id: d2
    output_model_id: x
  - id: a3
    input_model_id: h
    downstream_id: d2
    output_model_id: y
`;

/** Opens a store on a temp config (in-memory database unless told otherwise) and cleans up. */
export async function withStore(
  yaml: string | undefined,
  fn: (store: Store, tmp: TempConfig) => Promise<void>,
  options: OpenStoreOptions = { databasePath: ":memory:" },
): Promise<void> {
  const tmp = await createTempConfig(yaml);
  try {
    const { store } = await openStore(tmp.path, options);
    try {
      await fn(store, tmp);
    } finally {
      await store.close();
    }
  } finally {
    await tmp.cleanup();
  }
}

/** A downstream the fixture does not have. */
export const NEW_DOWNSTREAM: Downstream = {
  id: "d3",
  name: "Three",
  apiFormats: ["anthropic"],
  baseUrl: "http://127.0.0.1:9",
  apiKey: "",
  outputModelIds: ["c1"],
};

/** Asserts that `text` contains `part`, showing the text when it does not. */
export function assertIncludes(text: string, part: string): void {
  assert.ok(
    text.includes(part),
    `expected to find ${JSON.stringify(part)} in:\n${text}`,
  );
}

/** A rule matching everything, with no plugins. */
export function ruleInput(id: string): Rule {
  return {
    id,
    name: id,
    patternPath: "*",
    patternModel: "",
    matchFormat: [],
    matchDownstreamFormat: [],
    matchDownstreams: [],
    isEnabled: true,
    pipelineConfig: [],
  };
}
