/**
 * The admin API's route table types and dependencies, shared by the handler modules.
 *
 * @module
 */
import type { Store } from "../../store/types.ts";
import type { UsageStore } from "../../store/mod.ts";
import type {
  CaptureStore,
  Gateway,
  Logger,
  RequestLog,
} from "../../gateway/mod.ts";
import type { Registry } from "../../plugins/mod.ts";
import type { LoginThrottle, SessionStore } from "./auth.ts";

/** The plugin registry as the API reads it: id → plugin. */
export type PluginRegistry = Registry;

/**
 * The part of the gateway the admin API uses: fetch-models goes through the downstream's pooled
 * client, a test through the SSRF-guarded probe client.
 */
export type UpstreamFetcher = Pick<Gateway, "fetchUpstream" | "testDownstream">;

/** Request capture (issue 17): the captures kept, and the gateway's replay of one. */
export interface CaptureDeps {
  readonly store: CaptureStore;
  readonly replay: Gateway["replay"];
}

/** Everything the admin API needs; `cli/run.ts` wires the real ones, tests pass their own. */
export interface AdminApiDeps {
  store: Store;
  requestLog: RequestLog;
  log: Logger;
  gateway: UpstreamFetcher;
  plugins: PluginRegistry;
  /** `deno` defaults to the running runtime's version. */
  version: { version: string; build: string; deno?: string };
  startedAt: Date;
  /** Captured requests for `/api/logs/{id}`, replays and `/api/capture`. */
  capture: CaptureDeps;
  /** Admin sessions; a fresh store when absent (the daemon shares its own with the capture). */
  sessions?: SessionStore;
  /** Clock for sessions and the login throttle (milliseconds since the epoch). */
  now?: () => number;
  /** The usage records (`/api/usage`); without them those routes answer 404. */
  usage?: Pick<UsageStore, "report" | "exportCsv">;
}

/** What a handler receives besides the request. */
export interface RouteContext {
  readonly url: URL;
  /** Decoded path parameters. */
  readonly params: Readonly<Record<string, string>>;
  /** The peer's address (throttling and the loopback rule). */
  readonly clientIp: string;
}

/** One HTTP method's handler. */
export type Handler = (req: Request, ctx: RouteContext) => Promise<Response>;

/** HTTP methods the admin API uses. */
export type Method = "GET" | "POST" | "PUT" | "DELETE";

/** One row of the route table. */
export interface Route {
  readonly pattern: URLPattern;
  readonly methods: Partial<Record<Method, Handler>>;
  /** Served without authentication. */
  readonly public?: boolean;
}

/** Builds a route for `pathname` (URLPattern syntax). */
export function route(
  pathname: string,
  methods: Partial<Record<Method, Handler>>,
  options: { public?: boolean } = {},
): Route {
  return { pattern: new URLPattern({ pathname }), methods, ...options };
}

/** State shared by the handler modules of one admin API instance. */
export interface ApiState {
  readonly deps: AdminApiDeps;
  readonly sessions: SessionStore;
  readonly throttle: LoginThrottle;
  /** Closers of the open log streams, run by `AdminApi.close()` at shutdown. */
  readonly closers: Set<() => void>;
}
