/**
 * Renders a page: the HTML document shell around a Preact tree, the islands' props script and
 * the client bundle.
 *
 * @module
 */
import { h, type VNode } from "preact";
import { renderToString } from "preact-render-to-string";
import { type IslandProps, IslandPropsContext } from "./Island.tsx";
import { toPropsScript } from "./props.ts";
import type { JsonObject } from "./json.ts";

/** Options for {@link renderPage}. */
export interface RenderPageOptions {
  /** Document title (the page's name; " · Tresor" is appended). */
  readonly title: string;
  readonly status?: number;
  /** Extra response headers (`set-cookie`, …). */
  readonly headers?: HeadersInit;
  /** URL of the hashed client bundle, or `null` when it has not been built. */
  readonly clientUrl: string | null;
}

/**
 * Scripts come only from our own origin: the theme script is an external file (loaded
 * synchronously in `<head>` so the theme applies before first paint), and the props script is
 * JSON, which browsers never execute.
 */
const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "frame-ancestors 'none'",
  "base-uri 'none'",
  "form-action 'self'",
].join("; ");

const HTML_ESCAPES: Record<string, string> = {
  "&": "&amp;",
  "<": "&lt;",
  ">": "&gt;",
  '"': "&quot;",
  "'": "&#39;",
};
const HTML_SPECIAL_REGEXP = /[&<>"']/g;

/** Escapes text for HTML element content and quoted attribute values. */
export function escapeHtml(text: string): string {
  return text.replace(HTML_SPECIAL_REGEXP, (c) => HTML_ESCAPES[c]);
}

/** Renders `body` to a complete HTML document (as a string). */
export function renderDocument(
  body: VNode,
  options: Pick<RenderPageOptions, "title" | "clientUrl">,
): string {
  const collector: IslandProps = { props: [] };
  const html = renderToString(
    h(IslandPropsContext.Provider, { value: collector }, body),
  );
  const props: JsonObject[] = collector.props;
  const client = options.clientUrl && props.length > 0
    ? `<script type="module" src="${escapeHtml(options.clientUrl)}"></script>`
    : "";
  return "<!doctype html>\n" +
    '<html lang="en">\n<head>\n' +
    '<meta charset="utf-8">\n' +
    '<meta name="viewport" content="width=device-width, initial-scale=1">\n' +
    '<meta name="color-scheme" content="light dark">\n' +
    `<title>${escapeHtml(options.title)} · Tresor</title>\n` +
    '<link rel="icon" href="/static/favicon.svg" type="image/svg+xml">\n' +
    '<link rel="stylesheet" href="/static/style.css">\n' +
    '<script src="/static/theme.js"></script>\n' +
    `${client}\n` +
    "</head>\n" +
    `<body>\n${html}\n${toPropsScript(props)}\n</body>\n</html>\n`;
}

/** Renders `body` into an HTML response with the pages' security and cache headers. */
export function renderPage(body: VNode, options: RenderPageOptions): Response {
  const headers = new Headers(options.headers);
  headers.set("content-type", "text/html; charset=utf-8");
  headers.set("cache-control", "no-cache");
  headers.set("content-security-policy", CONTENT_SECURITY_POLICY);
  headers.set("x-content-type-options", "nosniff");
  headers.set("referrer-policy", "same-origin");
  return new Response(renderDocument(body, options), {
    status: options.status ?? 200,
    headers,
  });
}
