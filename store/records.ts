/**
 * The camelCase ⇄ snake_case seam for entities: `to*` turns what a schema of `schemas.ts`
 * accepted into a domain object with its defaults applied; `from*` writes a domain object in
 * the contract's names, as the YAML file, SQLite and the admin API store it.
 *
 * @module
 */
import type { z } from "zod";
import {
  DEFAULT_METRICS_TOKEN,
  DEFAULT_RESPONSES_MAX_AGE_HOURS,
  DEFAULT_RESPONSES_MAX_STORED,
  DEFAULT_USAGE_RETENTION_DAYS,
} from "./defaults.ts";
import {
  type AliasData,
  type DownstreamData,
  type DownstreamRecord,
  type ModelPriceData,
  type pipelineStepSchema,
  type RuleData,
  type RuleRecord,
  type SettingsKey,
  type settingsShape,
  toProxyMode,
} from "./schemas.ts";
import type {
  Alias,
  Downstream,
  ModelPrice,
  PipelineStep,
  Rule,
  Settings,
} from "./types.ts";

/** A validated downstream with defaults applied. */
export function toDownstream(data: DownstreamData): Downstream {
  return {
    id: data.id,
    name: data.name ?? data.id,
    apiFormats: data.api_formats ?? [],
    baseUrl: data.base_url,
    apiKey: data.api_key ?? "",
    outputModelIds: dedupe(data.output_model_ids ?? []),
    ...(data.max_output_tokens === undefined
      ? {}
      : { maxOutputTokens: data.max_output_tokens }),
    ...(data.default_max_tokens === undefined
      ? {}
      : { defaultMaxTokens: data.default_max_tokens }),
    ...(data.reasoning_effort_models === undefined
      ? {}
      : { reasoningEffortModels: dedupe(data.reasoning_effort_models) }),
    ...(data.hosted_tools === undefined
      ? {}
      : { hostedTools: data.hosted_tools }),
    ...(data.strip_billing_header === undefined
      ? {}
      : { stripBillingHeader: data.strip_billing_header }),
    ...(data.anthropic_beta === undefined
      ? {}
      : { anthropicBeta: dedupe(data.anthropic_beta) }),
    ...(data.prices === undefined ? {} : { prices: toPrices(data.prices) }),
  };
}

/** Validated `prices` as the domain holds them. */
export function toPrices(
  prices: Readonly<Record<string, ModelPriceData>>,
): Record<string, ModelPrice> {
  const out: Record<string, ModelPrice> = {};
  for (const [model, p] of Object.entries(prices)) {
    out[model] = {
      input: p.input,
      output: p.output,
      ...(p.cache_read === undefined ? {} : { cacheRead: p.cache_read }),
      ...(p.cache_write === undefined ? {} : { cacheWrite: p.cache_write }),
      ...(p.cache_write_1h === undefined
        ? {}
        : { cacheWrite1h: p.cache_write_1h }),
    };
  }
  return out;
}

/** `prices` in their YAML names. */
export function fromPrices(
  prices: Readonly<Record<string, ModelPrice>>,
): Record<string, ModelPriceData> {
  const out: Record<string, ModelPriceData> = {};
  for (const [model, p] of Object.entries(prices)) {
    out[model] = {
      input: p.input,
      output: p.output,
      ...(p.cacheRead === undefined ? {} : { cache_read: p.cacheRead }),
      ...(p.cacheWrite === undefined ? {} : { cache_write: p.cacheWrite }),
      ...(p.cacheWrite1h === undefined
        ? {}
        : { cache_write_1h: p.cacheWrite1h }),
    };
  }
  return out;
}

