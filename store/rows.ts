/**
 * The state's rows in SQLite: loading the whole state, and writing the rows that changed
 * between two states. These row mappers are the SQL side of the camelCase ⇄ snake_case seam.
 *
 * @module
 */
import type { DatabaseSync } from "node:sqlite";
import { z } from "zod";
import { DEFAULT_SETTINGS } from "./defaults.ts";
import { toInt, toOptionalInt, toText } from "./sql_values.ts";
import { downstreamSchema, isSettingsKey, settingsShape } from "./schemas.ts";
import {
  fromDownstream,
  fromSettings,
  toDownstream,
  toPipelineStep,
  toSettings,
} from "./records.ts";
import { type AliasOrigin, sortAliases, type StoreState } from "./state.ts";
import {
  type Alias,
  API_FORMATS,
  type Downstream,
  type Rule,
} from "./types.ts";

const formatsSchema = z.array(z.enum(API_FORMATS));
const stringsSchema = z.array(z.string());
const stepsSchema = z.array(z.object({
  plugin_id: z.string(),
  is_enabled: z.boolean(),
  config: z.record(z.string(), z.json()),
}));
const settingsRowSchema = z.object(settingsShape).partial();
const downstreamOptionsSchema = downstreamSchema.pick({
  reasoning_effort_models: true,
  hosted_tools: true,
  strip_billing_header: true,
  anthropic_beta: true,
  prices: true,
});

/** The keys of the `options` column, in their YAML names (absent keys left out). */
function toDownstreamOptions(
  d: Downstream,
): z.infer<typeof downstreamOptionsSchema> {
  const {
    reasoning_effort_models,
    hosted_tools,
    strip_billing_header,
    anthropic_beta,
    prices,
  } = fromDownstream(d);
  return downstreamOptionsSchema.parse({
    reasoning_effort_models,
    hosted_tools,
    strip_billing_header,
    anthropic_beta,
    prices,
  });
}

/** Reads every row into a state (settings missing from the table take the defaults). */
export function loadState(db: DatabaseSync): StoreState {
  const models = new Map<string, string[]>();
  for (
    const row of db.prepare(
      "SELECT downstream_id, model_id FROM downstream_models ORDER BY downstream_id, position",
    ).all()
  ) {
    const id = toText(row.downstream_id);
    models.set(id, [...models.get(id) ?? [], toText(row.model_id)]);
  }
  const downstreams = db.prepare(
    "SELECT * FROM downstreams ORDER BY position, rowid",
  ).all().map((row): Downstream => {
    const maxOutputTokens = toOptionalInt(row.max_output_tokens);
    const defaultMaxTokens = toOptionalInt(row.default_max_tokens);
    const options = downstreamOptionsSchema.parse(
      JSON.parse(toText(row.options)),
    );
    return toDownstream({
      id: toText(row.id),
      name: toText(row.name),
      api_formats: formatsSchema.parse(JSON.parse(toText(row.api_formats))),
      base_url: toText(row.base_url),
      api_key: toText(row.api_key),
      output_model_ids: models.get(toText(row.id)) ?? [],
      ...(maxOutputTokens === undefined
        ? {}
        : { max_output_tokens: maxOutputTokens }),
      ...(defaultMaxTokens === undefined
        ? {}
        : { default_max_tokens: defaultMaxTokens }),
      ...options,
    });
  });
  const rules = db.prepare("SELECT * FROM rules ORDER BY position, rowid")
    .all().map((row): Rule => ({
      id: toText(row.id),
      name: toText(row.name),
      patternPath: toText(row.pattern_path),
      patternModel: toText(row.pattern_model),
      matchFormat: formatsSchema.parse(JSON.parse(toText(row.match_format))),
      matchDownstreamFormat: formatsSchema.parse(
        JSON.parse(toText(row.match_downstream_format)),
      ),
      matchDownstreams: stringsSchema.parse(
        JSON.parse(toText(row.match_downstreams)),
      ),
      isEnabled: toInt(row.is_enabled) !== 0,
      pipelineConfig: stepsSchema.parse(
        JSON.parse(toText(row.pipeline_config)),
      ).map(toPipelineStep),
    }));
  const aliasOrigins = new Map<string, AliasOrigin>();
  const aliases = db.prepare("SELECT * FROM aliases").all().map(
    (row): Alias => {
      const origin = toText(row.origin);
      aliasOrigins.set(toText(row.id), origin === "api" ? "api" : "yaml");
      return {
        id: toText(row.id),
        inputModelId: toText(row.input_model_id),
        downstreamId: toText(row.downstream_id),
        outputModelId: toText(row.output_model_id),
        isActive: toInt(row.is_active) !== 0,
        isRegex: toInt(row.is_regex) !== 0,
        groupOrder: toInt(row.group_order),
        failover: toInt(row.failover) !== 0,
      };
    },
  );
  const stored: Record<string, unknown> = {};
  for (const row of db.prepare("SELECT key, value FROM settings").all()) {
    const key = toText(row.key);
    if (isSettingsKey(key)) stored[key] = JSON.parse(toText(row.value));
  }
  return {
    settings: toSettings(settingsRowSchema.parse(stored), DEFAULT_SETTINGS),
    downstreams,
    rules,
    aliases: sortAliases(aliases),
    aliasOrigins,
  };
}

/**
 * Writes the rows that differ between `before` and `after` (all of `after` when `before` is
 * undefined). The caller wraps this in a transaction.
 */
