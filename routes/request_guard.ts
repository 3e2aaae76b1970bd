/**
 * The admin surface's browser rules (CONTRACT.md "Security keys and answers"): a request that
 * changes something must come from Tresor's own pages or from a non-browser client.
 *
 * A browser tab is a loopback client, and any web page can send "simple" cross-site requests
 * (`fetch(..., {mode: "no-cors"})`, a form post) that need no CORS preflight: without an
 * `admin_password` being loopback is all the credential they need, and a same-site page (another
 * port on localhost) even carries the `SameSite=Strict` session cookie. So every mutation (any
 * method but GET, HEAD and OPTIONS), whatever its credentials (Bearer, cookie, password-less
 * loopback), is refused when
 * - its `Origin` is present and is not the origin of the `Host` it was sent to → 403;
 * - its `Sec-Fetch-Site` is `cross-site` → 403;
 * - it is under `/api/` and has a body that is not `application/json` → 415 (a browser cannot
 *   send that content type cross-origin without a preflight, which Tresor never grants).
 *
 * The `/login` and `/logout` pages take ordinary HTML form posts, so the content-type rule does
 * not apply to them; the two origin rules do. The CLI and the SDKs send no `Origin`, and the
 * admin pages' islands send JSON with their own origin, so neither notices.
 *
 * @module
 */
import { json } from "./api/_http.ts";
import { renderErrorPage } from "./_error.tsx";

/** Why a request was refused. */
export interface Refusal {
  readonly status: 403 | 415;
  readonly message: string;
}

const SAFE_METHODS: ReadonlySet<string> = new Set(["GET", "HEAD", "OPTIONS"]);

function isApiPath(pathname: string): boolean {
  return pathname === "/api" || pathname.startsWith("/api/");
}

/** Whether the request declares a body (`Content-Length` above 0, or chunked). */
function hasBody(req: Request): boolean {
  const length = req.headers.get("content-length");
  return req.headers.has("transfer-encoding") ||
    (length !== null && length.trim() !== "0");
}

/** The refusal for an admin request (`pathname` as routed), or `undefined` to serve it. */
export function checkAdminRequest(
  req: Request,
  pathname: string,
): Refusal | undefined {
  if (SAFE_METHODS.has(req.method)) return undefined;
  const origin = req.headers.get("origin");
  if (origin !== null && origin !== ownOrigin(req)) {
    return {
      status: 403,
      message:
        `Cross-origin request refused: Origin "${origin}" is not this server's`,
    };
  }
  if (req.headers.get("sec-fetch-site") === "cross-site") {
    return {
      status: 403,
      message: "Cross-site request refused (Sec-Fetch-Site: cross-site)",
    };
  }
  if (isApiPath(pathname) && hasBody(req)) {
    const type = req.headers.get("content-type") ?? "";
    const mediaType = type.split(";", 1)[0].trim().toLowerCase();
    if (mediaType !== "application/json") {
      return {
        status: 415,
        message: `Unsupported content type "${
          type || "none"
        }": send application/json`,
      };
    }
  }
  return undefined;
}

/** The origin of the `Host` the request was sent to, as a browser serialises it. */
function ownOrigin(req: Request): string | undefined {
  return URL.canParse(req.url) ? new URL(req.url).origin : undefined;
}

/** Renders a refusal on the admin surface: `{"error"}` under `/api/`, else an error page. */
export function renderRefusal(pathname: string, refusal: Refusal): Response {
  return isApiPath(pathname)
    ? json({ error: refusal.message }, { status: refusal.status })
    : renderErrorPage(refusal.status, refusal.message);
}
