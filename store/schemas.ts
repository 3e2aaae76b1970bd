/**
 * The zod schemas of the config entities, in the contract's snake_case names. One schema per
 * entity validates YAML list items, admin API input (create) and, made partial, API patches.
 * `records.ts` maps what they accept to the camelCase domain types and back.
 *
 * @module
 */
import { z } from "zod";
import {
  API_FORMATS,
  CAPTURE_MODES,
  HOSTED_TOOLS,
  type JsonRecord,
  type LogLevel,
  type ProxyMode,
  type Settings,
} from "./types.ts";

const ID_REGEXP = /^[A-Za-z0-9_.-]+$/;
const LISTEN_REGEXP = /^(\[[^\]]+\]|[^:\s\[\]]+):(\d{1,5})$/;

/** Pages of the web UI a user may pick as `default_tab`. */
export const TABS = [
  "aliases",
  "downstreams",
  "rules",
  "logs",
  "usage",
  "settings",
  "about",
] as const;

/** Log levels accepted by `log_level`. */
export const LOG_LEVELS = [
  "debug",
  "info",
  "warn",
  "error",
] as const satisfies readonly LogLevel[];

function isHttpUrl(value: string): boolean {
  const url = URL.parse(value);
  return url !== null && url.hostname !== "" &&
    (url.protocol === "http:" || url.protocol === "https:");
}

function isProxyMode(value: string): value is ProxyMode {
  return value === "auto" || value === "env" || value === "none" ||
    isHttpUrl(value);
}

// A host name (or IPv4 literal) or a bracketed IPv6 literal, lower case, with an optional port.
const HOST_ENTRY_REGEXP =
  /^(?:[a-z0-9_](?:[a-z0-9_-]*[a-z0-9_])?(?:\.[a-z0-9_](?:[a-z0-9_-]*[a-z0-9_])?)*|\[[0-9a-f:.]+\])(?::(\d{1,5}))?$/;

/** Whether `value` is an `allowed_hosts` entry: `name` or `name:port`, as a `Host` header writes it. */
function isHostEntry(value: string): boolean {
  const match = HOST_ENTRY_REGEXP.exec(value);
  return match !== null &&
    (match[1] === undefined || Number(match[1]) <= 65535);
}

/**
 * Why `value` is not a `cors_allowed_origins` entry, or `undefined`. An entry must be written
 * the way browsers send `Origin` (lower case, no default port, no path), or it could never match.
 */
function originProblem(value: string): string | undefined {
  if (!URL.canParse(value)) {
    return "must be an origin such as http://localhost:5173";
  }
  const url = new URL(value);
  if (url.protocol !== "http:" && url.protocol !== "https:") {
    return "must be an http:// or https:// origin";
  }
  return url.origin === value
    ? undefined
    : `must be written "${url.origin}" (scheme://host[:port], no path)`;
}

const originSchema = z.string().superRefine((value, ctx) => {
  const problem = originProblem(value);
  if (problem !== undefined) ctx.addIssue({ code: "custom", message: problem });
});

function isListen(value: string): boolean {
  const match = LISTEN_REGEXP.exec(value);
  return match !== null && Number(match[2]) <= 65535;
}

/** An entity id: letters, digits, `_`, `.`, `-`. */
export const idSchema = z.string().regex(
  ID_REGEXP,
  "must match [A-Za-z0-9_.-]+",
);
const formatSchema = z.enum(API_FORMATS);
const formatsSchema = z.array(formatSchema);
const httpUrlSchema = z.string().refine(isHttpUrl, "not a URL");
const positiveIntSchema = z.number().int("not an integer").positive(
  "must be positive",
);
const modelIdSchema = z.string().min(1, "must not be empty");
const modelListSchema = z.array(modelIdSchema);
const hostedToolsSchema = z.enum(HOSTED_TOOLS);
const betaListSchema = z.array(z.string().min(1, "must not be empty"));
const priceSchema = z.number().finite("not a number").min(
  0,
  "must not be negative",
);

/** One model's prices in USD per 1 M tokens, as written under a downstream's `prices`. */
export const modelPriceSchema = z.object({
  input: priceSchema,
  output: priceSchema,
  cache_read: priceSchema.optional(),
  cache_write: priceSchema.optional(),
  cache_write_1h: priceSchema.optional(),
}).strict();

/** A model's prices in snake_case. */
export type ModelPriceData = z.infer<typeof modelPriceSchema>;

const pricesSchema = z.record(modelIdSchema, modelPriceSchema);

/** A downstream as written in YAML or posted to the API; absent optional fields get defaults in {@link toDownstream}. */
export const downstreamSchema = z.object({
  id: idSchema,
  name: z.string().optional(),
  api_formats: formatsSchema.optional(),
  base_url: httpUrlSchema,
  api_key: z.string().optional(),
  output_model_ids: z.array(modelIdSchema).optional(),
  max_output_tokens: positiveIntSchema.optional(),
  default_max_tokens: positiveIntSchema.optional(),
  reasoning_effort_models: modelListSchema.optional(),
  hosted_tools: hostedToolsSchema.optional(),
  strip_billing_header: z.boolean().optional(),
  anthropic_beta: betaListSchema.optional(),
  prices: pricesSchema.optional(),
});

