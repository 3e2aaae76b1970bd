/**
 * Island props from the store's domain objects: the admin API's JSON shapes (snake_case, keys
 * masked), typed as `Json` so they can be serialised into the page.
 *
 * @module
 */
import {
  type Alias,
  type Downstream,
  maskKey,
  type Rule,
  type Settings,
  toAliasJson,
  toDownstreamJson,
} from "../store/mod.ts";
import type { RequestLogEntry } from "../gateway/mod.ts";
import type { PluginInfo } from "../plugins/mod.ts";
import { toJson, toJsonObject } from "../web/mod.ts";
import type {
  AliasJson,
  DownstreamJson,
  LogEntryJson,
  PluginJson,
  RuleJson,
  SettingsJson,
} from "../islands/mod.ts";

/** A downstream as `GET /api/downstreams` shows it. */
export function toDownstreamProps(d: Downstream): DownstreamJson {
  return toDownstreamJson(d);
}

/** An alias as `GET /api/aliases` shows it. */
export function toAliasProps(a: Alias): AliasJson {
  return toAliasJson(a);
}

/** A rule as `GET /api/rules` shows it. */
export function toRuleProps(r: Rule): RuleJson {
  return {
    id: r.id,
    name: r.name,
    pattern_path: r.patternPath,
    pattern_model: r.patternModel,
    match_format: [...r.matchFormat],
    match_downstream_format: [...r.matchDownstreamFormat],
    match_downstreams: [...r.matchDownstreams],
    is_enabled: r.isEnabled,
    pipeline_config: r.pipelineConfig.map((step, i) => ({
      plugin_id: step.pluginId,
      is_enabled: step.isEnabled,
      config: toJsonObject(step.config, `pipeline_config[${i}].config`),
    })),
  };
}

/** A plugin as `GET /api/plugins` shows it. */
export function toPluginProps(p: PluginInfo): PluginJson {
  return {
    id: p.id,
    description: p.description,
    converts: p.converts ? { from: p.converts.from, to: p.converts.to } : null,
    config_schema: toJson(p.config_schema, `${p.id}.config_schema`),
  };
}

/** A request log entry as `GET /api/logs` shows it. */
export function toLogEntryProps(e: RequestLogEntry): LogEntryJson {
  return { ...e, rules: [...e.rules], plugins: [...e.plugins] };
}

/** The runtime settings the settings form edits (the password only as "is set"). */
export function toSettingsProps(s: Settings): SettingsJson {
  return {
    proxy_mode: s.proxyMode,
    proxy_api_keys: s.proxyApiKeys.map(maskKey),
    default_tab: s.defaultTab,
    log_level: s.logLevel,
    admin_password_set: s.adminPassword !== "",
    allowed_hosts: [...s.allowedHosts],
    cors_allowed_origins: [...s.corsAllowedOrigins],
  };
}
