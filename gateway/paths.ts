/**
 * The gateway's paths (CONTRACT "Gateway"), each with the format it implies. Paths are accepted
 * with or without the `/v1` prefix; plugins and routing use the version-less form.
 *
 * @module
 */
import type { ApiFormat } from "../plugins/mod.ts";

/** What the gateway knows about one of its paths. */
export interface GatewayRoute {
  /** The version-less path (`/chat/completions`), as plugins see it. */
  readonly path: string;
  /** The canonical path with `/v1`, as rules name it. */
  readonly canonical: string;
  readonly format: ApiFormat;
  readonly method: "GET" | "POST";
}

const ROUTES: readonly GatewayRoute[] = [
  ["/chat/completions", "openai", "POST"],
  ["/completions", "openai", "POST"],
  ["/embeddings", "openai", "POST"],
  ["/models", "openai", "GET"],
  ["/messages", "anthropic", "POST"],
  ["/messages/count_tokens", "anthropic", "POST"],
  ["/responses", "responses", "POST"],
  ["/responses/compact", "responses", "POST"],
].map(([path, format, method]) => ({
  path,
  canonical: `/v1${path}`,
  format: format as ApiFormat,
  method: method as "GET" | "POST",
}));

const BY_PATHNAME: ReadonlyMap<string, GatewayRoute> = new Map(
  ROUTES.flatMap((r) => [[r.path, r], [r.canonical, r]]),
);

/** The gateway route for `pathname` (with or without `/v1`), or `undefined`. */
export function findRoute(pathname: string): GatewayRoute | undefined {
  return BY_PATHNAME.get(pathname);
}

/** `GET /v1/responses/{id}`: a stored Responses API response (the id is in the path). */
export const STORED_RESPONSE_ROUTE: GatewayRoute = {
  path: "/responses/{id}",
  canonical: "/v1/responses/{id}",
  format: "responses",
  method: "GET",
};

const STORED_RESPONSE_REGEXP = /^(?:\/v1)?\/responses\/([^/]+)$/;

/**
 * The id in `GET /v1/responses/{id}` (or without `/v1`), or `undefined`. An id whose escapes do
 * not decode (`%E0%A4`) is returned as it came: no stored response has it, so it is a 404.
 */
export function storedResponseId(pathname: string): string | undefined {
  const match = STORED_RESPONSE_REGEXP.exec(pathname);
  if (!match) return undefined;
  try {
    return decodeURIComponent(match[1]);
  } catch (err) {
    if (!(err instanceof URIError)) throw err;
    return match[1];
  }
}

/** Whether `pathname` is served by the gateway (CONTRACT paths, with or without `/v1`). */
export function isGatewayPath(pathname: string): boolean {
  return BY_PATHNAME.has(pathname) || storedResponseId(pathname) !== undefined;
}

/** A rule's `pattern_path` in canonical form: `*`, or a gateway path with `/v1`. */
export function toCanonicalPath(pattern: string): string {
  return BY_PATHNAME.get(pattern)?.canonical ?? pattern;
}

/** A request URL's path and query string (`?…`, or empty). */
export interface RequestTarget {
  readonly pathname: string;
  readonly search: string;
}

/**
 * The path and query of an absolute request URL (`req.url`). The common case — no query, no
 * percent-escape, no dot segment — is a slice; anything else goes through `URL`, which
 * normalises it. Saves a `URL` parse per gateway request.
 */
export function toRequestTarget(url: string): RequestTarget {
  const scheme = url.indexOf("://");
  const slash = scheme === -1 ? -1 : url.indexOf("/", scheme + 3);
  if (slash !== -1) {
    const pathname = url.slice(slash);
    if (
      !pathname.includes("?") && !pathname.includes("%") &&
      !pathname.includes("/.") && !pathname.includes("#")
    ) {
      return { pathname, search: "" };
    }
  }
  const parsed = new URL(url);
  return { pathname: parsed.pathname, search: parsed.search };
}
