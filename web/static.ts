/**
 * Serves files under `/static/` from a folder: correct content types, `immutable` caching for
 * hashed build output, `no-cache` with ETag revalidation for everything else.
 *
 * @module
 */
import { join, sep as SEP } from "node:path";
import { fileURLToPath } from "node:url";

/** Content types by file extension; anything else is `application/octet-stream`. */
const CONTENT_TYPES: Record<string, string> = {
  ".css": "text/css; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".json": "application/json; charset=utf-8",
  ".map": "application/json; charset=utf-8",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".ico": "image/x-icon",
  ".txt": "text/plain; charset=utf-8",
  ".woff2": "font/woff2",
};

/** Files whose name carries a content hash never change, so browsers may keep them forever. */
const HASHED_REGEXP = /^build\/[a-z_]+-[0-9a-f]{8,64}\.[a-z0-9]+$/;

/** `Cache-Control` for a path relative to the static folder. */
export function cacheControlFor(relativePath: string): string {
  return HASHED_REGEXP.test(relativePath)
    ? "public, max-age=31536000, immutable"
    : "no-cache";
}

/** Content type for a file name. */
export function contentTypeFor(name: string): string {
  const dot = name.lastIndexOf(".");
  return (dot >= 0 ? CONTENT_TYPES[name.slice(dot)] : undefined) ??
    "application/octet-stream";
}

/** A decoded path segment Tresor serves: a plain name that is not hidden. */
const SEGMENT_REGEXP = /^[A-Za-z0-9_-][A-Za-z0-9_.-]*$/;

/**
 * Turns the part of the URL path after `/static/` into a safe relative path, or `null` when it
 * is anything but plain names separated by single slashes.
 *
 * The path is percent-decoded exactly once and the result is never parsed as a URL again (that
 * second parse is what once decoded `%252e%252e` into `..`). After the one decode, a `%` means
 * a double encoding and is refused, as are backslashes, control characters, invalid UTF-8
 * (overlong forms such as `%c0%ae` included), empty segments, and any segment that starts with
 * a dot (`.`, `..`, hidden files). Our assets are plain ASCII names, so nothing else is needed.
 */
export function toStaticPath(urlPath: string): string | null {
  let decoded: string;
  try {
    decoded = decodeURIComponent(urlPath);
  } catch (err) {
    if (err instanceof URIError) return null;
    throw err;
  }
  const segments = decoded.split("/");
  return segments.every((s) => SEGMENT_REGEXP.test(s))
    ? segments.join("/")
    : null;
}

/**
 * The path of a request URL exactly as the client sent it: `Deno.serve` keeps the request
 * target in `req.url` unnormalised, while `new URL()` would resolve dot segments and turn
 * backslashes into slashes before {@link toStaticPath} could refuse them.
 */
export function rawPathOf(url: string): string {
  const scheme = url.indexOf("://");
  const start = url.indexOf("/", scheme === -1 ? 0 : scheme + 3);
  if (start === -1) return "/";
  return url.slice(start).split(/[?#]/, 1)[0];
}

/** The real path of `path` (symlinks resolved), or `null` when it cannot be resolved. */
async function realPathOf(path: string): Promise<string | null> {
  try {
    return await Deno.realPath(path);
  } catch (err) {
    if (
      err instanceof Deno.errors.NotFound ||
      err instanceof Deno.errors.NotADirectory ||
      err instanceof Deno.errors.PermissionDenied ||
      // A symlink loop.
      err instanceof Deno.errors.FilesystemLoop
    ) return null;
    throw err;
  }
}

/**
 * The real path of `relative` inside `root` (itself a real path), or `null` when it does not
 * exist or its real path — symlinks resolved — lies outside `root`.
 */
export async function resolveInside(
  root: string,
  relative: string,
): Promise<string | null> {
  const real = await realPathOf(join(root, relative));
  if (real === null) return null;
  return real.startsWith(root.endsWith(SEP) ? root : root + SEP) ? real : null;
}

function notFound(): Response {
  return new Response("Not found\n", {
    status: 404,
    headers: {
      "content-type": "text/plain; charset=utf-8",
      "cache-control": "no-cache",
    },
  });
}

/** Options for {@link createStaticHandler}. */
export interface StaticHandlerOptions {
  /** The folder served at `/static/` (a `file:` URL ending in `/`). */
  readonly dir: URL;
  /** The URL prefix; `/static/` unless told otherwise. */
  readonly prefix?: string;
}

/** Creates a handler for `GET`/`HEAD` requests under the static prefix. */
export function createStaticHandler(
  options: StaticHandlerOptions,
): (req: Request) => Promise<Response> {
  const prefix = options.prefix ?? "/static/";
  // Resolved on first use: symlinks in the folder's own path (e.g. a temp dir) are fine.
  let root: string | undefined;
  return async (req) => {
    if (req.method !== "GET" && req.method !== "HEAD") {
      return new Response("Method not allowed\n", {
        status: 405,
        headers: { allow: "GET, HEAD", "content-type": "text/plain" },
      });
    }
    const pathname = rawPathOf(req.url);
    if (!pathname.startsWith(prefix)) return notFound();
    const relative = toStaticPath(pathname.slice(prefix.length));
    if (relative === null) return notFound();
    root ??= await realPathOf(fileURLToPath(options.dir)) ?? undefined;
    // No folder (yet): nothing to serve.
    if (root === undefined) return notFound();
    const path = await resolveInside(root, relative);
    if (path === null) return notFound();
    let file: Deno.FsFile;
    try {
      file = await Deno.open(path, { read: true });
    } catch (err) {
      if (
        err instanceof Deno.errors.NotFound ||
        err instanceof Deno.errors.NotADirectory ||
        err instanceof Deno.errors.IsADirectory
      ) return notFound();
      throw err;
    }
    let info: Deno.FileInfo;
    try {
      info = await file.stat();
    } catch (err) {
      file.close();
      throw err;
    }
    if (!info.isFile) {
      file.close();
      return notFound();
    }
    const etag = `W/"${info.size.toString(16)}-${
      (info.mtime?.getTime() ?? 0).toString(16)
    }"`;
    const headers = new Headers({
      "content-type": contentTypeFor(relative),
      "cache-control": cacheControlFor(relative),
      "x-content-type-options": "nosniff",
      etag,
    });
    if (req.headers.get("if-none-match") === etag) {
      file.close();
      return new Response(null, { status: 304, headers });
    }
    headers.set("content-length", String(info.size));
    if (req.method === "HEAD") {
      file.close();
      return new Response(null, { status: 200, headers });
    }
    return new Response(file.readable, { status: 200, headers });
  };
}