export function saveState(
  db: DatabaseSync,
  before: StoreState | undefined,
  after: StoreState,
): void {
  const oldDownstreams = byId(before?.downstreams ?? []);
  const oldRules = byId(before?.rules ?? []);
  const oldAliases = byId(before?.aliases ?? []);

  const upsertDownstream = db.prepare(
    `INSERT INTO downstreams (id, name, api_formats, base_url, api_key, max_output_tokens, default_max_tokens, options, position)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
     ON CONFLICT (id) DO UPDATE SET name = excluded.name, api_formats = excluded.api_formats,
       base_url = excluded.base_url, api_key = excluded.api_key,
       max_output_tokens = excluded.max_output_tokens,
       default_max_tokens = excluded.default_max_tokens, options = excluded.options,
       position = excluded.position`,
  );
  const deleteModels = db.prepare(
    "DELETE FROM downstream_models WHERE downstream_id = ?",
  );
  const insertModel = db.prepare(
    "INSERT INTO downstream_models (downstream_id, model_id, position) VALUES (?, ?, ?)",
  );
  after.downstreams.forEach((d, position) => {
    const old = oldDownstreams.get(d.id);
    if (
      old !== undefined && old.position === position &&
      JSON.stringify(old.item) === JSON.stringify(d)
    ) return;
    upsertDownstream.run(
      d.id,
      d.name,
      JSON.stringify(d.apiFormats),
      d.baseUrl,
      d.apiKey,
      d.maxOutputTokens ?? null,
      d.defaultMaxTokens ?? null,
      JSON.stringify(toDownstreamOptions(d)),
      position,
    );
    deleteModels.run(d.id);
    d.outputModelIds.forEach((model, index) =>
      insertModel.run(d.id, model, index)
    );
  });

  const upsertRule = db.prepare(
    `INSERT INTO rules (id, name, pattern_path, pattern_model, match_format, match_downstream_format,
       match_downstreams, is_enabled, pipeline_config, position)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
     ON CONFLICT (id) DO UPDATE SET name = excluded.name, pattern_path = excluded.pattern_path,
       pattern_model = excluded.pattern_model, match_format = excluded.match_format,
       match_downstream_format = excluded.match_downstream_format,
       match_downstreams = excluded.match_downstreams, is_enabled = excluded.is_enabled,
       pipeline_config = excluded.pipeline_config, position = excluded.position`,
  );
  after.rules.forEach((r, position) => {
    const old = oldRules.get(r.id);
    if (
      old !== undefined && old.position === position &&
      JSON.stringify(old.item) === JSON.stringify(r)
    ) return;
    upsertRule.run(
      r.id,
      r.name,
      r.patternPath,
      r.patternModel,
      JSON.stringify(r.matchFormat),
      JSON.stringify(r.matchDownstreamFormat),
      JSON.stringify(r.matchDownstreams),
      r.isEnabled ? 1 : 0,
      JSON.stringify(r.pipelineConfig.map((step) => ({
        plugin_id: step.pluginId,
        is_enabled: step.isEnabled,
        config: step.config,
      }))),
      position,
    );
  });

  const upsertAlias = db.prepare(
    `INSERT INTO aliases (id, input_model_id, downstream_id, output_model_id, is_active, is_regex, group_order, origin, failover)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
     ON CONFLICT (id) DO UPDATE SET input_model_id = excluded.input_model_id,
       downstream_id = excluded.downstream_id, output_model_id = excluded.output_model_id,
       is_active = excluded.is_active, is_regex = excluded.is_regex,
       group_order = excluded.group_order, origin = excluded.origin,
       failover = excluded.failover`,
  );
  for (const a of after.aliases) {
    const old = oldAliases.get(a.id);
    const origin = after.aliasOrigins.get(a.id) ?? "api";
    if (
      old !== undefined && before?.aliasOrigins.get(a.id) === origin &&
      JSON.stringify(old.item) === JSON.stringify(a)
    ) continue;
    upsertAlias.run(
      a.id,
      a.inputModelId,
      a.downstreamId,
      a.outputModelId,
      a.isActive ? 1 : 0,
      a.isRegex ? 1 : 0,
      a.groupOrder,
      origin,
      a.failover ? 1 : 0,
    );
  }

  // Deletions last, children first, so foreign keys never see a dangling row.
  const keepAliases = new Set(after.aliases.map((a) => a.id));
  const deleteAlias = db.prepare("DELETE FROM aliases WHERE id = ?");
  for (const id of oldAliases.keys()) {
    if (!keepAliases.has(id)) deleteAlias.run(id);
  }
  const keepRules = new Set(after.rules.map((r) => r.id));
  const deleteRule = db.prepare("DELETE FROM rules WHERE id = ?");
  for (const id of oldRules.keys()) {
    if (!keepRules.has(id)) deleteRule.run(id);
  }
  const keepDownstreams = new Set(after.downstreams.map((d) => d.id));
  const deleteDownstream = db.prepare("DELETE FROM downstreams WHERE id = ?");
  for (const id of oldDownstreams.keys()) {
    if (!keepDownstreams.has(id)) deleteDownstream.run(id);
  }

  const oldSettings = before === undefined
    ? undefined
    : fromSettings(before.settings);
  const upsertSetting = db.prepare(
    "INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
  );
  for (const [key, value] of Object.entries(fromSettings(after.settings))) {
    const json = JSON.stringify(value);
    if (
      oldSettings !== undefined && isSettingsKey(key) &&
      JSON.stringify(oldSettings[key]) === json
    ) continue;
    upsertSetting.run(key, json);
  }
}

function byId<T extends { id: string }>(
  items: readonly T[],
): Map<string, { item: T; position: number }> {
  return new Map(items.map((item, position) => [item.id, { item, position }]));
}
