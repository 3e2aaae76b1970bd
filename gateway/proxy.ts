/**
 * Outbound proxy selection per downstream: `none`, an explicit URL, or `auto`/`env`, which read
 * `HTTPS_PROXY`/`HTTP_PROXY`/`NO_PROXY` (upper or lower case, upper first). Both `auto` and `env`
 * read only the environment: the runtime offers no system proxy settings beyond it.
 *
 * @module
 */
import type { ProxyMode } from "../store/types.ts";

/** Reads an environment variable. */
export type EnvReader = (name: string) => string | undefined;

function readEnv(env: EnvReader, name: string): string | undefined {
  const value = env(name) ?? env(name.toLowerCase());
  return value?.trim() ? value.trim() : undefined;
}

/** Whether `NO_PROXY` (comma or space separated hosts, `.domain`, `host:port`, `*`) exempts `url`. */
export function isNoProxy(url: URL, noProxy: string | undefined): boolean {
  if (!noProxy) return false;
  const host = url.hostname.replace(/^\[|\]$/g, "").toLowerCase();
  const port = url.port ||
    (url.protocol === "https:" ? "443" : url.protocol === "http:" ? "80" : "");
  for (const raw of noProxy.split(/[,\s]+/)) {
    let entry = raw.trim().toLowerCase();
    if (!entry) continue;
    if (entry === "*") return true;
    let entryPort: string | undefined;
    const bracketed = /^\[([^\]]+)\](?::(\d+))?$/.exec(entry);
    if (bracketed) {
      entry = bracketed[1];
      entryPort = bracketed[2];
    } else if (/^[^:]+:\d+$/.test(entry)) {
      [entry, entryPort] = entry.split(":");
    }
    if (entryPort !== undefined && entryPort !== port) continue;
    const domain = entry.replace(/^\*?\./, "");
    if (host === domain || host.endsWith(`.${domain}`)) return true;
  }
  return false;
}

/**
 * The proxy URL to use for requests to `baseUrl`, or `undefined` for a direct connection.
 * An explicit `proxy_mode` URL applies to every downstream.
 */
export function selectProxy(
  mode: ProxyMode,
  baseUrl: string,
  env: EnvReader,
): string | undefined {
  if (mode === "none") return undefined;
  if (mode !== "auto" && mode !== "env") return mode;
  let url: URL;
  try {
    url = new URL(baseUrl);
  } catch (err) {
    if (!(err instanceof TypeError)) throw err;
    return undefined;
  }
  if (isNoProxy(url, readEnv(env, "NO_PROXY"))) return undefined;
  if (url.protocol === "https:") {
    return readEnv(env, "HTTPS_PROXY") ?? readEnv(env, "ALL_PROXY");
  }
  return readEnv(env, "HTTP_PROXY") ?? readEnv(env, "ALL_PROXY");
}
