/**
 * The daemon's one request handler: the browser-reach rules in front of every route, then the
 * gateway or the admin surface (CONTRACT.md "Security keys and answers").
 *
 * 1. While listening on loopback, a `Host` that is not a loopback name or in `allowed_hosts`
 *    → 403 on every route (DNS rebinding).
 * 2. Gateway paths: the `Origin` rule and CORS for `cors_allowed_origins`.
 * 3. Everything else: the admin mutation rules (foreign `Origin`, cross-site, non-JSON body).
 *
 * @module
 */
import {
  createHostCheck,
  decideOrigin,
  isGatewayPath,
  type Logger,
  preflightResponse,
  renderForbidden,
  requestHosts,
  toRequestTarget,
  withCorsHeaders,
} from "../gateway/mod.ts";
import { checkAdminRequest, renderRefusal } from "../routes/mod.ts";
import type { Settings } from "../store/mod.ts";

/** Connection facts, as `Deno.serve` passes them. */
export interface ServeInfo {
  readonly remoteAddr: { readonly hostname: string };
}

/** What {@link createServeHandler} composes. */
export interface ServeHandlerDeps {
  readonly gateway: { handle(req: Request): Promise<Response> };
  readonly admin: {
    handle(req: Request, info: ServeInfo): Promise<Response>;
  };
  /** The live settings (`allowed_hosts`, `cors_allowed_origins`). */
  readonly settings: () => Pick<
    Settings,
    "allowedHosts" | "corsAllowedOrigins"
  >;
  readonly log: Logger;
  /** Whether the listen address is loopback: then every route checks `Host`. */
  readonly loopbackListen: boolean;
}

/** Builds the `Deno.serve` handler. */
export function createServeHandler(
  deps: ServeHandlerDeps,
): (req: Request, info: ServeInfo) => Promise<Response> {
  const { gateway, admin, log } = deps;
  const allowsHost = createHostCheck(() => deps.settings().allowedHosts);

  const refuse = (
    req: Request,
    reason: string,
    render: () => Response,
  ): Promise<Response> => {
    log.warn("Refused a request by a browser-reach rule", {
      reason,
      method: req.method,
      path: toRequestTarget(req.url).pathname,
      host: req.headers.get("host") ?? undefined,
      origin: req.headers.get("origin") ?? undefined,
    });
    return drained(req, render);
  };

  return (req, info) => {
    const { pathname } = toRequestTarget(req.url);
    const gatewayPath = isGatewayPath(pathname);
    if (deps.loopbackListen) {
      const host = requestHosts(req).find((h) => !allowsHost(h));
      if (host !== undefined) {
        const message =
          `Host "${host}" is not served: Tresor listens on loopback; add the name to allowed_hosts to reach it by that name`;
        return refuse(
          req,
          "host",
          () =>
            gatewayPath
              ? renderForbidden(pathname, message)
              : renderRefusal(new URL(req.url).pathname, {
                status: 403,
                message,
              }),
        );
      }
    }
    if (gatewayPath) {
      const decision = decideOrigin(req, deps.settings().corsAllowedOrigins);
      switch (decision.kind) {
        case "pass":
          return gateway.handle(req);
        case "cors":
          return gateway.handle(req).then((res) =>
            withCorsHeaders(res, decision.origin)
          );
        case "preflight":
          return drained(req, () => preflightResponse(req, decision.origin));
        case "refuse":
          return refuse(req, "origin", () =>
            renderForbidden(
              pathname,
              `Browser origin "${decision.origin}" is not allowed: add it to cors_allowed_origins to call the gateway from that page`,
            ));
        default:
          throw new TypeError(
            `Unknown origin decision ${
              JSON.stringify(decision satisfies never)
            }`,
          );
      }
    }
    // Routed as the admin surface routes it: URL-normalised (backslashes, dot segments).
    const adminPath = new URL(req.url).pathname;
    const refusal = checkAdminRequest(req, adminPath);
    if (refusal !== undefined) {
      return refuse(
        req,
        `admin ${refusal.status}`,
        () => renderRefusal(adminPath, refusal),
      );
    }
    return admin.handle(req, info);
  };
}

/** `answer()` once the request's body (never read) is discarded. */
async function drained(
  req: Request,
  answer: () => Response,
): Promise<Response> {
  await req.body?.cancel();
  return answer();
}