/** A downstream in snake_case, as the YAML file stores it (secrets included). */
export function fromDownstream(downstream: Downstream): DownstreamRecord {
  return {
    id: downstream.id,
    name: downstream.name,
    api_formats: [...downstream.apiFormats],
    base_url: downstream.baseUrl,
    api_key: downstream.apiKey,
    output_model_ids: [...downstream.outputModelIds],
    ...(downstream.maxOutputTokens === undefined
      ? {}
      : { max_output_tokens: downstream.maxOutputTokens }),
    ...(downstream.defaultMaxTokens === undefined
      ? {}
      : { default_max_tokens: downstream.defaultMaxTokens }),
    ...(downstream.reasoningEffortModels === undefined
      ? {}
      : { reasoning_effort_models: [...downstream.reasoningEffortModels] }),
    ...(downstream.hostedTools === undefined
      ? {}
      : { hosted_tools: downstream.hostedTools }),
    ...(downstream.stripBillingHeader === undefined
      ? {}
      : { strip_billing_header: downstream.stripBillingHeader }),
    ...(downstream.anthropicBeta === undefined
      ? {}
      : { anthropic_beta: [...downstream.anthropicBeta] }),
    ...(downstream.prices === undefined
      ? {}
      : { prices: fromPrices(downstream.prices) }),
  };
}

/** A validated pipeline step with defaults applied. */
export function toPipelineStep(
  data: z.infer<typeof pipelineStepSchema>,
): PipelineStep {
  return {
    pluginId: data.plugin_id,
    isEnabled: data.is_enabled ?? true,
    config: data.config ?? {},
  };
}

/** A validated rule with defaults applied. */
export function toRule(data: RuleData): Rule {
  return {
    id: data.id,
    name: data.name ?? data.id,
    patternPath: data.pattern_path,
    patternModel: data.pattern_model ?? "",
    matchFormat: data.match_format ?? [],
    matchDownstreamFormat: data.match_downstream_format ?? [],
    matchDownstreams: dedupe(data.match_downstreams ?? []),
    isEnabled: data.is_enabled ?? true,
    pipelineConfig: (data.pipeline_config ?? []).map(toPipelineStep),
  };
}

/** A rule in snake_case. */
export function fromRule(rule: Rule): RuleRecord {
  return {
    id: rule.id,
    name: rule.name,
    pattern_path: rule.patternPath,
    pattern_model: rule.patternModel,
    match_format: [...rule.matchFormat],
    match_downstream_format: [...rule.matchDownstreamFormat],
    match_downstreams: [...rule.matchDownstreams],
    is_enabled: rule.isEnabled,
    pipeline_config: rule.pipelineConfig.map((step) => ({
      plugin_id: step.pluginId,
      is_enabled: step.isEnabled,
      config: structuredClone(step.config),
    })),
  };
}

/** A validated alias; `groupOrder` stays undefined when absent (the store picks it). */
export function toAliasFields(
  data: AliasData,
): Omit<Alias, "groupOrder"> & { groupOrder?: number } {
  return {
    id: data.id,
    inputModelId: data.input_model_id,
    downstreamId: data.downstream_id,
    outputModelId: data.output_model_id,
    isActive: data.is_active ?? false,
    isRegex: data.is_regex ?? false,
    ...(data.group_order === undefined ? {} : { groupOrder: data.group_order }),
    failover: data.failover ?? false,
  };
}

/** An alias in snake_case. */
export function fromAlias(alias: Alias): Required<AliasData> {
  return {
    id: alias.id,
    input_model_id: alias.inputModelId,
    downstream_id: alias.downstreamId,
    output_model_id: alias.outputModelId,
    is_active: alias.isActive,
    is_regex: alias.isRegex,
    group_order: alias.groupOrder,
    failover: alias.failover,
  };
}

