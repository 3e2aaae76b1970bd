/**
 * The admin API's JSON mappers: they render entities as the shapes of `admin_json.ts` (secrets
 * masked), and parsers that validate request bodies with the same zod schemas
 * as the YAML file, throwing `ValidationError` with the offending snake_case field.
 *
 * @module
 */
import { ValidationError } from "./errors.ts";
import { DEFAULT_USAGE_RETENTION_DAYS } from "./defaults.ts";
import { MASK, maskKey } from "./mask.ts";
import {
  aliasPatchSchema,
  aliasSchema,
  downstreamPatchSchema,
  downstreamSchema,
  regexProblem,
  rulePatchSchema,
  ruleSchema,
  settingsPatchSchema,
  toProxyMode,
} from "./schemas.ts";
import {
  fromAlias,
  fromDownstream,
  fromRule,
  toAliasFields,
  toDownstream,
  toPipelineStep,
  toPrices,
  toRule,
} from "./records.ts";
import type {
  AliasJson,
  DownstreamJson,
  RuleJson,
  SettingsJson,
} from "./admin_json.ts";
import type {
  Alias,
  AliasInput,
  AliasPatch,
  Downstream,
  DownstreamInput,
  DownstreamPatch,
  Rule,
  RulePatch,
  Settings,
  SettingsPatch,
} from "./types.ts";
import { parseWithSchema } from "./validate.ts";

/** Renders a downstream for the admin API, hiding its key. */
export function toDownstreamJson(downstream: Downstream): DownstreamJson {
  return {
    ...fromDownstream(downstream),
    api_key: downstream.apiKey === "" ? "" : MASK,
  };
}

/** Renders a rule for the admin API. */
export function toRuleJson(rule: Rule): RuleJson {
  return fromRule(rule);
}

/** Renders an alias for the admin API. */
export function toAliasJson(alias: Alias): AliasJson {
  return fromAlias(alias);
}

/** Renders settings for the admin API, masking proxy keys and never including the admin password. */
export function toSettingsJson(settings: Settings): SettingsJson {
  return {
    listen: settings.listen,
    admin_password_set: settings.adminPassword !== "",
    proxy_api_keys: settings.proxyApiKeys.map((entry) =>
      typeof entry === "string"
        ? maskKey(entry)
        : { name: entry.name, key: maskKey(entry.key) }
    ),
    proxy_mode: settings.proxyMode,
    log_level: settings.logLevel,
    default_tab: settings.defaultTab,
    upstream_connect_timeout_ms: settings.upstreamConnectTimeoutMs,
    upstream_idle_timeout_ms: settings.upstreamIdleTimeoutMs,
    max_body_bytes: settings.maxBodyBytes,
    log_buffer_size: settings.logBufferSize,
    database: settings.database,
    allowed_hosts: [...settings.allowedHosts],
    cors_allowed_origins: [...settings.corsAllowedOrigins],
    usage_retention_days: settings.usageRetentionDays ??
      DEFAULT_USAGE_RETENTION_DAYS,
    metrics_token_set: (settings.metricsToken ?? "") !== "",
  };
}

/** Parses a create-downstream body; a `***` key counts as no key. */
export function parseDownstreamInput(json: unknown): DownstreamInput {
  const data = parseWithSchema(downstreamSchema, json);
  return toDownstream(
    data.api_key === MASK ? { ...data, api_key: undefined } : data,
  );
}

/** Parses a downstream update; absent fields (and a `***` key) keep their value. */
export function parseDownstreamPatch(json: unknown): DownstreamPatch {
  const data = parseWithSchema(downstreamPatchSchema, json);
  const patch: {
    -readonly [K in keyof DownstreamPatch]: DownstreamPatch[K];
  } = {};
  if (data.name !== undefined) patch.name = data.name;
  if (data.api_formats !== undefined) patch.apiFormats = data.api_formats;
  if (data.base_url !== undefined) patch.baseUrl = data.base_url;
  if (data.api_key !== undefined && data.api_key !== MASK) {
    patch.apiKey = data.api_key;
  }
  if (data.output_model_ids !== undefined) {
    patch.outputModelIds = [...new Set(data.output_model_ids)];
  }
  if (data.max_output_tokens !== undefined) {
    patch.maxOutputTokens = data.max_output_tokens;
  }
  if (data.default_max_tokens !== undefined) {
    patch.defaultMaxTokens = data.default_max_tokens;
  }
  if (data.reasoning_effort_models !== undefined) {
    patch.reasoningEffortModels = data.reasoning_effort_models === null
      ? null
      : [...new Set(data.reasoning_effort_models)];
  }
  if (data.hosted_tools !== undefined) patch.hostedTools = data.hosted_tools;
  if (data.strip_billing_header !== undefined) {
    patch.stripBillingHeader = data.strip_billing_header;
  }
  if (data.anthropic_beta !== undefined) {
    patch.anthropicBeta = data.anthropic_beta === null
      ? null
      : [...new Set(data.anthropic_beta)];
  }
  if (data.prices !== undefined) {
    patch.prices = data.prices === null ? null : toPrices(data.prices);
  }
  return patch;
}

