/**
 * The gateway request handler: auth → format → body → model → resolve → rules → auto-translation
 * → request pipeline → final body checks (finalize_body.ts) → forward → response pipeline →
 * request log (DESIGN.md "The request path").
 *
 * @module
 */
import type { RoutingSnapshot } from "../store/types.ts";
import {
  type ApiFormat,
  type JsonObject,
  type PluginRequest,
  PLUGINS,
  type Registry,
  type ResponseStore,
} from "../plugins/mod.ts";
import type { Logger } from "./log.ts";
import type { RequestLog } from "./request_log.ts";
import { GatewayError, renderError, toGatewayError } from "./errors.ts";
import { requireClientAuth } from "./auth.ts";
import { toClientResponse } from "./client_response.ts";
import {
  createRequestDraft,
  type RequestDraft as Draft,
  type RequestOutcome,
  toRequestLogEntry,
} from "./request_draft.ts";
import {
  findRoute,
  type GatewayRoute,
  type RequestTarget,
  storedResponseId,
  toRequestTarget,
} from "./paths.ts";
import { parseJsonObject, readBody } from "./body.ts";
import { compileRouting, type Routing } from "./routing.ts";
import { resolveModel } from "./resolve_model.ts";
import { bindPipeline, runRequestPipeline } from "./pipeline.ts";
import {
  buildUpstreamUrl,
  isCrossFamily,
  setDownstreamAuth,
  toForwardHeaderList,
  toForwardHeaders,
  withDownstreamAuth,
} from "./forward.ts";
import { type HttpClientFactory, HttpClientPool } from "./http_clients.ts";
import type { EnvReader } from "./proxy.ts";
import { Deadlines } from "./deadlines.ts";
import { PlanCache } from "./plan_cache.ts";
import { respondFromUpstream } from "./respond.ts";
import { finalizeBody } from "./finalize_body.ts";

/** Dependencies of {@link createGateway}. */
export interface GatewayOptions {
  /** The current routing snapshot; the only thing the gateway reads from the store. */
  snapshot: () => RoutingSnapshot;
  log: Logger;
  requestLog: RequestLog;
  /** Defaults to the built-in {@link PLUGINS}. */
  plugins?: Registry;
  /** Builds a pooled client; `proxyUrl` absent means a direct connection. */
  createHttpClient: HttpClientFactory;
  /** Reads HTTPS_PROXY/HTTP_PROXY/NO_PROXY for `proxy_mode` auto/env. */
  env: EnvReader;
  /** Milliseconds since the epoch; defaults to `Date.now`. */
  now?: () => number;
  /**
   * Kept Responses API responses: handed to converters (`previous_response_id`) and read by
   * `GET /v1/responses/{id}`. Without it, both answer 404.
   */
  responses?: ResponseStore;
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
    init?: RequestInit,
  ): Promise<Response>;
  /** Closes the pooled clients. */
  close(): void;
}

const JSON_HEADERS = { "content-type": "application/json" } as const;
/** Longer model names are refused (real ones are under 100 characters). */
export const MAX_MODEL_NAME_CHARS = 256;

/** Whether `req` asks to become a WebSocket. */
function isWebSocketUpgrade(req: Request): boolean {
  return req.method === "GET" &&
    req.headers.get("upgrade")?.toLowerCase() === "websocket";
}
const ENCODER = new TextEncoder();

