/**
 * The admin surface on the daemon's port: `/api/*` (the admin REST API), `/static/*` (assets
 * and the island bundle) and the pages, dispatched through an explicit route table. Pages use
 * the admin API's auth rule: with a password, the session cookie (else a redirect to
 * `/login`); without one, loopback clients only. `cli/run.ts` imports this module.
 *
 * @module
 */
import type { VNode } from "preact";
import {
  createStaticHandler,
  loadManifest,
  matchRoute,
  renderPage,
  type Route,
} from "../web/mod.ts";
import { createAdminApi } from "./api/mod.ts";
import type { AdminRoutesDeps, PageContext } from "./_context.ts";
import { renderErrorPage } from "./_error.tsx";
import { serveMetrics } from "./metrics.ts";
import * as index from "./index.ts";
import * as login from "./login.tsx";
import * as logout from "./logout.ts";
import * as aliases from "./aliases.tsx";
import * as downstreams from "./downstreams.tsx";
import * as rules from "./rules.tsx";
import * as logs from "./logs.tsx";
import * as usage from "./usage.tsx";
import * as settings from "./settings.tsx";
import * as about from "./about.tsx";

export type { AdminRoutesDeps, PageContext } from "./_context.ts";
/** Admin sessions, made by the composition root so the request capture can redact their tokens. */
export { SessionStore } from "./api/mod.ts";
export {
  checkAdminRequest,
  type Refusal,
  renderRefusal,
} from "./request_guard.ts";

/** A page route: its pattern, module, allowed methods, and whether it needs no session. */
interface PageRoute extends Route<PageContext> {
  readonly methods: readonly string[];
  readonly public?: boolean;
}

function page(
  pathname: string,
  module: PageRoute["module"],
  options: { methods?: readonly string[]; public?: boolean } = {},
): PageRoute {
  return {
    pattern: new URLPattern({ pathname }),
    module,
    methods: options.methods ?? ["GET", "HEAD"],
    public: options.public,
  };
}

/** The page route table (CONTRACT.md "Pages"). */
const PAGES: readonly PageRoute[] = [
  page("/", index),
  page("/login", login, { methods: ["GET", "HEAD", "POST"], public: true }),
  page("/logout", logout, { methods: ["POST"], public: true }),
  page("/aliases", aliases),
  page("/downstreams", downstreams),
  page("/rules", rules),
  page("/logs", logs),
  page("/usage", usage),
  page("/settings", settings),
  page("/about", about),
];

const STATIC_DIR = new URL("../static/", import.meta.url);

/** Connection facts the handler needs, as `Deno.serve` passes them. */
export interface AdminRequestInfo {
  readonly remoteAddr: { readonly hostname: string };
}

/** Everything that is not the gateway: admin API, pages and static files. */
export interface AdminRoutes {
  handle(req: Request, info: AdminRequestInfo): Promise<Response>;
  /** Ends long-lived responses (log streams) so a shutdown drain need not wait for them. */
  close(): void;
}

/** Builds the handler for every non-gateway request. */
export function createAdminRoutes(deps: AdminRoutesDeps): AdminRoutes {
  const api = createAdminApi(deps);
  const staticDir = deps.staticDir ?? STATIC_DIR;
  const serveStatic = createStaticHandler({ dir: staticDir });
  const buildDir = new URL("build/", staticDir);
  let clientUrl: string | null = null;

  // The bundle is found once it exists; until `deno task build` has run, pages render without
  // scripts (still useful: everything is server-rendered).
  const findClientUrl = async (): Promise<string | null> => {
    if (clientUrl) return clientUrl;
    const manifest = await loadManifest(buildDir).catch((err) => {
      if (err instanceof SyntaxError) return null;
      throw err;
    });
    if (manifest) clientUrl = `/static/build/${manifest.client}`;
    return clientUrl;
  };

  const handle = async (
    req: Request,
    info: AdminRequestInfo,
  ): Promise<Response> => {
    const url = new URL(req.url);
    const { pathname } = url;
    if (pathname === "/api" || pathname.startsWith("/api/")) {
      return api.handle(req, info);
    }
    if (pathname.startsWith("/static/")) return serveStatic(req);
    if (pathname === "/metrics") {
      return serveMetrics(req, {
        deps,
        api,
        clientIp: info.remoteAddr.hostname,
      });
    }

    const match = matchRoute(PAGES, url);
    if (!match) {
      await req.body?.cancel();
      return renderErrorPage(404, `There is no page at ${pathname}`);
    }
    const { route, params } = match;
    if (!route.methods.includes(req.method)) {
      await req.body?.cancel();
      return renderErrorPage(405, `${req.method} is not allowed here`, {
        allow: route.methods.join(", "),
      });
    }
    const clientIp = info.remoteAddr.hostname;
    if (!route.public) {
      const access = api.access(req, clientIp);
      if (!access.ok) {
        await req.body?.cancel();
        if (access.status === 401) {
          const next = encodeURIComponent(pathname + url.search);
          return new Response(null, {
            status: 303,
            headers: {
              location: `/login?next=${next}`,
              "cache-control": "no-store",
            },
          });
        }
        return renderErrorPage(
          access.status,
          access.message,
          access.retryAfter
            ? { "retry-after": String(access.retryAfter) }
            : undefined,
        );
      }
    }
    const ctx: PageContext = {
      url,
      params,
      deps,
      api,
      clientIp,
      info,
      passwordRequired: deps.store.snapshot().settings.adminPassword !== "",
      render: async (body: VNode, options) =>
        renderPage(body, { ...options, clientUrl: await findClientUrl() }),
    };
    try {
      return await route.module.handler(req, ctx);
    } catch (err) {
      deps.log.error("Admin page failed", {
        path: pathname,
        error: String(err),
      });
      return renderErrorPage(500, "The page could not be rendered");
    }
  };
  return { handle, close: () => api.close() };
}
