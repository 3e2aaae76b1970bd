/**
 * One pooled upstream client per downstream, rebuilt only when the downstream's origin or proxy
 * selection changes. A replaced client is closed once its in-flight requests finish.
 *
 * @module
 */
import type { Downstream, RoutingSnapshot } from "../store/types.ts";
import { type EnvReader, selectProxy } from "./proxy.ts";
import type {
  UpstreamClient,
  UpstreamClientFactory,
} from "./upstream_client.ts";

interface Entry {
  readonly key: string;
  readonly client: UpstreamClient;
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
  readonly client: UpstreamClient;
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
export class UpstreamClientPool {
  #create: UpstreamClientFactory;
  #env: EnvReader;
  #entries = new Map<string, Entry>();
  /** Replaced clients still serving requests. */
  #draining = new Set<Entry>();
  #proxies = new Map<string, string | undefined>();
  #synced = new WeakSet<RoutingSnapshot>();
  #closed = false;

  constructor(create: UpstreamClientFactory, env: EnvReader) {
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
      client: leased.client,
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
