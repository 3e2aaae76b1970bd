/**
 * The admin API's JSON contract (CONTRACT.md "Admin API": field names are the YAML names): the
 * one declaration of every shape the API answers with and the islands and the CLI read. They
 * `import type` these from `store/mod.ts`; the architecture test forbids copies elsewhere.
 *
 * Declared as type aliases, not interfaces, so they are assignable to `web/json.ts`'s
 * `JsonObject` (island props must be JSON).
 *
 * @module
 */
import type {
  ApiFormat,
  CaptureMode,
  HostedTools,
  JsonRecord,
  JsonValue,
  LogLevel,
  ProxyMode,
} from "./types.ts";

/** The body of every admin API error: `field` is the path of the bad field on a 400, when known. */
export type ErrorJson = {
  readonly error: string;
  /** `base_url`, `api_formats[1]`, `pipeline_config[0].config.headers`, … */
  readonly field?: string;
};

/** `GET /api/downstreams` item; `api_key` is `***` when set, `""` when not. */
export type DownstreamJson = {
  readonly id: string;
  readonly name: string;
  readonly api_formats: readonly ApiFormat[];
  readonly base_url: string;
  readonly api_key: string;
  readonly output_model_ids: readonly string[];
  readonly max_output_tokens?: number;
  readonly default_max_tokens?: number;
  readonly reasoning_effort_models?: readonly string[];
  readonly hosted_tools?: HostedTools;
  readonly strip_billing_header?: boolean;
  readonly anthropic_beta?: readonly string[];
  /** Prices by model, overriding the built-in table for this downstream. */
  readonly prices?: Readonly<Record<string, ModelPriceJson>>;
};

/** A model's prices in USD per 1 M tokens (a downstream's `prices` entry). */
export type ModelPriceJson = {
  readonly input: number;
  readonly output: number;
  readonly cache_read?: number;
  readonly cache_write?: number;
  readonly cache_write_1h?: number;
};

/** `POST /api/downstreams/{id}/fetch-models`: the updated downstream and what was new. */
export type FetchModelsJson = {
  readonly downstream: DownstreamJson;
  /** How many model ids the provider listed. */
  readonly fetched: number;
  readonly added: readonly string[];
};

/** One step of a rule's pipeline. */
export type PipelineStepJson = {
  readonly plugin_id: string;
  readonly is_enabled: boolean;
  readonly config: JsonRecord;
};

/** `GET /api/rules` item. */
export type RuleJson = {
  readonly id: string;
  readonly name: string;
  readonly pattern_path: string;
  readonly pattern_model: string;
  readonly match_format: readonly ApiFormat[];
  readonly match_downstream_format: readonly ApiFormat[];
  readonly match_downstreams: readonly string[];
  readonly is_enabled: boolean;
  readonly pipeline_config: readonly PipelineStepJson[];
};

/** `GET /api/aliases` item. */
export type AliasJson = {
  readonly id: string;
  readonly input_model_id: string;
  readonly downstream_id: string;
  readonly output_model_id: string;
  readonly is_active: boolean;
  readonly is_regex: boolean;
  readonly group_order: number;
  /** Tried, in list order, when the group's active member fails before answering. */
  readonly failover: boolean;
};

/** `GET /api/config`: proxy keys masked, the admin password (write-only) only as a flag. */
export type SettingsJson = {
  readonly listen: string;
  readonly admin_password_set: boolean;
  /** Plain keys masked (`***-123`); named keys as `{name, key}` with the key masked. */
  readonly proxy_api_keys: readonly ProxyApiKeyJson[];
  readonly proxy_mode: ProxyMode;
  readonly log_level: LogLevel;
  readonly default_tab: string;
  readonly upstream_connect_timeout_ms: number;
  readonly upstream_idle_timeout_ms: number;
  readonly max_body_bytes: number;
  readonly log_buffer_size: number;
  readonly database: string;
  readonly allowed_hosts: readonly string[];
  readonly cors_allowed_origins: readonly string[];
  readonly usage_retention_days: number;
  /** `metrics_token` is write-only: whether one is set. */
  readonly metrics_token_set: boolean;
  /**
   * `GET /api/config` only: why the config file's current edit is refused
   * (`file:line: field: message`), the running config kept; `null` while the file is in use.
   */
  readonly config_error?: string | null;
};

/** A `proxy_api_keys` entry: a plain key, or a named one. */
export type ProxyApiKeyJson =
  | string
  | { readonly name: string; readonly key: string };

/** `GET /api/plugins` item. */
export type PluginJson = {
  readonly id: string;
  readonly description: string;
  readonly converts:
    | { readonly from: ApiFormat; readonly to: ApiFormat }
    | null;
  /** JSON Schema of the step config (zod's `toJSONSchema`, input side): drives the form. */
  readonly config_schema: JsonValue;
};

