/**
 * Header fields on the way up and down: the client's headers adapted for the downstream, the
 * downstream's credentials, the upstream URL, and the upstream response's fields cleaned for the
 * client. Upstream requests and responses carry field lists (see `upstream_client.ts`); only
 * the plugins' side uses `Headers`.
 *
 * @module
 */
import type { ApiFormat } from "../plugins/mod.ts";
import type { HeaderList } from "./upstream_client.ts";

/** Anthropic's API version sent when the client did not name one. */
export const DEFAULT_ANTHROPIC_VERSION = "2023-06-01";

/** Hop-by-hop headers (RFC 9110 §7.6.1), never forwarded in either direction. */
const HOP_BY_HOP = [
  "connection",
  "keep-alive",
  "proxy-authenticate",
  "proxy-authorization",
  "proxy-connection",
  "te",
  "trailer",
  "transfer-encoding",
  "upgrade",
];

/**
 * Client headers never forwarded: credentials (the downstream's are added instead), hop-by-hop,
 * and those the runtime sets itself. `accept-encoding` is left to the runtime so it can decode
 * what it asked for.
 */
const CLIENT_STRIPPED = new Set([
  ...HOP_BY_HOP,
  "authorization",
  "x-api-key",
  "cookie",
  "host",
  "content-length",
  "accept-encoding",
]);

/** Upstream response headers never returned (the runtime frames and decodes the body). */
const RESPONSE_STRIPPED = new Set([
  ...HOP_BY_HOP,
  "content-length",
  "content-encoding",
]);

function connectionListed(headers: Headers): string[] {
  return (headers.get("connection") ?? "").split(",").map((s) =>
    s.trim().toLowerCase()
  ).filter(Boolean);
}

/**
 * Client headers that only the client's own API family understands, dropped when the request
 * is translated to the other family: SDK fingerprints (`x-stainless-*`), the client's identity
 * and session (`user-agent`, Claude Code's `x-app` and `x-claude-code-*`, Codex's `originator`
 * and `x-codex-*`), and each API's own options (`anthropic-*` to OpenAI, `openai-*` to
 * Anthropic).
 */
const CLIENT_ONLY_PREFIXES = [
  "x-stainless-",
  "x-claude-code-",
  "x-codex-",
  "anthropic-",
  "openai-",
];
const CLIENT_ONLY_NAMES = new Set(["user-agent", "x-app", "originator"]);

/** Whether `name` is a header {@link CLIENT_ONLY_PREFIXES} describes. */
export function isClientOnlyHeader(name: string): boolean {
  return CLIENT_ONLY_NAMES.has(name) ||
    CLIENT_ONLY_PREFIXES.some((prefix) => name.startsWith(prefix));
}

/** Whether two formats belong to different API families (Anthropic vs OpenAI's two). */
export function isCrossFamily(a: ApiFormat, b: ApiFormat): boolean {
  return (a === "anthropic") !== (b === "anthropic");
}

/**
 * An `anthropic-beta` value with only the flags in `allowed` (comma-separated, as clients send
 * it); undefined when none is left.
 */
export function filterAnthropicBeta(
  value: string,
  allowed: readonly string[],
): string | undefined {
  const kept = value.split(",").map((s) => s.trim()).filter((flag) =>
    flag !== "" && allowed.includes(flag)
  );
  return kept.length === 0 ? undefined : kept.join(",");
}

/** How the client's headers are adapted to the downstream. */
export interface ForwardHeaderOptions {
  /** The request is translated to the other API family: drop {@link isClientOnlyHeader}s. */
  readonly crossFamily?: boolean;
  /** The `anthropic-beta` flags the downstream accepts; absent forwards the header unchanged. */
  readonly anthropicBeta?: readonly string[];
}

/**
 * The client's headers minus credentials, hop-by-hop headers, `host` and `content-length`,
 * adapted to the downstream (see {@link ForwardHeaderOptions}), as a field list: what a request
 * without plugins sends once {@link withUpstreamAuth} completed it.
 */
export function toForwardHeaderList(
  client: Headers,
  options: ForwardHeaderOptions = {},
): [string, string][] {
  const listed = connectionListed(client);
  const out: [string, string][] = [];
  const cross = options.crossFamily === true;
  const allowed = options.anthropicBeta;
  // forEach, not for…of: a Headers iterator costs ~10 µs for ten fields, forEach a tenth of that.
  client.forEach((value, name) => {
    if (CLIENT_STRIPPED.has(name) || listed.includes(name)) return;
    if (cross && isClientOnlyHeader(name)) return;
    if (allowed !== undefined && name === "anthropic-beta") {
      const kept = filterAnthropicBeta(value, allowed);
      if (kept !== undefined) out.push([name, kept]);
      return;
    }
    out.push([name, value]);
  });
  return out;
}

