/**
 * The upstream client of a downstream test (issue 16's Test button), built to be pointed at
 * URLs a user just typed: the SSRF guard. Before connecting it refuses a cloud metadata host
 * name, then resolves the name with the system resolver (`/etc/hosts`, DNS, mDNS: LAN names of
 * model servers work) and refuses when any address is link-local or a metadata address
 * (`address_rules.ts`). It then connects to the address it checked — not to the name again, so
 * a second lookup cannot answer differently — and speaks TLS over that connection with the URL's
 * host name (certificate and SNI checked as usual). Redirects are never followed, to any host:
 * a 3xx is handed back as it came, and the test reports it.
 *
 * Through a proxy (`proxy_mode`), the proxy connects: the name and the addresses it resolves to
 * here are checked the same way, but a name only the proxy can resolve is left to it.
 *
 * @module
 */
import { lookup } from "node:dns/promises";
import type {
  UpstreamClient,
  UpstreamRequest,
  UpstreamResponse,
} from "../gateway/mod.ts";
import { refusedAddress, refusedName } from "./address_rules.ts";
import { createFetchClient } from "./fetch_client.ts";
import { abortReason } from "./http1_connect.ts";
import { exchange } from "./http1_exchange.ts";
import { toRequestBytes } from "./http1_wire.ts";

/** Options of {@link createProbeClient}. */
export interface ProbeClientOptions {
  /** The proxy the gateway would use for this downstream; absent: direct. */
  readonly proxyUrl?: string;
  /** Every address a host name resolves to; the system resolver by default (tests stub it). */
  readonly lookup?: (hostname: string) => Promise<string[]>;
  /** Extra CA certificates (PEM) trusted for a direct `https:` test (a self-signed downstream). */
  readonly caCerts?: readonly string[];
}

/** A test refused to connect to where a URL points; the message says why. */
export class ProbeRefusedError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "ProbeRefusedError";
  }
}

const IPV4_REGEXP = /^\d{1,3}(\.\d{1,3}){3}$/;

async function systemLookup(hostname: string): Promise<string[]> {
  const found = await lookup(hostname, { all: true, verbatim: true });
  return found.map((entry) => entry.address);
}

/** Creates the client; every `send` checks its URL afresh. */
export function createProbeClient(
  options: ProbeClientOptions = {},
): UpstreamClient {
  const resolveAll = options.lookup ?? systemLookup;
  const caCerts = options.caCerts ? [...options.caCerts] : undefined;
  // Through a proxy: redirects handed back rather than followed, like the direct path.
  const proxied = options.proxyUrl === undefined
    ? undefined
    : createFetchClient({ proxyUrl: options.proxyUrl, redirect: "manual" });

  /** The addresses `url` may be reached at; throws `ProbeRefusedError` when any is refused. */
  const check = async (url: URL): Promise<string[]> => {
    if (url.protocol !== "http:" && url.protocol !== "https:") {
      throw new ProbeRefusedError(
        `Refused to test ${url.protocol} URLs: only http and https`,
      );
    }
    const hostname = url.hostname.replace(/^\[|\]$/g, "");
    const byName = refusedName(hostname);
    if (byName !== undefined) {
      throw new ProbeRefusedError(`Refused to test ${url.host}: ${byName}`);
    }
    const literal = IPV4_REGEXP.test(hostname) || hostname.includes(":");
    let addresses: string[];
    try {
      addresses = literal ? [hostname] : await resolveAll(hostname);
    } catch (err) {
      if (proxied) return []; // Only the proxy can resolve it: its business.
      throw new Error(`Cannot resolve ${hostname}: ${errorText(err)}`, {
        cause: err,
      });
    }
    for (const address of addresses) {
      const why = refusedAddress(address);
      if (why === undefined) continue;
      throw new ProbeRefusedError(
        literal
          ? `Refused to test ${url.host}: ${why}, which a downstream test never connects to`
          : `Refused to test ${url.host}: ${hostname} resolves to ${address}, and ${why}, which a downstream test never connects to`,
      );
    }
    if (addresses.length === 0 && !proxied) {
      throw new Error(`Cannot resolve ${hostname}: no address`);
    }
    return addresses;
  };

  return {
    async send(request, signal): Promise<UpstreamResponse> {
      const url = new URL(request.url);
      const addresses = await check(url);
      if (proxied) return await proxied.send(request, signal);
      return await direct(url, addresses[0], request, { signal, caCerts });
    },
    close() {
      proxied?.close();
    },
  };
}

/** One request over a fresh connection to `address`, TLS with the URL's name for `https:`. */
async function direct(
  url: URL,
  address: string,
  request: UpstreamRequest,
  options: { signal?: AbortSignal; caCerts?: string[] },
): Promise<UpstreamResponse> {
  const { signal } = options;
  const https = url.protocol === "https:";
  const port = url.port === "" ? (https ? 443 : 80) : Number(url.port);
  const tcp = await abortable(
    Deno.connect({ hostname: address, port }),
    signal,
  );
  let conn: Deno.Conn = tcp;
  try {
    if (https) {
      conn = await abortable(
        Deno.startTls(tcp, {
          hostname: url.hostname.replace(/^\[|\]$/g, ""),
          alpnProtocols: ["http/1.1"],
          ...(options.caCerts && { caCerts: options.caCerts }),
        }),
        signal,
      );
    }
  } catch (err) {
    tcp.close();
    throw err;
  }
  const bytes = toRequestBytes({
    method: request.method,
    target: `${url.pathname}${url.search}`,
    host: url.host,
    headers: request.headers,
    body: request.body,
  });
  return await exchange({ tcp: conn, buf: new Uint8Array(4096) }, bytes, {
    method: request.method,
    signal,
    // One request per connection: a test is rare, and nothing is pooled to go stale.
    release: (socket) => socket.tcp.close(),
  });
}

/** `pending`, or the abort reason when `signal` aborts first (a late connection is closed). */
async function abortable<T extends Deno.Conn>(
  pending: Promise<T>,
  signal: AbortSignal | undefined,
): Promise<T> {
  if (!signal) return await pending;
  if (signal.aborted) {
    pending.then((conn) => conn.close(), (err: unknown) => err);
    throw abortReason(signal);
  }
  let onAbort = () => {};
  const aborted = new Promise<never>((_, reject) => {
    onAbort = () => reject(abortReason(signal));
    signal.addEventListener("abort", onAbort, { once: true });
  });
  try {
    return await Promise.race([pending, aborted]);
  } catch (err) {
    pending.then((conn) => conn.close(), (connErr: unknown) => connErr);
    throw err;
  } finally {
    signal.removeEventListener("abort", onAbort);
  }
}

function errorText(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
