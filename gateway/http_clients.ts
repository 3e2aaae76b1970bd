/**
 * One pooled HTTP client per downstream, rebuilt only when the downstream's origin or proxy
 * selection changes. A replaced client is closed once its in-flight requests finish.
 *
 * @module
 */
import type { Downstream, RoutingSnapshot } from "../store/types.ts";
import { type EnvReader, selectProxy } from "./proxy.ts";

/** An HTTP client as the composition root builds it (on `Deno.createHttpClient`). */
export interface HttpClient {
  fetch: typeof fetch;
  close(): void;
}

/**
 * Where a client may put a response body it already holds in full (a `Uint8Array`): the gateway
 * then uses those bytes instead of reading the body stream (no stream machinery, no idle timer).
 * The response's `body` still yields the same bytes for anyone else.
 */
export const WHOLE_BODY: unique symbol = Symbol.for("tresor.wholeBody");

/** The bytes a client attached under {@link WHOLE_BODY}, if any. */
export function wholeBodyOf(
  response: Response,
): Uint8Array<ArrayBuffer> | undefined {
  return (response as { [WHOLE_BODY]?: Uint8Array<ArrayBuffer> })[WHOLE_BODY];
}

/**
 * Set (to `true`) by a client whose response body yields fresh arrays of their exact size, owned
 * by the reader: the gateway then reads them as they are, with no BYOB buffer of its own.
 */
export const FRESH_CHUNKS: unique symbol = Symbol.for("tresor.freshChunks");

/** Whether a client marked the body's chunks as fresh ({@link FRESH_CHUNKS}). */
export function freshChunksOf(response: Response): boolean {
  return (response as { [FRESH_CHUNKS]?: boolean })[FRESH_CHUNKS] === true;
}

/**
 * Where a client may put the response's header fields as received (`[lower-case name, value]`
 * pairs, in order): the gateway copies them without iterating a `Headers`.
 */
export const HEADER_LIST: unique symbol = Symbol.for("tresor.headerList");

/** The header fields a client attached under {@link HEADER_LIST}, if any. */
export function headerListOf(
  response: Response,
): readonly (readonly [string, string])[] | undefined {
  return (response as { [HEADER_LIST]?: [string, string][] })[HEADER_LIST];
}

/** Builds a client; `proxyUrl` absent means a direct connection. */
export type HttpClientFactory = (options: { proxyUrl?: string }) => HttpClient;

interface Entry {
  readonly key: string;
  readonly client: HttpClient;
  inflight: number;
  retired: boolean;
  closed: boolean;
}

function closeEntry(entry: Entry): void {
  if (entry.closed) return;
  entry.closed = true;
  entry.client.close();
}

/** A leased client; call `release()` when the request (body included) is over. */
export interface Lease {
  readonly fetch: typeof fetch;
  /** The proxy in use, for diagnostics (never contains credentials of ours). */
  readonly proxyUrl: string | undefined;
  release(): void;
}

function originOf(baseUrl: string): string {
  try {
    return new URL(baseUrl).origin;
  } catch (err) {
    if (!(err instanceof TypeError)) throw err;
    return baseUrl;
  }
}

/** The per-downstream client pool. */
export class HttpClientPool {
  #create: HttpClientFactory;
  #env: EnvReader;
  #entries = new Map<string, Entry>();
  /** Replaced clients still serving requests. */
  #draining = new Set<Entry>();
  #proxies = new Map<string, string | undefined>();
  #synced = new WeakSet<RoutingSnapshot>();
  #closed = false;

  constructor(create: HttpClientFactory, env: EnvReader) {
    this.#create = create;
    this.#env = env;
  }

  /** Brings the pool in line with `snapshot`; cheap when already done for this snapshot object. */
  sync(snapshot: RoutingSnapshot): void {
    if (this.#synced.has(snapshot)) return;
    this.#synced.add(snapshot);
    const live = new Set<string>();
    for (const d of snapshot.downstreams) {
      live.add(d.id);
      const proxyUrl = selectProxy(
        snapshot.settings.proxyMode,
        d.baseUrl,
        this.#env,
      );
      this.#proxies.set(d.id, proxyUrl);
      const key = `${originOf(d.baseUrl)}\n${proxyUrl ?? ""}`;
      const entry = this.#entries.get(d.id);
      if (entry && entry.key !== key) {
        this.#retire(entry);
        this.#entries.delete(d.id);
      }
    }
    for (const [id, entry] of this.#entries) {
      if (!live.has(id)) {
        this.#retire(entry);
        this.#entries.delete(id);
      }
    }
  }

  /** Leases the client for `downstream` (created on first use). Call {@link sync} first. */
  lease(downstream: Downstream): Lease {
    if (this.#closed) {
      throw new TypeError("Cannot lease a client: pool is closed");
    }
    const proxyUrl = this.#proxies.get(downstream.id);
    let entry = this.#entries.get(downstream.id);
    if (!entry) {
      entry = {
        key: `${originOf(downstream.baseUrl)}\n${proxyUrl ?? ""}`,
        client: this.#create(proxyUrl ? { proxyUrl } : {}),
        inflight: 0,
        retired: false,
        closed: false,
      };
      this.#entries.set(downstream.id, entry);
    }
    const leased = entry;
    leased.inflight++;
    let released = false;
    return {
      fetch: leased.client.fetch,
      proxyUrl,
      release: () => {
        if (released) return;
        released = true;
        leased.inflight--;
        if (leased.retired && leased.inflight === 0) {
          this.#draining.delete(leased);
          closeEntry(leased);
        }
      },
    };
  }

  #retire(entry: Entry): void {
    entry.retired = true;
    if (entry.inflight === 0) closeEntry(entry);
    else this.#draining.add(entry);
  }

  /** Closes every client now (shutdown). */
  close(): void {
    this.#closed = true;
    for (const entry of [...this.#entries.values(), ...this.#draining]) {
      entry.retired = true;
      closeEntry(entry);
    }
    this.#entries.clear();
    this.#draining.clear();
  }

  /** Number of live clients (for tests). */
  get size(): number {
    return this.#entries.size;
  }
}