/**
 * `GET /api/logs` item and `/api/logs/stream` event (one gateway request). The gateway's
 * `RequestLogEntry` is this shape; `routes/` proves it at compile time.
 */
export type LogEntryJson = {
  /** Also sent to the client as `x-tresor-request-id`. */
  readonly id: string;
  /** ISO-8601 start time. */
  readonly time: string;
  /** `info` for 2xx/3xx, `warn` for 4xx, `error` for 5xx and failures. */
  readonly level: "info" | "warn" | "error";
  readonly method: string;
  readonly path: string;
  readonly format_in: ApiFormat | null;
  /** The format sent upstream (differs from `format_in` when translated). */
  readonly format_out: ApiFormat | null;
  readonly model_requested: string | null;
  readonly model_forwarded: string | null;
  /** Id of the alias that rewrote the model, if any. */
  readonly alias: string | null;
  readonly downstream: string | null;
  readonly rules: readonly string[];
  readonly plugins: readonly string[];
  readonly status: number;
  readonly streamed: boolean;
  /** Milliseconds to the first response byte sent to the client. */
  readonly ttfb_ms: number | null;
  readonly total_ms: number | null;
  /**
   * Tokens, absent when unknown: input not read from or written to the cache (Anthropic's
   * sense; OpenAI's prompt tokens less the cached ones), output (reasoning included).
   */
  readonly input_tokens?: number;
  readonly output_tokens?: number;
  readonly error?: string;
  /** The name of the client key that was accepted (`proxy_api_keys`); absent when open. */
  readonly key_name?: string;
  /** Why it failed, when it did: a gateway error kind, `upstream_status`, `client_closed`, … */
  readonly error_kind?: string;
  readonly cache_read_tokens?: number;
  /** Cache writes of any TTL; `cache_write_1h_tokens` of them for one hour. */
  readonly cache_write_tokens?: number;
  readonly cache_write_1h_tokens?: number;
  /** The part of `output_tokens` spent reasoning, when the upstream says. */
  readonly reasoning_tokens?: number;
  /** USD, at the prices when it ended; absent when nothing is known or the model is unpriced. */
  readonly cost_usd?: number;
  /** The tokens are Tresor's estimate: the upstream reported none. */
  readonly usage_estimated?: boolean;
  /**
   * Each member of a failover group tried or passed over, in order (issue 16); absent when the
   * request's target had no failover members. The last tried is the one that answered.
   */
  readonly attempts?: readonly LogAttemptJson[];
  /** The id of the request this one replayed (issue 17's inspector). */
  readonly replay_of?: string;
};

/** `POST /api/downstreams/{id}/refresh-prices`: the downstream and the models priced. */
export type RefreshPricesJson = {
  readonly downstream: DownstreamJson;
  /** Models the provider listed with prices. */
  readonly fetched: number;
  /** The downstream's models whose prices were set. */
  readonly updated: readonly string[];
};

/** What `GET /api/usage` sums, for the totals, each group and each series point. */
export type UsageSumsJson = {
  readonly requests: number;
  /** Requests answered with a status of 400 or more, or that failed after the first byte. */
  readonly errors: number;
  readonly input_tokens: number;
  readonly output_tokens: number;
  readonly cache_read_tokens: number;
  readonly cache_write_tokens: number;
  readonly reasoning_tokens: number;
  /** USD; null when nothing in it is priced. */
  readonly cost_usd: number | null;
  /** Requests with tokens but no known price (their cost is not in `cost_usd`). */
  readonly unpriced_requests: number;
};

/** What usage is grouped by. */
export type UsageGroupBy = "downstream" | "model" | "alias" | "key";

/** One group of `GET /api/usage`: its key (null for requests without one) and latencies. */
export type UsageGroupJson = UsageSumsJson & {
  readonly key: string | null;
  readonly ttfb_ms_p50: number | null;
  readonly ttfb_ms_p95: number | null;
  readonly duration_ms_p50: number | null;
  readonly duration_ms_p95: number | null;
};

/** One point of a series: a group's sums in the interval starting at `t` (ISO-8601, UTC). */
export type UsagePointJson = UsageSumsJson & {
  readonly t: string;
  readonly key: string | null;
};

/** `GET /api/usage`. */
export type UsageReportJson = {
  /** ISO-8601, inclusive. */
  readonly from: string;
  /** ISO-8601, exclusive. */
  readonly to: string;
  readonly group_by: UsageGroupBy;
  readonly interval: "hour" | "day";
  readonly totals: UsageSumsJson;
  /** By cost, then requests, highest first. */
  readonly groups: readonly UsageGroupJson[];
  /** By time, then key. */
  readonly series: readonly UsagePointJson[];
};