/** Creates the gateway over a snapshot getter; nothing on its path touches SQLite or YAML. */
export function createGateway(options: GatewayOptions): Gateway {
  const registry = options.plugins ?? PLUGINS;
  const log = options.log;
  const now = options.now ?? Date.now;
  const pool = new HttpClientPool(options.createHttpClient, options.env);
  /** The connect timeouts of requests in flight. */
  const deadlines = new Deadlines();
  const compiled = new WeakMap<RoutingSnapshot, Routing>();
  const plans = new PlanCache(registry);

  const routingOf = (snapshot: RoutingSnapshot): Routing => {
    let routing = compiled.get(snapshot);
    if (!routing) {
      routing = compileRouting(snapshot, registry, log);
      compiled.set(snapshot, routing);
      pool.sync(snapshot);
    }
    return routing;
  };

  const record = (draft: Draft, outcome: RequestOutcome) =>
    options.requestLog.add(toRequestLogEntry(draft, outcome, now()));

  /** A locally built response, logged at once. */
  const answer = (
    draft: Draft,
    response: Response,
    error?: string,
  ): Response => {
    response.headers.set("x-tresor-request-id", draft.id);
    record(draft, { status: response.status, ttfb: now(), error });
    return response;
  };

  const fail = (
    draft: Draft,
    format: ApiFormat,
    thrown: unknown,
  ): Response => {
    const err = toGatewayError(thrown);
    if (err instanceof GatewayError && err.kind === "internal") {
      log.error("Request failed", {
        request_id: draft.id,
        error: String(err.cause ?? err),
      });
    } else {
      log.debug("Request refused", {
        request_id: draft.id,
        error: err.message,
      });
    }
    return answer(draft, renderError(format, err), err.message);
  };

  async function handle(req: Request): Promise<Response> {
    const start = now();
    const url = toRequestTarget(req.url);
    const draft = createRequestDraft(req.method, url.pathname, start);
    const route = findRoute(url.pathname);
    const storedId = route ? undefined : storedResponseId(url.pathname);
    const format = route?.format ??
      (storedId === undefined ? "openai" : "responses");
    try {
      if (storedId !== undefined) {
        draft.format_in = "responses";
        return await getStoredResponse(req, draft, storedId);
      }
      if (!route) {
        throw new GatewayError(
          "not_found",
          `Cannot serve "${url.pathname}": not a gateway path`,
        );
      }
      draft.format_in = route.format;
      const routing = routingOf(options.snapshot());
      await requireClientAuth(req, routing.clientKeys);
      if (route.path === "/responses" && isWebSocketUpgrade(req)) {
        // Codex CLI tries `GET /v1/responses` as a WebSocket first (OpenAI-Beta:
        // responses_websockets=…); a 426 makes it use HTTP for the session straight away.
        throw new GatewayError(
          "upgrade_required",
          "Cannot serve the Responses API over a WebSocket: use HTTP (POST /v1/responses)",
        );
      }
      if (req.method !== route.method) {
        await req.body?.cancel();
        throw new GatewayError(
          "method_not_allowed",
          `Cannot ${req.method} "${url.pathname}": use ${route.method}`,
        );
      }
      if (route.path === "/models") {
        return answer(
          draft,
          new Response(routing.modelsBody, { headers: JSON_HEADERS }),
        );
      }
      return await forward(req, { draft, route, routing, url });
    } catch (err) {
      // Whatever failed, nobody is left to read the answer.
      if (req.signal.aborted) {
        return answer(
          draft,
          new Response(null, { status: 499 }),
          "Client closed request",
        );
      }
      return fail(draft, format, err);
    }
  }

  /** `GET /v1/responses/{id}`: a response kept by a Responses converter. */
  async function getStoredResponse(
    req: Request,
    draft: Draft,
    id: string,
  ): Promise<Response> {
    const routing = routingOf(options.snapshot());
    await requireClientAuth(req, routing.clientKeys);
    if (req.method !== "GET") {
      await req.body?.cancel();
      throw new GatewayError(
        "method_not_allowed",
        `Cannot ${req.method} "${draft.path}": use GET`,
      );
    }
    const stored = await options.responses?.get(id);
    if (stored === undefined) {
      return answer(
        draft,
        new Response(
          JSON.stringify({
            error: {
              message: `Response with id '${id}' not found.`,
              type: "invalid_request_error",
              param: null,
              code: "not_found",
            },
          }),
          { status: 404, headers: JSON_HEADERS },
        ),
        "Response not found",
      );
    }
    return answer(
      draft,
      new Response(JSON.stringify(stored.response), { headers: JSON_HEADERS }),
    );
  }

  async function forward(
    req: Request,
    ctx: {
      draft: Draft;
      route: GatewayRoute;
      routing: Routing;
      url: RequestTarget;
    },
  ): Promise<Response> {
    const { draft, route, routing, url } = ctx;
    const settings = routing.snapshot.settings;
    const bytes = await readBody(req, settings.maxBodyBytes);
    const parsed = parseJsonObject(bytes);
    const model = parsed.model;
    if (typeof model !== "string" || model === "") {
      throw new GatewayError(
        "invalid_request",
        'Cannot route request: body has no "model" string',
      );
    }
    // Regex aliases run over the model name, and it is quoted in errors and logs: bounded.
    if (model.length > MAX_MODEL_NAME_CHARS) {
      throw new GatewayError(
        "invalid_request",
        `Cannot route request: "model" is longer than ${MAX_MODEL_NAME_CHARS} characters`,
      );
    }
    draft.model_requested = model;
    const stream = parsed.stream === true;
    draft.streamed = stream;
    const resolution = resolveModel(routing, model);
    if (!resolution) {
      throw new GatewayError(
        "model_not_found",
        `Cannot route model "${model}": unknown model, no alias or downstream serves it`,
      );
    }
    const downstream = resolution.downstream;
    draft.downstream = downstream.id;
    draft.alias = resolution.alias?.id ?? null;
    draft.model_forwarded = resolution.model;
    const { plan, ruleIds, pluginIds, downstream: downstreamInfo } = plans.get(
      routing,
      route,
      model,
      { downstream, forwardedModel: resolution.model },
    );
    // Shared with the cache: the log entry only reads them.
    draft.rules = ruleIds;
    draft.plugins = pluginIds;
    draft.format_out = plan.formatOut;

    // Aborts the upstream call when the client goes away or a timeout fires.
    const upstreamAbort = new AbortController();
    const onClientAbort = () => upstreamAbort.abort(req.signal.reason);
    if (req.signal.aborted) onClientAbort();
    else req.signal.addEventListener("abort", onClientAbort, { once: true });
    const detach = () => req.signal.removeEventListener("abort", onClientAbort);

    const pipeline = bindPipeline(plan.steps, {
      requestId: draft.id,
      log,
      signal: req.signal,
      clientFormat: route.format,
      downstream: downstreamInfo,
      stream,
      ...(options.responses && { responses: options.responses }),
    });

    const body: JsonObject = resolution.model === model
      ? parsed
      : { ...parsed, model: resolution.model };
    let request: { path: string; query: string; body: JsonObject };
    let headers: Headers | [string, string][];
    if (plan.steps.length === 0) {
      // No plugin to see the request: its headers go out as a plain list.
      request = {
        path: route.path,
        query: url.search,
        body: finalizeBody(body, plan.formatOut, downstreamInfo, log),
      };
      headers = toForwardHeaderList(
        req.headers,
        plan.formatOut,
        downstream.apiKey,
        plan.formatOut === "anthropic" ? downstream.anthropicBeta : undefined,
      );
      if (request.body !== parsed) {
        headers = headers.filter(([name]) => name !== "content-type");
        headers.push(["content-type", "application/json"]);
      }
    } else {
      const forwardHeaders = toForwardHeaders(req.headers, {
        crossFamily: isCrossFamily(route.format, plan.formatOut),
        ...(plan.formatOut === "anthropic" &&
          { anthropicBeta: downstream.anthropicBeta }),
      });
      let outcome;
      try {
        outcome = await runRequestPipeline(pipeline, {
          path: route.path,
          query: url.search,
          headers: forwardHeaders,
          body,
        });
      } catch (err) {
        detach();
        throw err;
      }
      if (outcome.kind === "respond") {
        detach();
        return answer(draft, toClientResponse(outcome.response));
      }
      const forwarded: PluginRequest = outcome.request;
      request = {
        ...forwarded,
        body: finalizeBody(forwarded.body, plan.formatOut, downstreamInfo, log),
      };
      // Headers no plugin replaced are ours (made above), so they are completed in place.
      const completed = forwarded.headers === forwardHeaders
        ? forwardHeaders
        : new Headers(forwarded.headers);
      setDownstreamAuth(completed, plan.formatOut, downstream.apiKey);
      if (request.body !== parsed) {
        completed.set("content-type", "application/json");
      } else if (!completed.has("content-type")) {
        completed.set("content-type", "application/json");
      }
      headers = completed;
    }
    const upstreamBody = request.body === parsed
      ? bytes
      : ENCODER.encode(JSON.stringify(request.body));
    const target = buildUpstreamUrl(
      downstream.baseUrl,
      plan.formatOut,
      request.path,
      request.query,
    );

    const lease = pool.lease(downstream);
    let upstream: Response;
    let timedOut = false;
    const cancelConnectTimeout = deadlines.set(
      settings.upstreamConnectTimeoutMs,
      () => {
        timedOut = true;
        upstreamAbort.abort();
      },
    );
    try {
      upstream = await lease.fetch(target, {
        method: "POST",
        headers,
        body: upstreamBody,
        signal: upstreamAbort.signal,
      });
    } catch (err) {
      lease.release();
      detach();
      if (timedOut) {
        log.warn("Upstream timed out before answering", {
          request_id: draft.id,
          downstream: downstream.id,
        });
        throw new GatewayError(
          "upstream_timeout",
          `Downstream "${downstream.id}" did not answer within ${settings.upstreamConnectTimeoutMs} ms`,
          { cause: err },
        );
      }
      if (req.signal.aborted) {
        return answer(
          draft,
          new Response(null, { status: 499 }),
          "Client closed request",
        );
      }
      log.warn("Cannot reach downstream", {
        request_id: draft.id,
        downstream: downstream.id,
        error: String(err),
      });
      throw new GatewayError(
        "upstream_unreachable",
        `Cannot reach downstream "${downstream.id}"`,
        { cause: err },
      );
    } finally {
      cancelConnectTimeout();
    }

    return await respondFromUpstream(upstream, {
      draft,
      pipeline,
      clientFormat: route.format,
      idleMs: settings.upstreamIdleTimeoutMs,
      log,
      now,
      record,
      abortUpstream: (reason) => upstreamAbort.abort(reason),
      clientGone: () => req.signal.aborted,
      done: () => {
        lease.release();
        detach();
      },
    });
  }

  return {
    handle,
    async fetchUpstream(downstreamId, path, init = {}) {
      const snapshot = options.snapshot();
      routingOf(snapshot);
      const downstream = snapshot.downstreamsById.get(downstreamId);
      if (!downstream) {
        throw new GatewayError(
          "not_found",
          `Cannot fetch from downstream "${downstreamId}": no such downstream`,
        );
      }
      const format = downstream.apiFormats[0] ?? "openai";
      const headers = withDownstreamAuth(
        new Headers(init.headers),
        format,
        downstream.apiKey,
      );
      const lease = pool.lease(downstream);
      try {
        return await lease.fetch(
          buildUpstreamUrl(downstream.baseUrl, format, path),
          { ...init, headers },
        );
      } finally {
        lease.release();
      }
    },
    close() {
      pool.close();
      deadlines.close();
    },
  };
}
