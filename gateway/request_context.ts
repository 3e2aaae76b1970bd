/**
 * One request on its way through the stages (`stages/`): what is known about it so far, and the
 * services every request shares. Each stage reads what earlier stages left and adds its own part
 * (Hono's `Context` is the model). A part read before the stage that makes it is a programmer
 * error (a `TypeError`), never `undefined`.
 *
 * What one downstream gets — the plan, the bound pipeline, the upstream request, its answer —
 * is an {@link Attempt}, replaced whole when the request is sent to another downstream (issue
 * 16's failover: the client's body stays, the target moves to the next member and the attempt
 * is made anew).
 *
 * @module
 */
import type { JsonObject, ResponseStore } from "../plugins/mod.ts";
import type { Downstream } from "../store/types.ts";
import type { Cooldowns } from "./cooldowns.ts";
import type { PriceLookup } from "./cost.ts";
import type { Deadlines } from "./deadlines.ts";
import type { Failover } from "./failover.ts";
import type { GatewayMetrics } from "./metrics.ts";
import type { Logger } from "./log.ts";
import type { GatewayRoute } from "./paths.ts";
import type { BoundPipeline } from "./pipeline.ts";
import type { PlanCache, Planned } from "./plan_cache.ts";
import type { RequestDraft, RequestTimings } from "./request_draft.ts";
import type { RequestLog } from "./request_log.ts";
import type { RequestObserver, RequestWatcher } from "./request_observer.ts";
import type { Resolution } from "./resolve_model.ts";
import type { Routing } from "./routing.ts";
import type { UpstreamRequest, UpstreamResponse } from "./upstream_client.ts";
import type { Lease, UpstreamClientPool } from "./upstream_pool.ts";

/** What the gateway shares with every request (built once by `createGateway`). */
export interface GatewayServices {
  readonly log: Logger;
  /** Milliseconds since the epoch. */
  readonly now: () => number;
  readonly requestLog: RequestLog;
  readonly plans: PlanCache;
  readonly pool: UpstreamClientPool;
  /** The connect timeouts of requests in flight. */
  readonly deadlines: Deadlines;
  /** Failover members resting after a `retry-after` (issue 16). */
  readonly cooldowns: Cooldowns;
  readonly responses: ResponseStore | undefined;
  readonly observer: RequestObserver | undefined;
  /** Counted on the request path, rendered by `GET /metrics`. */
  readonly metrics: GatewayMetrics;
  /** Model prices for each request's cost; none: every request is unpriced. */
  readonly prices: PriceLookup | undefined;
}

/** The client's body as the read body stage left it. */
export interface RequestBody {
  /** The bytes as received: forwarded as they are when nothing changes the body. */
  readonly bytes: Uint8Array<ArrayBuffer>;
  readonly json: JsonObject;
  /** The `model` the client asked for. */
  readonly model: string;
  /** Whether the client asked for a stream (`"stream": true`). */
  readonly stream: boolean;
}

/** Where a replay goes instead of where its model resolves: a downstream and the model it gets. */
export interface ReplayTarget {
  readonly downstreamId: string;
  readonly model: string;
}

/** A replay (an admin action, issue 17): the request it repeats, and where to send it. */
export interface Replay {
  /** The id of the request replayed. */
  readonly of: string;
  /** Absent: resolved like any request. */
  readonly to?: ReplayTarget;
}

/** A stage of the request path: reads and fills the context; answering sets `ctx.response`. */
export type Stage = (ctx: RequestContext) => void | Promise<void>;

function missing(part: string, stage: string): never {
  throw new TypeError(
    `Cannot read the request's ${part} before the ${stage} stage`,
  );
}

/**
 * One try at one downstream: made by the plan stage, filled by prepare and send. It owns the
 * upstream call's abort controller and its client lease, released together by {@link release}.
 */
export class Attempt {
  readonly downstream: Downstream;
  /** The model name sent upstream. */
  readonly model: string;
  readonly planned: Planned;
  /** The plan's steps bound to this request (fresh plugin state per attempt). */
  readonly pipeline: BoundPipeline;
  /** Aborts the upstream call: the client left, a timeout fired. */
  readonly abort: AbortController = new AbortController();
  #request: UpstreamRequest | undefined;
  #upstream: UpstreamResponse | undefined;
  #lease: Lease | undefined;
  #unfollow: (() => void) | undefined;

  constructor(
    target: { downstream: Downstream; model: string },
    planned: Planned,
    pipeline: BoundPipeline,
  ) {
    this.downstream = target.downstream;
    this.model = target.model;
    this.planned = planned;
    this.pipeline = pipeline;
  }