/** One try at a failover group's member within a request (`LogEntryJson.attempts`). */
export type LogAttemptJson = {
  readonly downstream: string;
  /** The model sent to it. */
  readonly model: string;
  /** The alias (group member) it came from. */
  readonly alias: string;
  /** The upstream's status; `null` when no answer came. */
  readonly status: number | null;
  /**
   * Why it did not answer the client: no connection (`unreachable`), no head in time (`timeout`),
   * a 429/5xx/529 (`status`), or resting after a `retry-after` (`cooling`, not tried); `null`
   * for the attempt whose answer went to the client.
   */
  readonly error_kind: "unreachable" | "timeout" | "status" | "cooling" | null;
  /** From sending to the head or the failure. */
  readonly duration_ms: number;
};

/**
 * `GET /api/presets` item: a provider's settings as a new downstream starts from them
 * (`store/presets.ts`). `note` (beyond CONTRACT.md) says what a preset's formats need.
 */
export type PresetJson = {
  readonly id: string;
  readonly name: string;
  readonly base_url: string;
  readonly api_formats: readonly ApiFormat[];
  /** What the provider's keys look like, or that none is needed: the key field's placeholder. */
  readonly key_hint: string;
  readonly docs_url: string;
  /** Model ids to start with; `fetch-models` asks the provider for the current list. */
  readonly models: readonly string[];
  readonly note?: string;
};

/**
 * One check of a downstream test: `models` (the provider's model list) or a format name (a
 * 1-token request in that format). `error` is the provider's message as it came (keys masked).
 */
export type DownstreamCheckJson = {
  readonly name: "models" | ApiFormat;
  readonly ok: boolean;
  /** Until the answer's head arrived; `null` when nothing was sent. */
  readonly latency_ms: number | null;
  /** The provider's HTTP status; `null` when none came. */
  readonly status: number | null;
  readonly error: string | null;
  /** The model a 1-token request asked for (beyond CONTRACT.md). */
  readonly model?: string;
};

/** `POST /api/downstreams/test` and `/api/downstreams/{id}/test`: every check passed, and each. */
export type DownstreamTestJson = {
  readonly ok: boolean;
  readonly checks: readonly DownstreamCheckJson[];
};

/** One captured message: headers and body as they passed, secrets redacted. */
export type CapturedMessageJson = {
  /** Lower-case names; repeated fields joined with `, `. */
  readonly headers: { readonly [name: string]: string };
  /**
   * The body as JSON when it is JSON; otherwise its text (a stream's SSE text, a body cut at
   * `max_body_bytes`, which ends with a marker); `null` when there was none.
   */
  readonly body: JsonValue;
  /** Whether the body was cut at `capture.max_body_bytes`. */
  readonly truncated: boolean;
};

/** One pipeline step that ran, in order. */
export type CapturedStepJson = {
  readonly plugin_id: string;
  /** The rule it came from; `null` for a step the gateway added itself. */
  readonly rule_id: string | null;
  /** Added by the gateway (a converter the downstream's formats need). */
  readonly automatic: boolean;
};

/** Something a plugin dropped or adjusted while converting (`plugins/warnings.ts`). */
export type CapturedWarningJson = {
  readonly plugin_id: string;
  readonly level: "debug" | "info" | "warn";
  readonly message: string;
  readonly fields: JsonRecord;
};

/** A request's four messages (CONTRACT "Request capture"), each `null` when it never came. */
export type CaptureJson = {
  /** `url`: the client's path and query string. */
  readonly received: CapturedMessageJson & { readonly url: string };
  readonly forwarded: (CapturedMessageJson & { readonly url: string }) | null;
  readonly upstream: (CapturedMessageJson & { readonly status: number }) | null;
  readonly returned: (CapturedMessageJson & { readonly status: number }) | null;
  readonly pipeline: readonly CapturedStepJson[];
  readonly warnings: readonly CapturedWarningJson[];
};

/** `GET /api/logs/{id}`: the log entry and what was captured of it (`null`: nothing). */
export type LogDetailJson = LogEntryJson & {
  readonly capture: CaptureJson | null;
};

/** `POST /api/logs/{id}/replay`: the replay's own log id, status and body (bounded, redacted). */
export type ReplayJson = {
  readonly log_id: string;
  readonly status: number;
  /** JSON when the answer is JSON, else its text (a stream's SSE text). */
  readonly body: JsonValue;
};

/** `GET|PUT /api/capture`: the capture settings, the live switch and the memory in use. */
export type CaptureStatusJson = {
  readonly mode: CaptureMode;
  readonly max_requests: number;
  readonly max_body_bytes: number;
  /** Whether a Logs page holds capture on (every request is kept while it does). */
  readonly live: boolean;
  /** The bound on `stored.bytes` and on `pending.bytes`, each. */
  readonly max_bytes: number;
  /** Captures kept for the inspector. */
  readonly stored: { readonly requests: number; readonly bytes: number };
  /** Requests in flight whose bodies are held until their outcome is known. */
  readonly pending: { readonly requests: number; readonly bytes: number };
  /** `PUT` only: the holder id to renew or release the live switch with. */
  readonly holder?: string;
};
