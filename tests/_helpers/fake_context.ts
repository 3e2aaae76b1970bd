/**
 * A `RequestContext` for unit-testing one stage at a time: real routing, plans and request log
 * over a made-up snapshot, a fake upstream client that records what it is sent, a fixed clock,
 * and an observer that records what it sees. Earlier stages' parts are set by the test (or by
 * running those stages).
 */
import { compileRouting } from "../../gateway/routing.ts";
import { createLogger } from "../../gateway/log.ts";
import { Cooldowns } from "../../gateway/cooldowns.ts";
import { Deadlines } from "../../gateway/deadlines.ts";
import { PlanCache } from "../../gateway/plan_cache.ts";
import {
  type GatewayServices,
  RequestContext,
} from "../../gateway/request_context.ts";
import { createRequestDraft } from "../../gateway/request_draft.ts";
import { RequestLog } from "../../gateway/request_log.ts";
import type {
  BodyKind,
  RecordedRequest,
  RequestObserver,
} from "../../gateway/request_observer.ts";
import { findRoute, type GatewayRoute } from "../../gateway/paths.ts";
import type {
  UpstreamClient,
  UpstreamRequest,
  UpstreamResponse,
} from "../../gateway/upstream_client.ts";
import { UpstreamClientPool } from "../../gateway/upstream_pool.ts";
import type { PriceLookup } from "../../gateway/cost.ts";
import { GatewayMetrics } from "../../gateway/metrics.ts";
import { PLUGINS, type ResponseStore } from "../../plugins/mod.ts";
import type { Downstream, RoutingSnapshot } from "../../store/types.ts";
import { makeSnapshot } from "./gateway_server.ts";

/** The fixed clock of a fake context (epoch ms); each reading advances it by 1. */
export const FAKE_START = Date.UTC(2026, 0, 2, 3, 4, 5);

const ENCODER = new TextEncoder();

/** A downstream for tests. */
export function downstream(
  id: string,
  parts: Partial<Downstream> = {},
): Downstream {
  return {
    id,
    name: id,
    apiFormats: ["openai"],
    baseUrl: `http://${id}.test/v1`,
    apiKey: `key-${id}`,
    outputModelIds: [],
    ...parts,
  };
}

/** What a fake upstream client was sent, and how it answers. */
export interface FakeUpstream {
  readonly sent: { request: UpstreamRequest; signal?: AbortSignal }[];
  /** Leases taken from the pool and not yet released. */
  readonly leased: () => number;
}

/** What the recording observer saw. */
export interface SeenByObserver {
  readonly recorded: RecordedRequest[];
  /** The bodies its watcher saw (`forwarded`: the forwarded request's body), in order. */
  readonly bodies: { kind: BodyKind; text: string }[];
  /** Its watcher's other calls, in order: `planned`, `upstream 200`, `returned 200 whole`, … */
  readonly calls: string[];
}

/** Options of {@link fakeContext}. */
export interface FakeContextOptions {
  /** Defaults to `POST /v1/chat/completions` with no body. */
  readonly request?: Request;
  readonly snapshot?: RoutingSnapshot;
  /** Answers each send; defaults to a 200 `{}` JSON body. */
  readonly answer?: (
    request: UpstreamRequest,
    signal?: AbortSignal,
  ) => Promise<UpstreamResponse>;
  readonly responses?: ResponseStore;
  /** Model prices for the record stage's cost; none by default. */
  readonly prices?: PriceLookup;
}

/** A context, its fakes, and what they saw. */
export interface FakeContext {
  readonly ctx: RequestContext;
  readonly upstream: FakeUpstream;
  readonly requestLog: RequestLog;
  readonly seen: SeenByObserver;
  readonly logLines: string[];
}

/** A whole JSON upstream answer. */
export function jsonAnswer(body: unknown, status = 200): UpstreamResponse {
  return {
    status,
    headers: [["content-type", "application/json"]],
    body: ENCODER.encode(JSON.stringify(body)),
    freshChunks: false,
  };
}

/** A context for `options.request` over `options.snapshot` (one openai downstream by default). */
export function fakeContext(options: FakeContextOptions = {}): FakeContext {
  const req = options.request ??
    new Request("http://gateway.test/v1/chat/completions", { method: "POST" });
  const snapshot = options.snapshot ?? makeSnapshot({
    downstreams: [downstream("oai", { outputModelIds: ["gpt-x"] })],
  });
  const logLines: string[] = [];
  const log = createLogger({ level: "debug", sink: (l) => logLines.push(l) });
  const sent: FakeUpstream["sent"] = [];
  let leases = 0;
  const client: UpstreamClient = {
    send(request, signal) {
      sent.push({ request, signal });
      return options.answer?.(request, signal) ??
        Promise.resolve(jsonAnswer({}));
    },
    close() {},
  };
  const pool = new UpstreamClientPool(() => client, () => undefined);
  pool.sync(snapshot);
  const lease = pool.lease.bind(pool);
  pool.lease = (d) => {
    const taken = lease(d);
    leases++;
    return { ...taken, release: () => (leases--, taken.release()) };
  };
  const seen: SeenByObserver = { recorded: [], bodies: [], calls: [] };
  const decode = (bytes: Uint8Array | null) =>
    new TextDecoder().decode(bytes ?? new Uint8Array());
  const observer: RequestObserver = {
    recorded: (request) => seen.recorded.push(request),
    watch: () => ({
      body: (kind, bytes) => seen.bodies.push({ kind, text: decode(bytes) }),
      planned: (pipeline) =>
        seen.calls.push(
          `planned ${pipeline.steps.map((s) => s.plugin.id).join(",")}`,
        ),
      forwarded: (request) => {
        seen.calls.push("forwarded");
        seen.bodies.push({ kind: "forwarded", text: decode(request.body) });
      },
      upstream: (head) => seen.calls.push(`upstream ${head.status}`),
      returned: (response, whole) =>
        seen.calls.push(
          `returned ${response.status} ${whole ? "whole" : "stream"}`,
        ),
      recorded: (entry) => seen.calls.push(`recorded ${entry.status}`),
    }),
  };
  let clock = FAKE_START;
  const requestLog = new RequestLog(10);
  const services: GatewayServices = {
    log,
    now: () => clock++,
    requestLog,
    plans: new PlanCache(PLUGINS),
    pool,
    deadlines: new Deadlines(),
    cooldowns: new Cooldowns(),
    responses: options.responses,
    observer,
    metrics: new GatewayMetrics(),
    prices: options.prices,
  };
  const url = new URL(req.url);
  const route: GatewayRoute | undefined = findRoute(url.pathname);
  const draft = createRequestDraft(req.method, url.pathname, services.now());
  draft.format_in = route?.format ?? null;
  const ctx = new RequestContext(req, {
    route,
    search: url.search,
    routing: compileRouting(snapshot, PLUGINS, log),
    services,
    draft,
  });
  return {
    ctx,
    upstream: { sent, leased: () => leases },
    requestLog,
    seen,
    logLines,
  };
}

/** A JSON POST to the gateway path `path`. */
export function jsonRequest(
  path: string,
  body: unknown,
  headers: Record<string, string> = {},
): Request {
  return new Request(`http://gateway.test${path}`, {
    method: "POST",
    headers: { "content-type": "application/json", ...headers },
    body: JSON.stringify(body),
  });
}
