/**
 * What a page handler receives: the request's URL and parameters, the daemon's dependencies,
 * and `render`, which wraps a page in the document shell with the client bundle linked.
 *
 * @module
 */
import type { VNode } from "preact";
import type { AdminApi, AdminApiDeps } from "./api/mod.ts";
import type { GatewayMetrics } from "../gateway/mod.ts";

/** The admin routes' dependencies: the admin API's, plus facts for the about page. */
export interface AdminRoutesDeps extends AdminApiDeps {
  /** Absolute path of the YAML config file. */
  readonly configPath: string;
  /** Absolute path of the SQLite database. */
  readonly databasePath: string;
  /** Folder served at `/static/`; defaults to the repository's `static/`. */
  readonly staticDir?: URL;
  /** The gateway's metrics, served at `/metrics`; without them it answers 404. */
  readonly metrics?: GatewayMetrics;
}

/** Options of {@link PageContext.render}. */
export interface PageRenderOptions {
  readonly title: string;
  readonly status?: number;
  readonly headers?: HeadersInit;
}

/** Everything a page handler may use. */
export interface PageContext {
  readonly url: URL;
  readonly params: Readonly<Record<string, string>>;
  readonly deps: AdminRoutesDeps;
  readonly api: AdminApi;
  /** The peer's address, as `Deno.serve` reports it. */
  readonly clientIp: string;
  /** The original connection info, for forwarding to the admin API. */
  readonly info: { remoteAddr: { hostname: string } };
  /** Whether an admin password is set (then the layout offers logout). */
  readonly passwordRequired: boolean;
  /** Renders `page` as a complete HTML response. */
  render(page: VNode, options: PageRenderOptions): Promise<Response>;
}

/** A page or action module in the route table. */
export interface PageModule {
  handler(req: Request, ctx: PageContext): Promise<Response>;
}

/** A `303 See Other` to a same-origin path. */
export function redirect(location: string, headers?: HeadersInit): Response {
  const h = new Headers(headers);
  h.set("location", location);
  h.set("cache-control", "no-store");
  return new Response(null, { status: 303, headers: h });
}

/**
 * A `next` parameter made safe to redirect to: only a local absolute path (no scheme, no
 * `//host`, no backslash tricks), and never back to the login page.
 */
export function safeNext(next: string | null | undefined): string {
  if (!next || !next.startsWith("/") || next.startsWith("//")) return "/";
  if (next.includes("\\") || [...next].some((c) => c.charCodeAt(0) < 0x20)) {
    return "/";
  }
  if (next === "/login" || next.startsWith("/login?")) return "/";
  return next;
}
