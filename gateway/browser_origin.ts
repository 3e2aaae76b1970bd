/**
 * The gateway's browser rule (CONTRACT.md "Security keys and answers"): a request that carries
 * an `Origin` comes from a web page. It is served only when that origin is the gateway's own or
 * is listed in `cors_allowed_origins`; any other page is refused before the request is read,
 * routed or forwarded, so a site the user happens to visit cannot spend their provider keys or
 * read their models. SDKs, curl and agents send no `Origin` and are not affected.
 *
 * Listed origins get CORS: a preflight answer naming the headers the official SDKs send in a
 * browser (`dangerouslyAllowBrowser`), and `Access-Control-Allow-Origin` naming the origin on
 * every answer. Never `*`: the answer always names the one origin that asked.
 *
 * @module
 */
import type { ApiFormat } from "../plugins/mod.ts";
import { GatewayError, renderError } from "./errors.ts";
import { findRoute, storedResponseId } from "./paths.ts";

/** What the rule decides for one gateway request. */
export type OriginDecision =
  /** No `Origin`, or the gateway's own: serve as usual. */
  | { readonly kind: "pass" }
  /** A listed origin: serve, and add CORS headers to the answer. */
  | { readonly kind: "cors"; readonly origin: string }
  /** A listed origin's CORS preflight: answer it here. */
  | { readonly kind: "preflight"; readonly origin: string }
  /** Any other origin: refuse with 403 in the client's error shape. */
  | { readonly kind: "refuse"; readonly origin: string };

/** Request headers a listed origin may send: what the OpenAI and Anthropic SDKs set in a browser. */
const ALLOWED_HEADERS: ReadonlySet<string> = new Set([
  "accept",
  "authorization",
  "content-type",
  "idempotency-key",
  "x-api-key",
]);

/**
 * Header families the SDKs add to (`anthropic-version`, `anthropic-beta`,
 * `anthropic-dangerous-direct-browser-access`, `openai-beta`, `openai-organization`,
 * `x-stainless-os`, `x-stainless-retry-count`, …); new members appear with SDK releases.
 */
const ALLOWED_HEADER_PREFIXES = ["anthropic-", "openai-", "x-stainless-"];

/** Response headers a page's SDK reads (request ids, retry hints). */
const EXPOSED_HEADERS = [
  "x-tresor-request-id",
  "request-id",
  "x-request-id",
  "retry-after",
  "retry-after-ms",
  "x-should-retry",
  "openai-processing-ms",
].join(", ");

/** The gateway's methods (CONTRACT.md "Gateway"). */
const ALLOWED_METHODS = "GET, POST";

/** How long a browser may reuse a preflight answer, in seconds. */
const PREFLIGHT_MAX_AGE = "600";

// RFC 9110 token characters: what a header name may be made of.
const TOKEN_REGEXP = /^[!#$%&'*+.^_`|~0-9a-z-]+$/;

/**
 * Decides a gateway request by its `Origin`. `allowed` holds `cors_allowed_origins`; the
 * gateway's own origin is the scheme and `Host` the request was sent to.
 */
export function decideOrigin(
  req: Request,
  allowed: readonly string[],
): OriginDecision {
  const origin = req.headers.get("origin");
  if (origin === null) return { kind: "pass" };
  if (allowed.includes(origin)) {
    return req.method === "OPTIONS" &&
        req.headers.has("access-control-request-method")
      ? { kind: "preflight", origin }
      : { kind: "cors", origin };
  }
  if (URL.canParse(req.url) && new URL(req.url).origin === origin) {
    return { kind: "pass" };
  }
  return { kind: "refuse", origin };
}

/** The `204` answer to a listed origin's preflight. */
export function preflightResponse(req: Request, origin: string): Response {
  const headers = new Headers({
    "access-control-allow-origin": origin,
    "access-control-allow-methods": ALLOWED_METHODS,
    "access-control-max-age": PREFLIGHT_MAX_AGE,
    vary: "Origin",
  });
  const requested = allowedRequestHeaders(
    req.headers.get("access-control-request-headers") ?? "",
  );
  if (requested.length > 0) {
    headers.set("access-control-allow-headers", requested.join(", "));
  }
  // Chrome's Private Network Access: a public page calling a loopback server asks first.
  if (req.headers.get("access-control-request-private-network") === "true") {
    headers.set("access-control-allow-private-network", "true");
  }
  return new Response(null, { status: 204, headers });
}

/**
 * The requested header names (an `Access-Control-Request-Headers` value) that a listed origin
 * may send; any other name is left out, and the browser then refuses the request itself.
 */
export function allowedRequestHeaders(requested: string): string[] {
  const names = requested.split(",").map((n) => n.trim().toLowerCase())
    .filter((n) => TOKEN_REGEXP.test(n));
  return [...new Set(names)].filter((name) =>
    ALLOWED_HEADERS.has(name) ||
    ALLOWED_HEADER_PREFIXES.some((prefix) => name.startsWith(prefix))
  );
}

/** A gateway answer with a listed origin's CORS headers added (the body passes through). */
export function withCorsHeaders(res: Response, origin: string): Response {
  const headers = new Headers(res.headers);
  headers.set("access-control-allow-origin", origin);
  headers.set("access-control-expose-headers", EXPOSED_HEADERS);
  headers.append("vary", "Origin");
  return new Response(res.body, {
    status: res.status,
    statusText: res.statusText,
    headers,
  });
}

/**
 * A `403` for a gateway path in the error shape of the format the path implies (a refused
 * origin or `Host`); the request is never read or forwarded.
 */
export function renderForbidden(pathname: string, message: string): Response {
  const format: ApiFormat = findRoute(pathname)?.format ??
    (storedResponseId(pathname) === undefined ? "openai" : "responses");
  return renderError(format, new GatewayError("forbidden", message));
}
