/**
 * The `Host` allowlist against DNS rebinding (CONTRACT.md "Security keys and answers"). A page
 * on `evil.example` whose name the attacker re-points at 127.0.0.1 reaches a loopback server as
 * same-origin, but its requests still carry `Host: evil.example`; only names that cannot be
 * rebound (loopback literals, `localhost`, `*.localhost`) and the ones the user listed in
 * `allowed_hosts` are served.
 *
 * @module
 */

/** A `Host` value (or an `allowed_hosts` entry) taken apart. */
export interface HostName {
  /** Lower case, IPv6 in brackets, IPv4 in dotted form, as browsers serialise it. */
  readonly name: string;
  /** The explicit port, or `undefined`. */
  readonly port?: number;
}

// Only what a URL authority's host part may hold: no user info, path, query or spaces.
const HOST_REGEXP =
  /^(\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9._~!$&'()*+,;=%-]+)(?::(\d{1,5}))?$/;
const IPV4_LOOPBACK_REGEXP = /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/;

/** Parses `name[:port]` as a `Host` header carries it, or `undefined` for anything else. */
export function parseHost(value: string): HostName | undefined {
  const match = HOST_REGEXP.exec(value);
  if (!match) return undefined;
  const port = match[2] === undefined ? undefined : Number(match[2]);
  if (port !== undefined && port > 65535) return undefined;
  // The URL parser canonicalises the name the way a browser does (`0x7f.1` → `127.0.0.1`).
  let name: string;
  try {
    name = new URL(`http://${match[1]}/`).hostname;
  } catch (err) {
    if (err instanceof TypeError) return undefined;
    throw err;
  }
  return port === undefined ? { name } : { name, port };
}

/** Whether `name` (canonical, from {@link parseHost}) can only mean this machine. */
export function isLoopbackName(name: string): boolean {
  return name === "localhost" || name.endsWith(".localhost") ||
    name === "[::1]" || IPV4_LOOPBACK_REGEXP.test(name);
}

/** Whether a listen address (`Deno.serve`'s `hostname`) is a loopback address. */
export function isLoopbackListen(hostname: string): boolean {
  const host = hostname.startsWith("[")
    ? hostname
    : hostname.includes(":")
    ? `[${hostname}]`
    : hostname;
  const parsed = parseHost(host);
  return parsed !== undefined && isLoopbackName(parsed.name);
}

/**
 * Decides `Host` values against the loopback names and `allowed_hosts`. Decisions are
 * remembered per value (a handful of distinct ones in practice, bounded anyway), so the
 * request path parses each value once.
 */
export class HostAllowlist {
  readonly #allowed: readonly HostName[];
  readonly #seen = new Map<string, boolean>();

  /** `allowed` holds `allowed_hosts` entries: a name (any port) or `name:port`. */
  constructor(allowed: readonly string[]) {
    this.#allowed = allowed.flatMap((entry) => parseHost(entry) ?? []);
  }

  /** Whether `host` (a `Host` header value) names this server. */
  allows(host: string): boolean {
    let allowed = this.#seen.get(host);
    if (allowed === undefined) {
      allowed = this.#decide(host);
      if (this.#seen.size >= 256) this.#seen.clear();
      this.#seen.set(host, allowed);
    }
    return allowed;
  }

  #decide(host: string): boolean {
    const parsed = parseHost(host);
    if (parsed === undefined) return false;
    if (isLoopbackName(parsed.name)) return true;
    return this.#allowed.some((entry) =>
      entry.name === parsed.name &&
      (entry.port === undefined || entry.port === parsed.port)
    );
  }
}

/**
 * A `Host` check over a list that may change (the live `allowed_hosts`): the allowlist is
 * rebuilt when the list is replaced, and reused while it stays the same array.
 */
export function createHostCheck(
  list: () => readonly string[],
): (host: string) => boolean {
  let current: readonly string[] | undefined;
  let allowlist = new HostAllowlist([]);
  return (host) => {
    const latest = list();
    if (latest !== current) {
      current = latest;
      allowlist = new HostAllowlist(latest);
    }
    return allowlist.allows(host);
  };
}

/**
 * The host names a request was sent to: its `Host` header, and the URL's authority when the
 * request target was in absolute form (then `Deno.serve` builds `req.url` from it, not from
 * `Host`). Both must be allowed.
 */
export function requestHosts(req: Request): string[] {
  const header = req.headers.get("host");
  const url = req.url;
  const start = url.indexOf("://") + 3;
  const end = url.indexOf("/", start);
  const authority = url.slice(start, end === -1 ? undefined : end);
  return header === null || header === authority
    ? [authority]
    : [header, authority];
}
