/**
 * The store: the YAML config file, SQLite, write-back and the routing snapshot. `cli/` opens it
 * with {@link openStore}; `routes/` uses the {@link Store} API and the admin JSON mappers and
 * parsers; `gateway/` may only `import type` from here (it receives a snapshot getter).
 *
 * This file is the folder's public surface; every other file in `store/` is private to it,
 * except `types.ts` and `errors.ts`, which may also be imported directly. The admin API's JSON
 * contract (`admin_json.ts`: `DownstreamJson`, `RuleJson`, …) is exported from here only: the
 * islands and the CLI `import type` it from this module.
 *
 * @module
 */
export * from "./types.ts";
export * from "./errors.ts";
export type * from "./admin_json.ts";
export {
  resolveConfigPath,
  type ResolveConfigPathOptions,
} from "./config_path.ts";
export {
  type OpenedStore,
  openStore,
  type OpenStoreOptions,
} from "./open_store.ts";
export { loadConfig, type LoadedSettings } from "./load_config.ts";
export {
  DEFAULT_CONFIG_YAML,
  DEFAULT_SETTINGS,
  DEFAULT_USAGE_RETENTION_DAYS,
} from "./defaults.ts";
export { maskKey } from "./mask.ts";
export { findPreset, PRESETS } from "./presets.ts";
export {
  openResponseStore,
  type ResponseRecord,
  type ResponseStore,
  type ResponseStoreOptions,
} from "./response_store.ts";
export {
  openUsageStore,
  type UsageStore,
  type UsageStoreOptions,
} from "./usage_store.ts";
export type { UsageQuery } from "./usage_report.ts";
export { USAGE_CSV_HEADER } from "./usage_csv.ts";
export {
  BUILTIN_PRICES_TAKEN,
  createPriceLookup,
  findPrice,
} from "./pricing.ts";
export {
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
} from "./json.ts";
