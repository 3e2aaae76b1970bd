/**
 * The gateway: one {@link RequestContext} per request, passed through the stages of its
 * endpoint in order until one answers (ARCHITECTURE.md "The stages of a request"); a failure in
 * any stage is answered once, in the client's format. The stages live in `stages/`, one file
 * each; this module holds the endpoint table, the services every request shares, and the admin
 * API's `fetchUpstream`.
 *
 * @module
 */
import type { DownstreamTestJson } from "../store/mod.ts";
import type { Downstream, RoutingSnapshot } from "../store/types.ts";
import { PLUGINS, type Registry, type ResponseStore } from "../plugins/mod.ts";
import type { Logger } from "./log.ts";
import type { RequestLog } from "./request_log.ts";
import type { RequestObserver } from "./request_observer.ts";
import type { PriceLookup } from "./cost.ts";
import { GatewayMetrics } from "./metrics.ts";
import { answerFailure } from "./answer.ts";
import { createRequestDraft } from "./request_draft.ts";
import {
  findRoute,
  type GatewayRoute,
  STORED_RESPONSE_ROUTE,
  storedResponseId,
  toRequestTarget,
} from "./paths.ts";
import { compileRouting, type Routing } from "./routing.ts";
import { fetchUpstream } from "./fetch_upstream.ts";
import type { UpstreamClientFactory } from "./upstream_client.ts";
import { UpstreamClientPool } from "./upstream_pool.ts";
import { type EnvReader, selectProxy } from "./proxy.ts";
import { testDownstream } from "./test_downstream.ts";
import { Cooldowns } from "./cooldowns.ts";
import { Deadlines } from "./deadlines.ts";
import { PlanCache } from "./plan_cache.ts";
import {
  type GatewayServices,
  type Replay,
  RequestContext,
  type Stage,
} from "./request_context.ts";
import { authenticate } from "./stages/authenticate.ts";
import { refuseWebSocket } from "./stages/refuse_web_socket.ts";
import { requireMethod } from "./stages/require_method.ts";
import { readBody } from "./stages/read_body.ts";
import { resolve } from "./stages/resolve.ts";
import { plan } from "./stages/plan.ts";
import { prepare } from "./stages/prepare.ts";
import { send } from "./stages/send.ts";
import { respond } from "./stages/respond.ts";
import { listModels } from "./stages/list_models.ts";
import { getStoredResponse } from "./stages/get_stored_response.ts";
import { refuseUnknownPath } from "./stages/refuse_unknown_path.ts";
import { resolveReplay } from "./stages/resolve_replay.ts";

/** Dependencies of {@link createGateway}. */
export interface GatewayOptions {
  /** The current routing snapshot; the only thing the gateway reads from the store. */
  snapshot: () => RoutingSnapshot;
  log: Logger;
  requestLog: RequestLog;
  /** Defaults to the built-in {@link PLUGINS}. */
  plugins?: Registry;
  /** Builds a downstream's upstream client; `proxyUrl` absent means a direct connection. */
  createUpstreamClient: UpstreamClientFactory;
  /** Reads HTTPS_PROXY/HTTP_PROXY/NO_PROXY for `proxy_mode` auto/env. */
  env: EnvReader;
  /** Milliseconds since the epoch; defaults to `Date.now`. */
  now?: () => number;
  /**
   * Kept Responses API responses: handed to converters (`previous_response_id`) and read by
   * `GET /v1/responses/{id}`. Without it, both answer 404.
   */
  responses?: ResponseStore;
  /** Watches every request (usage records, body capture); none by default. */
  observer?: RequestObserver;
  /** Model prices for the cost of each request; without it every request is unpriced. */
  prices?: PriceLookup;
  /**
   * Builds the client a downstream test sends through (`net/`'s SSRF-guarded probe client);
   * without it, {@link Gateway.testDownstream} throws.
   */
  createProbeClient?: UpstreamClientFactory;
}

/** The gateway. */
export interface Gateway {
  /** Answers one gateway request (a path {@link isGatewayPath} accepts). */
  handle(req: Request): Promise<Response>;
  /**
   * Fetches `path` (version-less, e.g. `/models`) from a downstream through its pooled client,
   * proxy and credentials applied, for the admin API's fetch-models. The URL convention follows
   * the downstream's first `api_formats` entry (openai when empty).
   * Throws `GatewayError("not_found")` for an unknown downstream.
   */
  fetchUpstream(
    downstreamId: string,
    path: string,
    options?: { signal?: AbortSignal },
  ): Promise<Response>;
  /** Counters and histograms of the requests so far (`GET /metrics`). */
  readonly metrics: GatewayMetrics;
  /**
   * Tests a downstream's settings, saved or not (`test_downstream.ts`): its models endpoint and
   * a 1-token request per format, through a fresh probe client with the proxy it would use.
   */
  testDownstream(downstream: Downstream): Promise<DownstreamTestJson>;
  /**
   * Sends `req` again as the replay of a captured request (issue 17): through every stage of a
   * forwarded request but the client's authentication (it is an admin action), to the replay's
   * downstream and model when it names them, and logged with `replay_of`.
   */
  replay(req: Request, replay: Replay): Promise<Response>;
  /** Closes the pooled clients. */
  close(): void;
}

