/**
 * Default settings, the text of a freshly created config file, and the seed entities used when
 * the config and database define none.
 *
 * @module
 */
import type { Alias, Downstream, Rule, Settings } from "./types.ts";

/** Default `responses_max_stored`. */
export const DEFAULT_RESPONSES_MAX_STORED = 1000;
/** Default `responses_max_age_hours` (30 days). */
export const DEFAULT_RESPONSES_MAX_AGE_HOURS = 720;
/** Default `usage_retention_days`. */
export const DEFAULT_USAGE_RETENTION_DAYS = 90;
/** Default `metrics_token`: none (only the admin credentials open `/metrics`). */
export const DEFAULT_METRICS_TOKEN = "";

/** Settings used for every key the config file leaves out. */
export const DEFAULT_SETTINGS: Settings = Object.freeze({
  listen: "127.0.0.1:11510",
  adminPassword: "",
  proxyApiKeys: Object.freeze([]),
  proxyMode: "auto",
  logLevel: "info",
  defaultTab: "aliases",
  upstreamConnectTimeoutMs: 10000,
  upstreamIdleTimeoutMs: 300000,
  maxBodyBytes: 33554432,
  logBufferSize: 1000,
  database: "tresor.db",
  responsesMaxStored: DEFAULT_RESPONSES_MAX_STORED,
  responsesMaxAgeHours: DEFAULT_RESPONSES_MAX_AGE_HOURS,
  allowedHosts: Object.freeze([]),
  corsAllowedOrigins: Object.freeze([]),
  usageRetentionDays: DEFAULT_USAGE_RETENTION_DAYS,
  metricsToken: DEFAULT_METRICS_TOKEN,
  capture: Object.freeze({
    mode: "errors",
    maxRequests: 200,
    maxBodyBytes: 1048576,
  }),
});

/**
 * The config file written when none exists; downstreams, rules and aliases are seeded after it.
 * Spaced the way the YAML library writes, so the first write-back changes no line of it.
 */
export const DEFAULT_CONFIG_YAML = `# Tresor configuration.
# Changes made through the admin API, the web UI or the CLI are written back to this file;
# comments and key order are kept. Downstreams, rules and aliases follow the settings; examples
# are added on first start.

listen: 127.0.0.1:11510 # host:port of the gateway, admin API and web UI
admin_password: "" # empty → admin auth disabled (then only loopback clients are served)
proxy_api_keys: [] # keys clients must send; empty → gateway open
proxy_mode: auto # outbound: auto | env | none | http://host:port
log_level: info # debug | info | warn | error
default_tab: aliases # web UI tab shown first
upstream_connect_timeout_ms: 10000 # connect + response headers; then 504
upstream_idle_timeout_ms: 300000 # no byte from the upstream for this long; then 504 / error event
max_body_bytes: 33554432 # larger request bodies → 413
log_buffer_size: 1000 # request log entries kept in memory
database: tresor.db # SQLite file, relative to this file's folder
allowed_hosts: [] # extra Host names served while listen is loopback (e.g. tresor.lan)
cors_allowed_origins: [] # browser origins allowed to call the gateway (e.g. http://localhost:5173)
`;

/** Downstreams seeded when neither the config nor the database has any. */
export const SEED_DOWNSTREAMS: readonly Downstream[] = [
  {
    id: "openai-gpt4o",
    name: "OpenAI",
    apiFormats: ["openai", "responses"],
    baseUrl: "https://api.openai.com/v1",
    apiKey: "",
    outputModelIds: ["gpt-4o", "gpt-4o-mini"],
  },
  {
    id: "anthropic-sonnet",
    name: "Anthropic Sonnet",
    apiFormats: ["anthropic"],
    baseUrl: "https://api.anthropic.com",
    apiKey: "",
    outputModelIds: ["claude-sonnet-4-20250514"],
  },
  {
    id: "anthropic-haiku",
    name: "Anthropic Haiku",
    apiFormats: ["anthropic"],
    baseUrl: "https://api.anthropic.com",
    apiKey: "",
    outputModelIds: ["claude-3-5-haiku-20241022"],
  },
];

/** Aliases seeded when neither the config nor the database has any (those whose downstream exists). */
export const SEED_ALIASES: readonly Alias[] = [
  {
    id: "gpt-4o",
    inputModelId: "gpt-4o",
    downstreamId: "openai-gpt4o",
    outputModelId: "gpt-4o",
    isActive: true,
    isRegex: false,
    groupOrder: 0,
    failover: false,
  },
  {
    id: "gpt-4o-via-sonnet",
    inputModelId: "gpt-4o",
    downstreamId: "anthropic-sonnet",
    outputModelId: "claude-sonnet-4-20250514",
    isActive: false,
    isRegex: false,
    groupOrder: 0,
    failover: false,
  },
  {
    id: "claude-sonnet",
    inputModelId: "claude-sonnet",
    downstreamId: "anthropic-sonnet",
    outputModelId: "claude-sonnet-4-20250514",
    isActive: true,
    isRegex: false,
    groupOrder: 1,
    failover: false,
  },
  {
    id: "claude-sonnet-via-haiku",
    inputModelId: "claude-sonnet",
    downstreamId: "anthropic-haiku",
    outputModelId: "claude-3-5-haiku-20241022",
    isActive: false,
    isRegex: false,
    groupOrder: 1,
    failover: false,
  },
  {
    id: "claude-sonnet-via-gpt4o",
    inputModelId: "claude-sonnet",
    downstreamId: "openai-gpt4o",
    outputModelId: "gpt-4o",
    isActive: false,
    isRegex: false,
    groupOrder: 1,
    failover: false,
  },
];

/** Rules seeded when neither the config nor the database has any: one disabled example. */
export const SEED_RULES: readonly Rule[] = [
  {
    id: "example-header",
    name: "Example: add a header to every request",
    patternPath: "*",
    patternModel: "",
    matchFormat: [],
    matchDownstreamFormat: [],
    matchDownstreams: [],
    isEnabled: false,
    pipelineConfig: [
      {
        pluginId: "custom_header",
        isEnabled: true,
        config: { headers: { "x-tresor-example": "1" } },
      },
    ],
  },
];
