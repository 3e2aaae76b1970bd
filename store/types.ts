/**
 * Domain types of the store: the configuration entities, settings and the immutable routing
 * snapshot the gateway reads on every request. Field names are camelCase here; the row and
 * YAML mappers in this folder are the only camelCase ⇄ snake_case seam.
 *
 * @module
 */

/**
 * A JSON value. The store imports nothing, so this mirrors `web/json.ts`'s `Json`; a type test
 * (`tests/unit/store/admin_json_test.ts`) keeps the two identical.
 */
export type JsonValue =
  | null
  | boolean
  | number
  | string
  | readonly JsonValue[]
  | JsonRecord;

/** A JSON object; `undefined` members are what `JSON.stringify` drops (optional fields). */
export type JsonRecord = { readonly [key: string]: JsonValue | undefined };

/** A wire format a client speaks or a downstream serves. */
export type ApiFormat = "openai" | "anthropic" | "responses";

/** Every {@link ApiFormat}, in display order. */
export const API_FORMATS = [
  "openai",
  "anthropic",
  "responses",
] as const satisfies readonly ApiFormat[];

/** Outbound proxy selection: `auto`/`env` read HTTPS_PROXY/HTTP_PROXY/NO_PROXY, `none` never proxies. */
export type ProxyMode =
  | "auto"
  | "env"
  | "none"
  | `http://${string}`
  | `https://${string}`;

/** Diagnostic log levels, least to most severe. */
export type LogLevel = "debug" | "info" | "warn" | "error";

/** A provider endpoint Tresor forwards to. */
export interface Downstream {
  readonly id: string;
  readonly name: string;
  readonly apiFormats: readonly ApiFormat[];
  readonly baseUrl: string;
  /** Secret; never rendered by the admin API or logged. Empty when the provider needs none. */
  readonly apiKey: string;
  readonly outputModelIds: readonly string[];
  /** Upper bound applied to a request's max tokens when set (many providers allow less than clients ask). */
  readonly maxOutputTokens?: number;
  /** `max_tokens` sent when a translated request has none (Anthropic requires it). */
  readonly defaultMaxTokens?: number;
  /**
   * Models that accept Chat Completions' `reasoning_effort`, as exact ids or `*` globs; absent
   * means Tresor's defaults by model name (see `gateway/downstream_info.ts`), empty means none.
   */
  readonly reasoningEffortModels?: readonly string[];
  /** What a translation does with server/hosted tools it cannot carry; absent means `drop`. */
  readonly hostedTools?: HostedTools;
  /**
   * Whether Claude Code's `x-anthropic-billing-header` system line is removed; absent means yes
   * unless the downstream serves the `anthropic` format.
   */
  readonly stripBillingHeader?: boolean;
  /** `anthropic-beta` values forwarded to this downstream; absent forwards them unchanged. */
  readonly anthropicBeta?: readonly string[];
  /**
   * Prices by model name (the forwarded model), overriding the built-in price table for this
   * downstream (`prices` in YAML).
   */
  readonly prices?: Readonly<Record<string, ModelPrice>>;
}

/**
 * A model's prices in USD per 1 M tokens. A cache price left out is charged at the price it
 * falls back to: cache reads and 5-minute cache writes at `input`, 1-hour writes at `cacheWrite`.
 */
export interface ModelPrice {
  readonly input: number;
  readonly output: number;
  readonly cacheRead?: number;
  /** 5-minute cache writes (Anthropic's default TTL), and cache writes of unknown TTL. */
  readonly cacheWrite?: number;
  readonly cacheWrite1h?: number;
}

/**
 * A `proxy_api_keys` entry as written: a plain key, or a named one. A plain key's name in logs
 * and usage is its masked form (`***-123`, as the admin API shows it); the key itself never is.
 */
export type ProxyApiKey = string | {
  readonly name: string;
  readonly key: string;
};

/** `hosted_tools`: drop server/hosted tools a translation cannot carry (logged), or refuse the request. */
export type HostedTools = "drop" | "refuse";

/** Every {@link HostedTools} value. */
export const HOSTED_TOOLS = [
  "drop",
  "refuse",
] as const satisfies readonly HostedTools[];

/** The optional per-downstream keys that an update clears with `null`. */
export const DOWNSTREAM_OPTIONAL_KEYS = [
  "maxOutputTokens",
  "defaultMaxTokens",
  "reasoningEffortModels",
  "hostedTools",
  "stripBillingHeader",
  "anthropicBeta",
  "prices",
] as const satisfies readonly (keyof Downstream)[];