/** Settings in snake_case, as the YAML file and the settings table store them. */
export function fromSettings(
  settings: Settings,
): Record<SettingsKey, unknown> {
  return {
    listen: settings.listen,
    admin_password: settings.adminPassword,
    proxy_api_keys: settings.proxyApiKeys.map((entry) =>
      typeof entry === "string" ? entry : { name: entry.name, key: entry.key }
    ),
    proxy_mode: settings.proxyMode,
    log_level: settings.logLevel,
    default_tab: settings.defaultTab,
    upstream_connect_timeout_ms: settings.upstreamConnectTimeoutMs,
    upstream_idle_timeout_ms: settings.upstreamIdleTimeoutMs,
    max_body_bytes: settings.maxBodyBytes,
    log_buffer_size: settings.logBufferSize,
    database: settings.database,
    responses_max_stored: settings.responsesMaxStored ??
      DEFAULT_RESPONSES_MAX_STORED,
    responses_max_age_hours: settings.responsesMaxAgeHours ??
      DEFAULT_RESPONSES_MAX_AGE_HOURS,
    allowed_hosts: [...settings.allowedHosts],
    cors_allowed_origins: [...settings.corsAllowedOrigins],
    usage_retention_days: settings.usageRetentionDays ??
      DEFAULT_USAGE_RETENTION_DAYS,
    metrics_token: settings.metricsToken ?? DEFAULT_METRICS_TOKEN,
    tls: settings.tls === undefined
      ? null
      : { cert_file: settings.tls.certFile, key_file: settings.tls.keyFile },
    capture: {
      mode: settings.capture.mode,
      max_requests: settings.capture.maxRequests,
      max_body_bytes: settings.capture.maxBodyBytes,
    },
  };
}

/** Settings from validated snake_case values, absent keys taken from `base`. */
export function toSettings(
  data: Partial<z.infer<z.ZodObject<typeof settingsShape>>>,
  base: Settings,
): Settings {
  return {
    listen: data.listen ?? base.listen,
    adminPassword: data.admin_password ?? base.adminPassword,
    proxyApiKeys: data.proxy_api_keys ?? base.proxyApiKeys,
    proxyMode: data.proxy_mode === undefined
      ? base.proxyMode
      : toProxyMode(data.proxy_mode),
    logLevel: data.log_level ?? base.logLevel,
    defaultTab: data.default_tab ?? base.defaultTab,
    upstreamConnectTimeoutMs: data.upstream_connect_timeout_ms ??
      base.upstreamConnectTimeoutMs,
    upstreamIdleTimeoutMs: data.upstream_idle_timeout_ms ??
      base.upstreamIdleTimeoutMs,
    maxBodyBytes: data.max_body_bytes ?? base.maxBodyBytes,
    logBufferSize: data.log_buffer_size ?? base.logBufferSize,
    database: data.database ?? base.database,
    responsesMaxStored: data.responses_max_stored ?? base.responsesMaxStored,
    responsesMaxAgeHours: data.responses_max_age_hours ??
      base.responsesMaxAgeHours,
    allowedHosts: data.allowed_hosts ?? base.allowedHosts,
    corsAllowedOrigins: data.cors_allowed_origins ?? base.corsAllowedOrigins,
    usageRetentionDays: data.usage_retention_days ?? base.usageRetentionDays,
    metricsToken: data.metrics_token ?? base.metricsToken,
    ...toTls(data.tls, base.tls),
    capture: {
      mode: data.capture?.mode ?? base.capture.mode,
      maxRequests: data.capture?.max_requests ?? base.capture.maxRequests,
      maxBodyBytes: data.capture?.max_body_bytes ?? base.capture.maxBodyBytes,
    },
  };
}

/** `tls` as written (`null` or an object), else the base's; absent means plain HTTP. */
function toTls(
  data: { cert_file: string; key_file: string } | null | undefined,
  base: Settings["tls"],
): Pick<Settings, "tls"> {
  if (data === null) return {};
  if (data === undefined) return base === undefined ? {} : { tls: base };
  return { tls: { certFile: data.cert_file, keyFile: data.key_file } };
}

function dedupe<T>(values: readonly T[]): T[] {
  return [...new Set(values)];
}