/** The optional per-downstream keys: absent means Tresor's default for that key. */
type DownstreamOptionalName =
  | "max_output_tokens"
  | "default_max_tokens"
  | "reasoning_effort_models"
  | "hosted_tools"
  | "strip_billing_header"
  | "anthropic_beta"
  | "prices";

/** A downstream in snake_case. */
export type DownstreamData = z.infer<typeof downstreamSchema>;

/** A downstream in snake_case with every defaulted field present, as the store writes it. */
export type DownstreamRecord =
  & Required<Omit<DownstreamData, DownstreamOptionalName>>
  & Pick<DownstreamData, DownstreamOptionalName>;

/** A partial downstream update. */
export const downstreamPatchSchema = downstreamSchema.omit({ id: true })
  .partial()
  // In an update, null clears an optional key.
  .extend({
    max_output_tokens: positiveIntSchema.nullable().optional(),
    default_max_tokens: positiveIntSchema.nullable().optional(),
    reasoning_effort_models: modelListSchema.nullable().optional(),
    hosted_tools: hostedToolsSchema.nullable().optional(),
    strip_billing_header: z.boolean().nullable().optional(),
    anthropic_beta: betaListSchema.nullable().optional(),
    prices: pricesSchema.nullable().optional(),
  });

/** One step of a rule's pipeline. */
export const pipelineStepSchema = z.object({
  plugin_id: z.string().min(1, "must not be empty"),
  is_enabled: z.boolean().optional(),
  config: z.record(z.string(), z.json()).optional(),
});

/** A pipeline step in snake_case with its defaults filled in. */
export type PipelineStepRecord =
  & Required<Omit<z.infer<typeof pipelineStepSchema>, "config">>
  & { config: JsonRecord };

/** A rule as written in YAML or posted to the API. */
export const ruleSchema = z.object({
  id: idSchema,
  name: z.string().optional(),
  pattern_path: z.string().refine(
    (value) => value === "*" || value.startsWith("/"),
    "must be * or a path starting with /",
  ),
  pattern_model: z.string().optional(),
  match_format: formatsSchema.optional(),
  match_downstream_format: formatsSchema.optional(),
  match_downstreams: z.array(idSchema).optional(),
  is_enabled: z.boolean().optional(),
  pipeline_config: z.array(pipelineStepSchema).optional(),
});

/** A rule in snake_case. */
export type RuleData = z.infer<typeof ruleSchema>;

/** A rule in snake_case with every defaulted field present, as the store writes it. */
export type RuleRecord = Required<Omit<RuleData, "pipeline_config">> & {
  pipeline_config: PipelineStepRecord[];
};

/** A partial rule update. */
export const rulePatchSchema = ruleSchema.omit({ id: true }).partial();

/** An alias as written in YAML or posted to the API; regex validity is checked by {@link regexProblem}. */
export const aliasSchema = z.object({
  id: idSchema,
  input_model_id: modelIdSchema,
  downstream_id: idSchema,
  output_model_id: modelIdSchema,
  is_active: z.boolean().optional(),
  is_regex: z.boolean().optional(),
  group_order: z.number().int("not an integer").min(0, "must not be negative")
    .optional(),
  failover: z.boolean().optional(),
});

/** An alias in snake_case. */
export type AliasData = z.infer<typeof aliasSchema>;

/** A partial alias update. */
export const aliasPatchSchema = aliasSchema.omit({ id: true }).partial();

/** A key name: shown in logs, usage and metrics, so printable and short. */
const KEY_NAME_REGEXP = /^[^\s*\p{Cc}][^\p{Cc}]{0,63}$/u;

/** A `proxy_api_keys` entry: a plain key, or `{name, key}`. */
const proxyApiKeySchema = z.union([
  z.string().min(1, "must not be empty"),
  z.object({
    name: z.string().regex(
      KEY_NAME_REGEXP,
      "must be 1 to 64 printable characters, not starting with a space or *",
    ),
    key: z.string().min(1, "must not be empty"),
  }).strict(),
]);

/** `proxy_api_keys`: named keys' names must be unique (usage is grouped by them). */
const proxyApiKeysSchema = z.array(proxyApiKeySchema).superRefine(
  (keys, ctx) => {
    const seen = new Set<string>();
    keys.forEach((entry, index) => {
      if (typeof entry === "string") return;
      if (seen.has(entry.name)) {
        ctx.addIssue({
          code: "custom",
          path: [index, "name"],
          message: `duplicate key name "${entry.name}"`,
        });
      }
      seen.add(entry.name);
    });
  },
);