/** One of {@link DOWNSTREAM_OPTIONAL_KEYS}. */
export type DownstreamOptionalKey = typeof DOWNSTREAM_OPTIONAL_KEYS[number];

/** One step of a rule's plugin pipeline. */
export interface PipelineStep {
  readonly pluginId: string;
  readonly isEnabled: boolean;
  /** JSON: it is written to YAML, SQLite and the admin API as it is. */
  readonly config: JsonRecord;
}

/** A per-path plugin pipeline with optional filters; empty `match*` lists mean "any". */
export interface Rule {
  readonly id: string;
  readonly name: string;
  /** An exact request path (`/v1/chat/completions`) or `*`. */
  readonly patternPath: string;
  /** The model the client sent (before alias rewrite); empty matches any. */
  readonly patternModel: string;
  readonly matchFormat: readonly ApiFormat[];
  readonly matchDownstreamFormat: readonly ApiFormat[];
  readonly matchDownstreams: readonly string[];
  readonly isEnabled: boolean;
  readonly pipelineConfig: readonly PipelineStep[];
}

/** A model rename; aliases sharing `inputModelId` form a group with at most one active member. */
export interface Alias {
  readonly id: string;
  readonly inputModelId: string;
  readonly downstreamId: string;
  readonly outputModelId: string;
  readonly isActive: boolean;
  readonly isRegex: boolean;
  readonly groupOrder: number;
  /**
   * Whether this member takes over when the group's active member fails before answering
   * (connect error, timeout before the head, 429, 5xx, 529): tried in list order.
   */
  readonly failover: boolean;
}

/** Top-level settings from the YAML file (and the settings table). */
export interface Settings {
  /** `host:port`. */
  readonly listen: string;
  /** Empty disables admin auth (then only loopback clients are served). */
  readonly adminPassword: string;
  /** Empty leaves the gateway open. */
  readonly proxyApiKeys: readonly ProxyApiKey[];
  readonly proxyMode: ProxyMode;
  readonly logLevel: LogLevel;
  readonly defaultTab: string;
  readonly upstreamConnectTimeoutMs: number;
  readonly upstreamIdleTimeoutMs: number;
  readonly maxBodyBytes: number;
  readonly logBufferSize: number;
  /** Database path as written in the config (relative to the config file's folder). */
  readonly database: string;
  /** Responses API responses kept for `previous_response_id` (default 1000). */
  readonly responsesMaxStored?: number;
  /** Hours a kept response stays usable (default 720). */
  readonly responsesMaxAgeHours?: number;
  /** Extra `Host` names (`name` or `name:port`) served while listening on loopback. */
  readonly allowedHosts: readonly string[];
  /** Browser origins allowed to call the gateway routes (CORS). */
  readonly corsAllowedOrigins: readonly string[];
  /** Days a usage record is kept (default 90). */
  readonly usageRetentionDays?: number;
  /** Bearer token accepted by `GET /metrics` besides the admin credentials; empty: none. */
  readonly metricsToken?: string;
  /** Serve HTTPS with these PEM files (paths as written: relative to the config's folder). */
  readonly tls?: TlsFiles;
  /** Request capture for the Logs page's inspector (issue 17); kept in memory only. */
  readonly capture: CaptureSettings;
}

/** `tls: {cert_file, key_file}`: the certificate (chain) and private key, PEM. */
export interface TlsFiles {
  readonly certFile: string;
  readonly keyFile: string;
}

/** `capture.mode`: which requests keep their headers and bodies. */
export type CaptureMode = "off" | "errors" | "all";

/** Every {@link CaptureMode}. */
export const CAPTURE_MODES = [
  "off",
  "errors",
  "all",
] as const satisfies readonly CaptureMode[];

/**
 * `capture: {mode, max_requests, max_body_bytes}`: `errors` keeps requests that ended at 400 or
 * above or with a stream error (plus every request while a Logs page has capture switched on);
 * at most `maxRequests` are kept, each body cut at `maxBodyBytes`.
 */
export interface CaptureSettings {
  readonly mode: CaptureMode;
  readonly maxRequests: number;
  readonly maxBodyBytes: number;
}

/**
 * Everything the hot path reads, frozen. A mutation builds a new snapshot and swaps it in;
 * holders of an old one keep a consistent view.
 */
export interface RoutingSnapshot {
  /** Increases with every published snapshot. */
  readonly version: number;
  readonly settings: Settings;
  /** In stored order. */
  readonly downstreams: readonly Downstream[];
  readonly downstreamsById: ReadonlyMap<string, Downstream>;
  /** In group order, then id. */
  readonly aliases: readonly Alias[];
  /** In stored order. */
  readonly rules: readonly Rule[];
}