/** {@link toForwardHeaderList} as `Headers`: what the request pipeline's plugins see. */
export function toForwardHeaders(
  client: Headers,
  options: ForwardHeaderOptions = {},
): Headers {
  const out = new Headers();
  for (const [name, value] of toForwardHeaderList(client, options)) {
    out.append(name, value);
  }
  return out;
}

/** What the upstream body is, for its `content-type`. */
export type UpstreamBodyKind =
  /** The client's JSON as it came: its `content-type` is kept, `application/json` by default. */
  | "original"
  /** JSON Tresor serialised: `content-type: application/json`, whatever was there. */
  | "rewritten"
  /** No body: `content-type` is left as it is. */
  | "none";

/**
 * Completes upstream request fields in place (and returns them): the downstream's credentials
 * for the format sent — `authorization: Bearer` for openai/responses, `x-api-key` for anthropic,
 * replacing any a plugin set — `anthropic-version` (the client's, else 2023-06-01) for
 * anthropic, and the `content-type` the body needs.
 */
export function withUpstreamAuth(
  fields: [string, string][],
  target: { readonly format: ApiFormat; readonly apiKey: string },
  body: UpstreamBodyKind,
): [string, string][] {
  const anthropic = target.format === "anthropic";
  const auth = target.apiKey === ""
    ? undefined
    : anthropic
    ? "x-api-key"
    : "authorization";
  let version = false;
  let type = false;
  let kept = 0;
  for (const field of fields) {
    const name = field[0];
    if (name === auth) continue;
    if (name === "content-type" && body !== "none") {
      if (body === "rewritten") continue;
      type = true;
    } else if (name === "anthropic-version") version = true;
    fields[kept++] = field;
  }
  fields.length = kept;
  if (auth !== undefined) {
    fields.push([auth, anthropic ? target.apiKey : `Bearer ${target.apiKey}`]);
  }
  if (anthropic && !version) {
    fields.push(["anthropic-version", DEFAULT_ANTHROPIC_VERSION]);
  }
  if (body !== "none" && !type) {
    fields.push(["content-type", "application/json"]);
  }
  return fields;
}

/** The fields of `headers` as a list (one `forEach`, not the sorting pair iterator). */
export function toHeaderList(headers: Headers): [string, string][] {
  const list: [string, string][] = [];
  headers.forEach((value, name) => {
    list.push([name, value]);
  });
  return list;
}

/** `fields` as `Headers`, for the plugins' side (a response transform reads `Headers`). */
export function toHeaders(fields: HeaderList): Headers {
  const headers = new Headers();
  for (const [name, value] of fields) headers.append(name, value);
  return headers;
}

/**
 * The value of field `name` (lower case), repeats joined with `", "` as `Headers.get` joins
 * them; `undefined` when absent.
 */
export function headerValue(
  fields: HeaderList,
  name: string,
): string | undefined {
  let value: string | undefined;
  for (const field of fields) {
    if (field[0] === name) {
      value = value === undefined ? field[1] : `${value}, ${field[1]}`;
    }
  }
  return value;
}

/**
 * The upstream URL for a version-less `path`. An anthropic downstream's `base_url` has no version
 * (`https://api.anthropic.com` + `/v1/messages`); an openai/responses one includes it
 * (`https://api.openai.com/v1` + `/chat/completions`) — the official SDKs' conventions. An
 * anthropic `base_url` that already ends in `/v1` is not given a second one.
 */
export function buildUpstreamUrl(
  baseUrl: string,
  format: ApiFormat,
  path: string,
  query = "",
): string {
  const base = baseUrl.replace(/\/+$/, "");
  const version = format === "anthropic" && !base.endsWith("/v1") ? "/v1" : "";
  return `${base}${version}${path}${query}`;
}

/**
 * The upstream's response fields minus hop-by-hop, `content-length` and `content-encoding`,
 * appended to `out` (a new `Response`'s own headers: building the response without headers and
 * appending costs half of passing a `Headers` to its constructor).
 */
export function appendResponseHeaders(
  out: Headers,
  upstream: HeaderList,
): void {
  let listed: string[] | undefined;
  for (const [name, value] of upstream) {
    if (name !== "connection") continue;
    for (const token of value.split(",")) {
      const t = token.trim().toLowerCase();
      if (t) (listed ??= []).push(t);
    }
  }
  for (const [name, value] of upstream) {
    if (!RESPONSE_STRIPPED.has(name) && !listed?.includes(name)) {
      out.append(name, value);
    }
  }
}