/** The top-level settings keys of the YAML file. */
export const settingsShape = {
  listen: z.string().refine(isListen, "must be host:port"),
  admin_password: z.string(),
  proxy_api_keys: proxyApiKeysSchema,
  proxy_mode: z.string().refine(
    isProxyMode,
    "must be auto, env, none or an http(s) URL",
  ),
  log_level: z.enum(LOG_LEVELS),
  default_tab: z.enum(TABS),
  upstream_connect_timeout_ms: positiveIntSchema,
  upstream_idle_timeout_ms: positiveIntSchema,
  max_body_bytes: positiveIntSchema,
  log_buffer_size: positiveIntSchema,
  database: z.string().min(1, "must not be empty"),
  responses_max_stored: positiveIntSchema,
  responses_max_age_hours: positiveIntSchema,
  allowed_hosts: z.array(
    z.string().refine(
      isHostEntry,
      "must be a lower-case host name, optionally with :port (no scheme or path)",
    ),
  ),
  cors_allowed_origins: z.array(originSchema),
  usage_retention_days: positiveIntSchema,
  metrics_token: z.string(),
  // null (or absent) serves plain HTTP; the database stores the absence as null.
  tls: z.object({
    cert_file: z.string().min(1, "must not be empty"),
    key_file: z.string().min(1, "must not be empty"),
  }).nullable(),
  capture: z.object({
    mode: z.enum(CAPTURE_MODES),
    max_requests: positiveIntSchema,
    max_body_bytes: positiveIntSchema,
  }).partial(),
};

/** Settings that may be changed through the admin API. */
export const settingsPatchSchema = z.object({
  proxy_mode: settingsShape.proxy_mode,
  proxy_api_keys: settingsShape.proxy_api_keys,
  admin_password: settingsShape.admin_password,
  default_tab: settingsShape.default_tab,
  log_level: settingsShape.log_level,
  allowed_hosts: settingsShape.allowed_hosts,
  cors_allowed_origins: settingsShape.cors_allowed_origins,
  usage_retention_days: settingsShape.usage_retention_days,
  metrics_token: settingsShape.metrics_token,
}).partial();

/** The whole YAML file. Lists may be absent or `null` (an empty `downstreams:`). */
export const configSchema = z.object({
  ...z.object(settingsShape).partial().shape,
  downstreams: z.array(downstreamSchema).nullish(),
  rules: z.array(ruleSchema).nullish(),
  aliases: z.array(aliasSchema).nullish(),
});

/** The parsed YAML file. */
export type ConfigData = z.infer<typeof configSchema>;

/** Settings keys in snake_case, each with its camelCase field. */
export const SETTINGS_KEYS = {
  listen: "listen",
  admin_password: "adminPassword",
  proxy_api_keys: "proxyApiKeys",
  proxy_mode: "proxyMode",
  log_level: "logLevel",
  default_tab: "defaultTab",
  upstream_connect_timeout_ms: "upstreamConnectTimeoutMs",
  upstream_idle_timeout_ms: "upstreamIdleTimeoutMs",
  max_body_bytes: "maxBodyBytes",
  log_buffer_size: "logBufferSize",
  database: "database",
  responses_max_stored: "responsesMaxStored",
  responses_max_age_hours: "responsesMaxAgeHours",
  allowed_hosts: "allowedHosts",
  cors_allowed_origins: "corsAllowedOrigins",
  usage_retention_days: "usageRetentionDays",
  metrics_token: "metricsToken",
  tls: "tls",
  capture: "capture",
} as const satisfies Record<keyof typeof settingsShape, keyof Settings>;

/** A snake_case settings key. */
export type SettingsKey = keyof typeof SETTINGS_KEYS;

/** Whether `key` is a settings key of the YAML file. */
export function isSettingsKey(key: string): key is SettingsKey {
  return Object.hasOwn(SETTINGS_KEYS, key);
}

/** Narrows a validated proxy mode string. */
export function toProxyMode(value: string): ProxyMode {
  if (!isProxyMode(value)) {
    throw new TypeError(`Invalid proxy mode "${value}"`);
  }
  return value;
}

/** Why a regex alias pattern does not compile, or `undefined` when it does (or is not a regex). */
export function regexProblem(
  inputModelId: string,
  isRegex: boolean,
): string | undefined {
  if (!isRegex) return undefined;
  try {
    new RegExp(inputModelId);
    return undefined;
  } catch (error) {
    if (error instanceof SyntaxError) {
      return `not a valid regular expression: ${error.message}`;
    }
    throw error;
  }
}

/** Zod's per-parse error map: a missing required field reads "required". */
export function zodErrorMessage(
  issue: { code: string; input?: unknown },
): string | undefined {
  return issue.code === "invalid_type" && issue.input === undefined
    ? "required"
    : undefined;
}

/** Formats a zod issue path as `downstreams[1].base_url`. */
export function formatPath(path: readonly PropertyKey[]): string {
  let out = "";
  for (const part of path) {
    if (typeof part === "number") out += `[${part}]`;
    else out += out === "" ? String(part) : `.${String(part)}`;
  }
  return out;
}
