/**
 * Starts the gateway on 127.0.0.1 (random port) over a fixed or changing snapshot, for e2e tests.
 */
import { createUpstreamClient } from "../../net/mod.ts";
import {
  createGateway,
  createLogger,
  type Gateway,
  isGatewayPath,
  type LogLevel,
  RequestLog,
  type RequestLogEntry,
  type RequestObserver,
} from "../../gateway/mod.ts";
import type { Registry, ResponseStore } from "../../plugins/mod.ts";
import type {
  Alias,
  Downstream,
  RoutingSnapshot,
  Rule,
  Settings,
} from "../../store/types.ts";

/** A running gateway. */
export interface GatewayServer {
  /** `http://127.0.0.1:PORT`. */
  readonly url: string;
  readonly gateway: Gateway;
  readonly requestLog: RequestLog;
  /** Diagnostic lines written so far (JSON). */
  readonly logLines: string[];
  close(): Promise<void>;
}

/** Options of {@link startGateway}. */
export interface StartGatewayOptions {
  readonly plugins?: Registry;
  readonly env?: Record<string, string>;
  readonly logLevel?: LogLevel;
  readonly requestLogSize?: number;
  /** Kept Responses API responses (`previous_response_id`, `GET /v1/responses/{id}`). */
  readonly responses?: ResponseStore;
  /** Watches every request (the usage and capture seam). */
  readonly observer?: RequestObserver;
}

/** Defaults for every setting, as a test wants them (open gateway, generous timeouts). */
export const TEST_SETTINGS: Settings = {
  listen: "127.0.0.1:0",
  adminPassword: "",
  proxyApiKeys: [],
  proxyMode: "none",
  logLevel: "warn",
  defaultTab: "aliases",
  upstreamConnectTimeoutMs: 10_000,
  upstreamIdleTimeoutMs: 300_000,
  maxBodyBytes: 33_554_432,
  logBufferSize: 100,
  database: ":memory:",
  allowedHosts: [],
  corsAllowedOrigins: [],
  capture: { mode: "errors", maxRequests: 200, maxBodyBytes: 1048576 },
};

/** Builds a frozen snapshot from parts (missing parts empty, settings merged over defaults). */
export function makeSnapshot(parts: {
  settings?: Partial<Settings>;
  downstreams?: Downstream[];
  aliases?: Alias[];
  rules?: Rule[];
  version?: number;
}): RoutingSnapshot {
  const downstreams = parts.downstreams ?? [];
  return Object.freeze({
    version: parts.version ?? 1,
    settings: { ...TEST_SETTINGS, ...parts.settings },
    downstreams,
    downstreamsById: new Map(downstreams.map((d) => [d.id, d])),
    aliases: parts.aliases ?? [],
    rules: parts.rules ?? [],
  });
}

/** Starts the gateway; `snapshot` may be a getter so a test can swap snapshots. */
export function startGateway(
  snapshot: RoutingSnapshot | (() => RoutingSnapshot),
  options: StartGatewayOptions = {},
): GatewayServer {
  const logLines: string[] = [];
  const log = createLogger({
    level: options.logLevel ?? "debug",
    sink: (line) => logLines.push(line),
  });
  const requestLog = new RequestLog(options.requestLogSize ?? 100);
  const env = options.env ?? {};
  const gateway = createGateway({
    snapshot: typeof snapshot === "function" ? snapshot : () => snapshot,
    log,
    requestLog,
    plugins: options.plugins,
    // The daemon's own client factory, so every e2e test exercises the production HTTP clients.
    createUpstreamClient,
    env: (name) => env[name],
    responses: options.responses,
    observer: options.observer,
  });
  const server = Deno.serve(
    { hostname: "127.0.0.1", port: 0, onListen: () => {} },
    (req) => {
      const { pathname } = new URL(req.url);
      return isGatewayPath(pathname)
        ? gateway.handle(req)
        : new Response("not found", { status: 404 });
    },
  );
  return {
    url: `http://127.0.0.1:${server.addr.port}`,
    gateway,
    requestLog,
    logLines,
    close: async () => {
      await server.shutdown();
      gateway.close();
    },
  };
}

/**
 * The log's entries once it holds at least `count`: a streamed response's entry is recorded on
 * the turn after its body ends (usage is read off the client's critical path). Bounded wait.
 */
export async function loggedEntries(
  log: RequestLog,
  count = 1,
  timeoutMs = 5_000,
): Promise<RequestLogEntry[]> {
  const deadline = Date.now() + timeoutMs;
  while (log.list().length < count && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 1));
  }
  return log.list();
}