/** Parses a create-rule body (defaults: enabled, any model, any format, no plugins). */
export function parseRuleInput(json: unknown): Rule {
  return toRule(parseWithSchema(ruleSchema, json));
}

/** Parses a rule update; absent fields keep their value. */
export function parseRulePatch(json: unknown): RulePatch {
  const data = parseWithSchema(rulePatchSchema, json);
  const patch: { -readonly [K in keyof RulePatch]: RulePatch[K] } = {};
  if (data.name !== undefined) patch.name = data.name;
  if (data.pattern_path !== undefined) patch.patternPath = data.pattern_path;
  if (data.pattern_model !== undefined) patch.patternModel = data.pattern_model;
  if (data.match_format !== undefined) patch.matchFormat = data.match_format;
  if (data.match_downstream_format !== undefined) {
    patch.matchDownstreamFormat = data.match_downstream_format;
  }
  if (data.match_downstreams !== undefined) {
    patch.matchDownstreams = data.match_downstreams;
  }
  if (data.is_enabled !== undefined) patch.isEnabled = data.is_enabled;
  if (data.pipeline_config !== undefined) {
    patch.pipelineConfig = data.pipeline_config.map(toPipelineStep);
  }
  return patch;
}

/** Parses a create-alias body (defaults: inactive, not a regex, the group's order). */
export function parseAliasInput(json: unknown): AliasInput {
  const alias = toAliasFields(parseWithSchema(aliasSchema, json));
  checkRegex(alias.inputModelId, alias.isRegex);
  return alias;
}

/** Parses an alias update; absent fields keep their value. */
export function parseAliasPatch(json: unknown): AliasPatch {
  const data = parseWithSchema(aliasPatchSchema, json);
  const patch: { -readonly [K in keyof AliasPatch]: AliasPatch[K] } = {};
  if (data.input_model_id !== undefined) {
    patch.inputModelId = data.input_model_id;
  }
  if (data.downstream_id !== undefined) patch.downstreamId = data.downstream_id;
  if (data.output_model_id !== undefined) {
    patch.outputModelId = data.output_model_id;
  }
  if (data.is_active !== undefined) patch.isActive = data.is_active;
  if (data.is_regex !== undefined) patch.isRegex = data.is_regex;
  if (data.group_order !== undefined) patch.groupOrder = data.group_order;
  if (data.failover !== undefined) patch.failover = data.failover;
  if (data.is_regex === true && data.input_model_id !== undefined) {
    checkRegex(data.input_model_id, true);
  }
  return patch;
}

/** Parses a settings update (`PUT /api/config`); masked proxy keys are resolved by the store. */
export function parseSettingsPatch(json: unknown): SettingsPatch {
  const data = parseWithSchema(settingsPatchSchema, json);
  const patch: { -readonly [K in keyof SettingsPatch]: SettingsPatch[K] } = {};
  if (data.proxy_mode !== undefined) {
    patch.proxyMode = toProxyMode(data.proxy_mode);
  }
  if (data.proxy_api_keys !== undefined) {
    patch.proxyApiKeys = data.proxy_api_keys;
  }
  if (data.admin_password !== undefined) {
    patch.adminPassword = data.admin_password;
  }
  if (data.default_tab !== undefined) patch.defaultTab = data.default_tab;
  if (data.log_level !== undefined) patch.logLevel = data.log_level;
  if (data.allowed_hosts !== undefined) patch.allowedHosts = data.allowed_hosts;
  if (data.cors_allowed_origins !== undefined) {
    patch.corsAllowedOrigins = data.cors_allowed_origins;
  }
  if (data.usage_retention_days !== undefined) {
    patch.usageRetentionDays = data.usage_retention_days;
  }
  if (data.metrics_token !== undefined) patch.metricsToken = data.metrics_token;
  return patch;
}

function checkRegex(inputModelId: string, isRegex: boolean): void {
  const problem = regexProblem(inputModelId, isRegex);
  if (problem !== undefined) {
    throw new ValidationError("input_model_id", problem);
  }
}
