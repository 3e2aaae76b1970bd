/**
 * The plugin contract: what a plugin declares and what the gateway's pipeline hands it.
 *
 * @module
 */
import type { z } from "zod";
import type { SseEvent } from "./sse.ts";

/** A wire format a client speaks or a downstream serves. */
export type ApiFormat = "openai" | "anthropic" | "responses";

/** A JSON object as parsed from a request or response body. */
export type JsonObject = Record<string, unknown>;

/** Structured diagnostics; the gateway's logger implements it and redacts secrets. */
export interface PluginLog {
  debug(message: string, fields?: Record<string, unknown>): void;
  info(message: string, fields?: Record<string, unknown>): void;
  warn(message: string, fields?: Record<string, unknown>): void;
  error(message: string, fields?: Record<string, unknown>): void;
}

/** What a plugin may know about the downstream a request goes to. */
export interface DownstreamInfo {
  readonly id: string;
  readonly apiFormats: readonly ApiFormat[];
  /** Upper bound for the request's max tokens, when the downstream sets one. */
  readonly maxOutputTokens?: number;
  /** `max_tokens` to send when a translated request has none. */
  readonly defaultMaxTokens?: number;
  /**
   * Whether the request's model accepts Chat Completions' `reasoning_effort` (from the
   * downstream's `reasoning_effort_models`, else Tresor's defaults by model name). Absent: yes.
   */
  readonly reasoningEffort?: boolean;
  /** What a converter does with server/hosted tools it cannot translate. Absent: `drop`. */
  readonly hostedTools?: "drop" | "refuse";
  /** Whether Claude Code's `x-anthropic-billing-header` system line is removed. Absent: no. */
  readonly stripBillingHeader?: boolean;
}

/**
 * A request travelling through the pipeline. `path` is the API path without a version prefix,
 * in the format the request currently has: `/chat/completions`, `/completions`, `/embeddings`,
 * `/models`, `/messages`, `/messages/count_tokens`, `/responses`, `/responses/compact`. The gateway adds `/v1` for
 * Anthropic downstreams (their `base_url` has no version, per the SDKs' conventions).
 */
export interface PluginRequest {
  readonly path: string;
  /** The client's query string including `?`, or empty. */
  readonly query: string;
  readonly headers: Headers;
  /** The parsed JSON body. A transform that returns a different object causes re-serialisation. */
  readonly body: JsonObject;
}

/** A response travelling back through the pipeline (non-streaming, or an error before streaming). */
export interface PluginResponse {
  readonly status: number;
  readonly headers: Headers;
  /** Parsed JSON, or the raw text when the upstream did not send JSON. */
  readonly body: unknown;
}

/** A request transform either passes the request on or answers it locally. */
export type RequestOutcome = PluginRequest | {
  readonly respond: PluginResponse;
};

/** Everything a transform receives besides the value it transforms. */
export interface PluginCallContext<Config, State> {
  /** The step's config, already validated by the plugin's schema. */
  readonly config: Config;
  /** Per-request state from `createState()`, shared by all of this step's transforms. */
  readonly state: State;
  readonly requestId: string;
  readonly log: PluginLog;
  /** Aborts when the client goes away. */
  readonly signal: AbortSignal;
  /** The format the request had when the client sent it. */
  readonly clientFormat: ApiFormat;
  readonly downstream: DownstreamInfo;
  /** Whether the client asked for a streamed response. */
  readonly stream: boolean;
  /** Kept Responses API responses, when the gateway was given a store (`previous_response_id`). */
  readonly responses?: ResponseStore;
}

/**
 * One kept Responses API response: the response object as the client received it, plus the
 * full input of its turn (earlier turns already expanded), so a follow-up turn can continue it.
 */
export interface StoredResponse {
  /** `resp_…`. */
  readonly id: string;
  /** Unix seconds, as the response's `created_at`. */
  readonly createdAt: number;
  /** The `response` object, returned as is by `GET /v1/responses/{id}`. */
  readonly response: JsonObject;
  /** The turn's input items (wire JSON), previous turns included. */
  readonly input: readonly unknown[];
}

/**
 * Where Responses API converters keep responses. `get` resolves `undefined` for an unknown or
 * expired id; `put` returns at once (the write happens off the request path).
 */
export interface ResponseStore {
  get(id: string): Promise<StoredResponse | undefined>;
  put(record: StoredResponse): void;
}

/** A format converter's direction: it takes `from` requests and sends `to` requests upstream. */
export interface Conversion {
  readonly from: ApiFormat;
  readonly to: ApiFormat;
}

/**
 * A plugin definition. Every transform is optional; transforms are pure (they return new values
 * and never mutate their inputs), except that they may record facts in their per-request `state`.
 *
 * Response transforms run in reverse pipeline order (the last request transform sees the
 * upstream response first). A short-circuit `{ respond }` is in the format of the plugin's input,
 * and only earlier steps transform it.
 *
 * @example
 * ```ts
 * export const customHeader = definePlugin({
 *   id: "custom_header",
 *   description: "Sets fixed headers on the upstream request",
 *   config: z.object({ headers: z.record(z.string(), z.string()) }),
 *   transformRequest(req, { config }) {
 *     const headers = new Headers(req.headers);
 *     for (const [name, value] of Object.entries(config.headers)) headers.set(name, value);
 *     return { ...req, headers };
 *   },
 * });
 * ```
 */
export interface PluginDefinition<
  Schema extends z.ZodType = z.ZodType,
  State = undefined,
> {
  /** Stable snake_case id; configs store it. */
  readonly id: string;
  readonly description: string;
  /** Validates the step config, types it, and yields the JSON Schema for the pipeline editor. */
  readonly config: Schema;
  /** Set on format converters; the gateway inserts them automatically. */
  readonly converts?: Conversion;
  /** Fresh per-request state. */
  createState?(): State;
  transformRequest?(
    req: PluginRequest,
    ctx: PluginCallContext<z.infer<Schema>, State>,
  ): RequestOutcome | Promise<RequestOutcome>;
  /** Called for every non-streamed response, upstream errors (status ≥ 400) included. */
  transformResponse?(
    res: PluginResponse,
    ctx: PluginCallContext<z.infer<Schema>, State>,
  ): PluginResponse | Promise<PluginResponse>;
  /** Called for each SSE event of a streamed 2xx response; returns zero, one or many events. */
  transformStreamEvent?(
    event: SseEvent,
    ctx: PluginCallContext<z.infer<Schema>, State>,
  ): SseEvent[];
  /** Called once when the upstream stream ends (cleanly or not); returns closing events. */
  flushStream?(ctx: PluginCallContext<z.infer<Schema>, State>): SseEvent[];
}

/** Any plugin, with its config and state types erased, as the registry and pipeline hold them. */
// deno-lint-ignore no-explicit-any -- variance: a registry holds plugins of every config type
export type AnyPlugin = PluginDefinition<z.ZodType, any>;
