/**
 * The admin REST API under `/api/`: an explicit route table, JSON in and out, typed errors
 * rendered once, and admin authentication (Bearer `admin_password` or a session token; the
 * session cookie for pages and `EventSource`). `routes/mod.ts` and `cli/run.ts` import this
 * module; `auth.ts` (sessions, throttle, loopback rule) is public for the admin pages.
 *
 * @module
 */
import { HttpError, json, readJsonObject, renderError } from "./_http.ts";
import { ValidationError } from "../../store/mod.ts";
import type {
  AdminApiDeps,
  ApiState,
  Method,
  Route,
  RouteContext,
} from "./_router.ts";
import { route } from "./_router.ts";
import {
  bearerToken,
  isHttps,
  isLoopback,
  LoginThrottle,
  sessionCookie,
  SessionStore,
  timingSafeEqual,
} from "./auth.ts";
import { createHostCheck, requestHosts } from "../../gateway/mod.ts";
import { downstreamRoutes } from "./downstreams.ts";
import { downstreamTestRoutes } from "./downstream_checks.ts";
import { ruleRoutes } from "./rules.ts";
import { aliasRoutes } from "./aliases.ts";
import { settingsRoutes } from "./settings.ts";
import { logRoutes } from "./logs.ts";
import { pluginRoutes } from "./plugins.ts";
import { usageRoutes } from "./usage.ts";
import { downstreamPriceRoutes } from "./downstream_prices.ts";
import { presetRoutes } from "./presets.ts";
import { captureRoutes } from "./captures.ts";

export type {
  AdminApiDeps,
  CaptureDeps,
  PluginRegistry,
  UpstreamFetcher,
} from "./_router.ts";
export { SESSION_COOKIE, SessionStore } from "./auth.ts";
export type { Session } from "./auth.ts";
/** Decodes `/api/logs/stream` for clients such as `tresor logs --follow`. */
export { SseParseStream } from "../../plugins/mod.ts";

/** What the admin API decides about a request's credentials. */
export type AdminAccess =
  | { readonly ok: true }
  | {
    readonly ok: false;
    readonly status: 401 | 403 | 429;
    readonly message: string;
    readonly retryAfter?: number;
  };

/** The admin API instance. */
export interface AdminApi {
  /** Answers any `/api/...` request. */
  handle(
    req: Request,
    info: { remoteAddr: { hostname: string } },
  ): Promise<Response>;
  /** Sessions, shared with the admin pages' cookie auth. */
  readonly sessions: SessionStore;
  /** The auth decision for a protected resource (pages call it with the same rules). */
  access(req: Request, clientIp: string): AdminAccess;
  /** Ends open log streams so a server shutdown is not held up by them. */
  close(): void;
}

const METHODS: readonly Method[] = ["GET", "POST", "PUT", "DELETE"];