/** Fields a client may set when creating a downstream. */
export type DownstreamInput = Downstream;

/**
 * A partial update; an absent field keeps its value (an absent or `***` key keeps the stored
 * key), and `null` removes an optional field (a limit, a default, a capability list).
 */
export type DownstreamPatch =
  & Partial<Omit<DownstreamInput, "id" | DownstreamOptionalKey>>
  & { readonly [K in DownstreamOptionalKey]?: Downstream[K] | null };

/** A partial rule update. */
export type RulePatch = Partial<Omit<Rule, "id">>;

/**
 * Fields a client may set when creating an alias. Without `groupOrder` the alias takes its
 * group's order, or the next free one when it starts a new group.
 */
export type AliasInput = Omit<Alias, "groupOrder" | "failover"> & {
  readonly groupOrder?: number;
  /** Defaults to false. */
  readonly failover?: boolean;
};

/** A partial alias update. */
export type AliasPatch = Partial<Omit<Alias, "id">>;

/** Settings that may change at runtime through the admin API. */
export type SettingsPatch = Partial<
  Pick<
    Settings,
    | "proxyMode"
    | "proxyApiKeys"
    | "adminPassword"
    | "defaultTab"
    | "logLevel"
    | "allowedHosts"
    | "corsAllowedOrigins"
    | "usageRetentionDays"
    | "metricsToken"
  >
>;

/**
 * The store's public API. Reads come from the current snapshot; every mutation is serialised,
 * committed to SQLite in one transaction, written back to the YAML file atomically, and then
 * published as a new snapshot before the returned promise resolves.
 *
 * Mutations throw `NotFoundError` for a missing id, `ConflictError` for a duplicate id and
 * `ValidationError` for input that breaks an invariant (unknown downstream, bad regex, …).
 */
export interface Store {
  /** The current routing snapshot (cheap: no I/O). */
  snapshot(): RoutingSnapshot;
  /** Calls `listener` after every published snapshot; returns the unsubscribe function. */
  subscribe(listener: (snapshot: RoutingSnapshot) => void): () => void;
  /** Absolute path of the YAML config file. */
  readonly configPath: string;
  /** Absolute path of the SQLite database (or `:memory:`). */
  readonly databasePath: string;

  createDownstream(input: DownstreamInput): Promise<Downstream>;
  updateDownstream(id: string, patch: DownstreamPatch): Promise<Downstream>;
  /** Cascades: removes the id from rules' `matchDownstreams` (disabling a rule left empty) and deletes its aliases. */
  deleteDownstream(id: string): Promise<void>;
  /** Adds model ids not yet listed; returns the downstream and the ids that were new. */
  addModels(
    id: string,
    modelIds: readonly string[],
  ): Promise<{ downstream: Downstream; added: string[] }>;
  removeModel(id: string, modelId: string): Promise<Downstream>;

  createRule(input: Rule): Promise<Rule>;
  updateRule(id: string, patch: RulePatch): Promise<Rule>;
  deleteRule(id: string): Promise<void>;

  createAlias(input: AliasInput): Promise<Alias>;
  updateAlias(id: string, patch: AliasPatch): Promise<Alias>;
  deleteAlias(id: string): Promise<void>;
  /** Makes this alias the only active member of its group. */
  activateAlias(id: string): Promise<Alias>;
  /** Sets group order from a list of input model ids; unlisted groups keep their relative order after them. */
  reorderAliasGroups(inputModelIds: readonly string[]): Promise<void>;

  updateSettings(patch: SettingsPatch): Promise<Settings>;

  /**
   * Applies the config file as it is on disk now, when it differs from what the store wrote or
   * read last (issue 16's hot reload): validated and merged by the start-up rules, or refused
   * with the running config kept. Serialised with the mutations.
   */
  reload(): Promise<ReloadOutcome>;
  /** Why the file on disk is not in use (`file:line: field: message`), while an edit is refused. */
  readonly configError: string | undefined;

  /** Waits for pending writes, then closes the database. */
  close(): Promise<void>;
}

/** What {@link Store.reload} found on disk. */
export type ReloadOutcome =
  /** What the store wrote or read last (its own write-back, for one). */
  | { readonly kind: "unchanged" }
  /** An edit, applied; `restartNeeded` names changed settings that wait for a restart. */
  | {
    readonly kind: "applied";
    readonly warnings: readonly string[];
    readonly restartNeeded: readonly string[];
  }
  /** An invalid edit: the running config is kept. */
  | { readonly kind: "invalid"; readonly error: string }
  /** Nothing to apply yet: the file is missing or empty (an editor mid-save). */
  | { readonly kind: "skipped"; readonly reason: string };