  /** The request prepared for the downstream. */
  get request(): UpstreamRequest {
    return this.#request ?? missing("upstream request", "prepare");
  }
  set request(request: UpstreamRequest) {
    this.#request = request;
  }

  /** The downstream's answer (its head; the body may still be arriving). */
  get upstream(): UpstreamResponse {
    return this.#upstream ?? missing("upstream response", "send");
  }
  set upstream(upstream: UpstreamResponse) {
    this.#upstream = upstream;
  }

  /** Aborts the upstream call when `signal` (the client's) aborts, until {@link release}. */
  follow(signal: AbortSignal): void {
    const abort = this.abort;
    const onAbort = () => abort.abort(signal.reason);
    if (signal.aborted) onAbort();
    else signal.addEventListener("abort", onAbort, { once: true });
    this.#unfollow = () => signal.removeEventListener("abort", onAbort);
  }

  /** Holds the client lease until {@link release}. */
  hold(lease: Lease): void {
    this.#lease = lease;
  }

  /** Gives back the lease and stops following the client's signal; safe to call twice. */
  release(): void {
    this.#lease?.release();
    this.#unfollow?.();
    this.#lease = undefined;
    this.#unfollow = undefined;
  }
}

/** One request through the stages. */
export class RequestContext {
  readonly req: Request;
  /** The query string (`?…`, or empty), forwarded upstream. */
  readonly search: string;
  /** The routing snapshot compiled, as it was when the request arrived. */
  readonly routing: Routing;
  readonly services: GatewayServices;
  /** The request-log fields known so far, filled in along the way. */
  readonly draft: RequestDraft;
  readonly timings: RequestTimings;
  /** What watches this request's messages (body capture), if anything does. */
  readonly watcher: RequestWatcher | undefined;
  /** Set when the request replays a captured one. */
  readonly replay: Replay | undefined;
  /** The answer, once a stage made it: the dispatcher stops there. */
  response: Response | undefined = undefined;
  /** Set by the record stage: the request is over and logged. */
  recorded = false;
  /** The failover run, when the target's alias group has failover members (resolve stage). */
  failover: Failover | undefined = undefined;
  readonly #route: GatewayRoute | undefined;
  #body: RequestBody | undefined;
  #target: Resolution | undefined;
  #attempt: Attempt | undefined;

  constructor(
    req: Request,
    init: {
      route: GatewayRoute | undefined;
      search: string;
      routing: Routing;
      services: GatewayServices;
      draft: RequestDraft;
      replay?: Replay;
    },
  ) {
    this.req = req;
    this.#route = init.route;
    this.search = init.search;
    this.routing = init.routing;
    this.services = init.services;
    this.draft = init.draft;
    this.timings = { start: init.draft.start, upstreamHead: null };
    this.replay = init.replay;
    this.watcher = init.services.observer?.watch?.({
      request: req,
      id: init.draft.id,
      replayOf: init.replay?.of ?? null,
    });
  }

  /** The gateway path (absent only for a path the gateway does not serve). */
  get route(): GatewayRoute {
    return this.#route ?? missing("route", "dispatch");
  }

  /** The client's format: its route's, or OpenAI's for a path the gateway does not serve. */
  get format(): GatewayRoute["format"] {
    return this.#route?.format ?? "openai";
  }

  /** The client's body, read and parsed. */
  get body(): RequestBody {
    return this.#body ?? missing("body", "read body");
  }
  set body(body: RequestBody) {
    this.#body = body;
  }
  /** The body when the read body stage has run (the record stage may come first). */
  peekBody(): RequestBody | undefined {
    return this.#body;
  }

  /**
   * The routing decision: where the model goes and under which name. Setting it also sets the
   * log draft's downstream, alias and forwarded model; the failover loop sets it again for each
   * member it tries, so the log and the usage record name the member that answered.
   */
  get target(): Resolution {
    return this.#target ?? missing("routing decision", "resolve");
  }
  set target(target: Resolution) {
    this.#target = target;
    const draft = this.draft;
    draft.downstream = target.downstream.id;
    draft.alias = target.alias?.id ?? null;
    draft.model_forwarded = target.model;
  }

  /** The current try at a downstream. */
  get attempt(): Attempt {
    return this.#attempt ?? missing("attempt", "plan");
  }
  /** Starts a new attempt; the previous one's resources are released first. */
  set attempt(attempt: Attempt) {
    this.#attempt?.release();
    this.#attempt = attempt;
  }

  /** Releases what the current attempt holds (its lease, its abort link); idempotent. */
  release(): void {
    this.#attempt?.release();
  }
}