/** Builds the admin API over `deps`. */
export function createAdminApi(deps: AdminApiDeps): AdminApi {
  const now = deps.now ?? Date.now;
  const state: ApiState = {
    deps,
    sessions: deps.sessions ?? new SessionStore({ now }),
    throttle: new LoginThrottle({ now }),
    closers: new Set(),
  };
  const { sessions, throttle } = state;

  const passwordOf = () => deps.store.snapshot().settings.adminPassword;
  const hosts = createHostCheck(() =>
    deps.store.snapshot().settings.allowedHosts
  );

  const access = (req: Request, clientIp: string): AdminAccess => {
    const password = passwordOf();
    if (password === "") {
      const problem = passwordlessProblem(req, clientIp, hosts);
      return problem === undefined
        ? { ok: true }
        : { ok: false, status: 403, message: problem };
    }
    const token = bearerToken(req);
    if (token !== undefined) {
      if (sessions.isValid(token)) return { ok: true };
      const wait = throttle.retryAfter(clientIp);
      if (wait > 0) {
        return {
          ok: false,
          status: 429,
          message: `Too many failed attempts: retry in ${wait} s`,
          retryAfter: wait,
        };
      }
      if (timingSafeEqual(token, password)) {
        throttle.succeed(clientIp);
        return { ok: true };
      }
      throttle.fail(clientIp);
      return { ok: false, status: 401, message: "Invalid admin credentials" };
    }
    if (sessions.isValid(sessionCookie(req))) return { ok: true };
    return {
      ok: false,
      status: 401,
      message:
        "Authentication required: send Authorization: Bearer with the admin password or a session token",
    };
  };

  const publicRoutes: Route[] = [
    route("/api/health", {
      GET: () => Promise.resolve(json({ status: "ok" })),
    }, { public: true }),
    route("/api/version", {
      GET: () =>
        Promise.resolve(json({
          version: deps.version.version,
          build: deps.version.build,
          deno: denoVersion(deps.version),
        })),
    }, { public: true }),
    route("/api/auth/status", {
      GET: (req, { clientIp }) => {
        // Status must not count as a guess: only a session or cookie is looked at here,
        // plus the password rule itself.
        const password = passwordOf();
        const token = bearerToken(req) ?? sessionCookie(req);
        const authenticated = password === ""
          ? passwordlessProblem(req, clientIp, hosts) === undefined
          : sessions.isValid(token) ||
            (token !== undefined && throttle.retryAfter(clientIp) === 0 &&
              timingSafeEqual(token, password));
        return Promise.resolve(json({
          password_required: password !== "",
          authenticated,
        }));
      },
    }, { public: true }),
    route("/api/auth/login", {
      POST: async (req, { clientIp }) => {
        const password = passwordOf();
        const problem = password === ""
          ? passwordlessProblem(req, clientIp, hosts)
          : undefined;
        if (problem !== undefined) {
          await req.body?.cancel();
          throw new HttpError(403, problem);
        }
        const wait = throttle.retryAfter(clientIp);
        if (wait > 0) {
          await req.body?.cancel();
          throw new HttpError(
            429,
            `Too many failed logins: retry in ${wait} s`,
            { headers: { "retry-after": String(wait) } },
          );
        }
        const body = await readJsonObject(req);
        if (password !== "") {
          if (typeof body.password !== "string") {
            throw new ValidationError("password", "must be a string");
          }
          if (!timingSafeEqual(body.password, password)) {
            throttle.fail(clientIp);
            deps.log.warn("Admin login failed", { client: clientIp });
            throw new HttpError(401, "Wrong password");
          }
        }
        throttle.succeed(clientIp);
        const session = sessions.create();
        return json({
          token: session.token,
          expires_at: session.expiresAt.toISOString(),
        }, {
          headers: {
            "set-cookie": sessions.cookie(session, { secure: isHttps(req) }),
          },
        });
      },
    }, { public: true }),
    route("/api/auth/logout", {
      POST: async (req) => {
        await req.body?.cancel();
        sessions.revoke(bearerToken(req));
        sessions.revoke(sessionCookie(req));
        return new Response(null, {
          status: 204,
          headers: {
            "set-cookie": sessions.clearCookie({ secure: isHttps(req) }),
          },
        });
      },
    }, { public: true }),
  ];

  const routes: Route[] = [
    ...publicRoutes,
    ...downstreamTestRoutes(state),
    ...downstreamRoutes(state),
    ...ruleRoutes(state),
    ...aliasRoutes(state),
    ...pluginRoutes(state),
    ...presetRoutes(),
    ...settingsRoutes(state),
    ...logRoutes(state),
    ...usageRoutes(state),
    ...downstreamPriceRoutes(state),
    ...captureRoutes(state),
  ];

  /** Throws the 401/403/429 of a request without access to a protected route. */
  const requireAccess = async (req: Request, clientIp: string) => {
    const decision = access(req, clientIp);
    if (decision.ok) return;
    await req.body?.cancel();
    throw new HttpError(decision.status, decision.message, {
      headers: decision.status === 401
        ? { "www-authenticate": 'Bearer realm="tresor"' }
        : decision.retryAfter
        ? { "retry-after": String(decision.retryAfter) }
        : undefined,
    });
  };

  const handle = async (
    req: Request,
    info: { remoteAddr: { hostname: string } },
  ): Promise<Response> => {
    const url = new URL(req.url);
    const clientIp = info.remoteAddr.hostname;
    try {
      const method = METHODS.find((m) => m === req.method);
      // A path two patterns match (`/api/downstreams/test` is also a downstream id) goes to the
      // first that serves the method; 405 only when none does.
      let unserved: Route | undefined;
      for (const entry of routes) {
        const match = entry.pattern.exec({ pathname: url.pathname });
        if (!match) continue;
        const handler = method && entry.methods[method];
        if (!handler) {
          unserved ??= entry;
          continue;
        }
        if (!entry.public) await requireAccess(req, clientIp);
        const ctx: RouteContext = {
          url,
          clientIp,
          params: decodeParams(match.pathname.groups),
        };
        return await handler(req, ctx);
      }
      if (unserved) {
        if (!unserved.public) await requireAccess(req, clientIp);
        await req.body?.cancel();
        const allow = METHODS.filter((m) => unserved.methods[m]).join(", ");
        throw new HttpError(405, `Method ${req.method} not allowed`, {
          headers: { allow },
        });
      }
      await req.body?.cancel();
      throw new HttpError(404, `No admin API endpoint at ${url.pathname}`);
    } catch (err) {
      return renderError(err, deps.log);
    }
  };

  const close = () => {
    for (const closeStream of [...state.closers]) closeStream();
  };

  return { handle, sessions, access, close };
}

/**
 * Why a request may not use the admin surface without a password, or `undefined` when it may.
 * It must come from a loopback client *and* name a loopback (or listed) host: a DNS-rebound
 * page reaches even a `0.0.0.0` listener through loopback, but under its own host name.
 */
function passwordlessProblem(
  req: Request,
  clientIp: string,
  allowsHost: (host: string) => boolean,
): string | undefined {
  if (!isLoopback(clientIp)) {
    return "Admin access is limited to loopback clients while no admin_password is set";
  }
  if (!requestHosts(req).every(allowsHost)) {
    return "Admin access without admin_password needs a loopback host name (localhost, 127.0.0.1, [::1]) or one in allowed_hosts";
  }
  return undefined;
}

function decodeParams(
  groups: Record<string, string | undefined>,
): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(groups)) {
    if (value === undefined) continue;
    try {
      out[key] = decodeURIComponent(value);
    } catch (err) {
      if (!(err instanceof URIError)) throw err;
      throw new HttpError(
        400,
        `Invalid percent-encoding in path segment ${key}`,
      );
    }
  }
  return out;
}

/** The Deno version: from the composition root when given, else from `navigator.userAgent`. */
function denoVersion(version: AdminApiDeps["version"]): string {
  if (version.deno) return version.deno;
  return /Deno\/(\S+)/.exec(navigator.userAgent)?.[1] ?? "unknown";
}