/** A test check's bound at least (the connect timeout when longer): a first token can be slow. */
const TEST_MIN_TIMEOUT_MS = 30_000;

/**
 * A forwarded request's stages, in order. The failover loop (issue 16) runs plan → prepare →
 * send again for each member it tries (see `stages/send.ts`); the record stage runs when the
 * response ends (`stages/record.ts`).
 */
const FORWARD: readonly Stage[] = [
  authenticate,
  refuseWebSocket,
  requireMethod,
  readBody,
  resolve,
  plan,
  prepare,
  send,
  respond,
];
/** `GET /v1/models`: the snapshot's model list. */
const MODELS: readonly Stage[] = [authenticate, requireMethod, listModels];
/** `GET /v1/responses/{id}`: a kept Responses API response. */
const STORED_RESPONSE: readonly Stage[] = [
  authenticate,
  requireMethod,
  getStoredResponse,
];

/** A replay (an admin action): no client authentication, its own routing decision. */
const REPLAY: readonly Stage[] = [
  requireMethod,
  readBody,
  resolveReplay,
  plan,
  prepare,
  send,
  respond,
];

/** Any other path. */
const UNKNOWN_PATH: readonly Stage[] = [refuseUnknownPath];

/** The stages of `route`'s endpoint. */
function stagesOf(route: GatewayRoute | undefined): readonly Stage[] {
  if (route === undefined) return UNKNOWN_PATH;
  if (route === STORED_RESPONSE_ROUTE) return STORED_RESPONSE;
  return route.path === "/models" ? MODELS : FORWARD;
}

/**
 * Runs the stages of `ctx`'s endpoint in order until one answers; a stage's failure is answered
 * once, in the client's format (or 499 when the client left).
 */
async function dispatch(
  ctx: RequestContext,
  stages: readonly Stage[],
): Promise<Response> {
  try {
    for (const stage of stages) {
      const pending = stage(ctx);
      if (pending) await pending;
      if (ctx.response) return ctx.response;
    }
    throw new TypeError(`No stage answered "${ctx.draft.path}"`);
  } catch (err) {
    return answerFailure(ctx, err);
  }
}

/** Creates the gateway over a snapshot getter; nothing on its path touches SQLite or YAML. */
export function createGateway(options: GatewayOptions): Gateway {
  const registry = options.plugins ?? PLUGINS;
  const log = options.log;
  const now = options.now ?? Date.now;
  const pool = new UpstreamClientPool(
    options.createUpstreamClient,
    options.env,
  );
  const services: GatewayServices = {
    log,
    now,
    requestLog: options.requestLog,
    plans: new PlanCache(registry),
    pool,
    deadlines: new Deadlines(),
    cooldowns: new Cooldowns(),
    responses: options.responses,
    observer: options.observer,
    metrics: new GatewayMetrics(),
    prices: options.prices,
  };
  const compiled = new WeakMap<RoutingSnapshot, Routing>();
  const routingOf = (snapshot: RoutingSnapshot): Routing => {
    let routing = compiled.get(snapshot);
    if (!routing) {
      routing = compileRouting(snapshot, registry, log);
      compiled.set(snapshot, routing);
      pool.sync(snapshot);
    }
    return routing;
  };

  const handle = (req: Request, replay?: Replay): Promise<Response> => {
    const url = toRequestTarget(req.url);
    const route = findRoute(url.pathname) ??
      (storedResponseId(url.pathname) === undefined
        ? undefined
        : STORED_RESPONSE_ROUTE);
    const draft = createRequestDraft(req.method, url.pathname, now());
    draft.format_in = route?.format ?? null;
    if (replay) draft.replay_of = replay.of;
    const stages = stagesOf(route);
    return dispatch(
      new RequestContext(req, {
        route,
        search: url.search,
        routing: routingOf(options.snapshot()),
        services,
        draft,
        replay,
      }),
      replay && stages === FORWARD ? REPLAY : stages,
    );
  };

  return {
    handle: (req) => handle(req),
    replay: handle,
    metrics: services.metrics,
    fetchUpstream(downstreamId, path, { signal } = {}) {
      const snapshot = options.snapshot();
      routingOf(snapshot);
      return fetchUpstream(pool, snapshot, { downstreamId, path, signal });
    },
    async testDownstream(downstream) {
      const create = options.createProbeClient;
      if (!create) {
        throw new TypeError("Cannot test a downstream: no probe client given");
      }
      const { settings } = options.snapshot();
      const proxyUrl = selectProxy(
        settings.proxyMode,
        downstream.baseUrl,
        options.env,
      );
      const client = create(proxyUrl ? { proxyUrl } : {});
      try {
        return await testDownstream(downstream, {
          client,
          now,
          timeoutMs: Math.max(
            settings.upstreamConnectTimeoutMs,
            TEST_MIN_TIMEOUT_MS,
          ),
        });
      } finally {
        client.close();
      }
    },
    close() {
      pool.close();
      services.deadlines.close();
    },
  };
}
