/**
 * Request capture for the inspector (issue 17): which requests are watched, the captures kept,
 * and the memory both use — all in memory, nothing on disk.
 *
 * - `capture.mode` (read from the current snapshot as each request starts): `off` watches no
 *   request (the observer's `watch` answers `undefined`, so the request path makes no copy and
 *   no closure for it), `errors` watches every request and keeps those that end at 400 or above
 *   or with a stream error, `all` keeps every request. A Logs page may hold capture on (a lease
 *   it renews); while one does, every request is kept whatever the mode. A replay is always
 *   kept.
 * - Bounds: at most `max_requests` captures, the oldest dropped first, each body cut at
 *   `max_body_bytes`; so at most {@link maxCaptureBytes} characters in all. Requests in flight
 *   hold what they copied (stream chunks, a whole answer read from its clone) under the same
 *   bound, lent by {@link CaptureStore}; once it is used up, their bodies are cut.
 *
 * @module
 */
import type { CaptureSettings, RoutingSnapshot } from "../../store/types.ts";
import type { Logger } from "../log.ts";
import type {
  RequestObserver,
  RequestWatcher,
  WatchedRequest,
} from "../request_observer.ts";
import { MAX_MARKER_CHARS } from "./captured_body.ts";
import {
  type CapturedRequest,
  MAX_URL_CHARS,
  MAX_WARNING_CHARS,
  MAX_WARNINGS,
} from "./captured_request.ts";
import { MAX_HEADER_CHARS, Redactor, secretsOf } from "./redactor.ts";
import { type CaptureSink, RequestCapture } from "./request_capture.ts";

/** How long a Logs page's hold on live capture lasts unless renewed. */
export const LIVE_LEASE_MS = 30_000;

/**
 * The most characters the kept captures hold under `settings` (`max_requests` captures of four
 * messages, each with its URL, headers and body cut at their bounds, and its warnings); requests
 * in flight may hold as much again.
 */
export function maxCaptureBytes(settings: CaptureSettings): number {
  const message = settings.maxBodyBytes + MAX_MARKER_CHARS + MAX_HEADER_CHARS +
    MAX_URL_CHARS;
  return settings.maxRequests *
    (4 * message + MAX_WARNINGS * MAX_WARNING_CHARS);
}

/** What the capture holds and may hold. */
export interface CaptureStatus {
  readonly settings: CaptureSettings;
  /** Whether a Logs page holds capture on. */
  readonly live: boolean;
  /** The bound on `stored.bytes` and on `pending.bytes`, each. */
  readonly maxBytes: number;
  readonly stored: { readonly requests: number; readonly bytes: number };
  readonly pending: { readonly requests: number; readonly bytes: number };
}

/** Options of {@link CaptureStore}. */
export interface CaptureStoreOptions {
  /** The current routing snapshot: capture settings and the secrets to redact. */
  readonly snapshot: () => RoutingSnapshot;
  readonly log: Logger;
  /** Milliseconds since the epoch (live leases); defaults to `Date.now`. */
  readonly now?: () => number;
  /** Secrets known only while running (admin session tokens), redacted like configured ones. */
  readonly secrets?: () => Iterable<string>;
}

/** The captures and the observer that makes them; see the module doc. */
export class CaptureStore {
  readonly #snapshot: () => RoutingSnapshot;
  readonly #log: Logger;
  readonly #now: () => number;
  readonly #secrets: () => Iterable<string>;
  #redactor:
    | { snapshot: RoutingSnapshot; key: string; redactor: Redactor }
    | undefined;
  /** In the order kept: the first is the oldest. */
  readonly #captures = new Map<string, CapturedRequest>();
  #bytes = 0;
  readonly #finishing = new Map<string, PromiseWithResolvers<void>>();
  #pendingRequests = 0;
  #pendingBytes = 0;
  /** Live holders by id, with when their lease ends. */
  readonly #holders = new Map<string, number>();
  readonly #sink: CaptureSink;
  /** Watches requests for the gateway (`createGateway({ observer })`). */
  readonly observer: RequestObserver;

  constructor(options: CaptureStoreOptions) {
    this.#snapshot = options.snapshot;
    this.#log = options.log;
    this.#now = options.now ?? Date.now;
    this.#secrets = options.secrets ?? (() => []);
    this.#sink = {
      reserve: (bytes) => {
        const max = maxCaptureBytes(this.#settings());
        if (this.#pendingBytes + bytes > max) return false;
        this.#pendingBytes += bytes;
        return true;
      },
      release: (bytes) => {
        this.#pendingBytes -= bytes;
      },
      expect: (id) => {
        this.#finishing.set(id, Promise.withResolvers<void>());
      },
      settle: (id, captured) => this.#settle(id, captured),
    };
    this.observer = { watch: (request) => this.#watch(request) };
  }

  #settings(): CaptureSettings {
    return this.#snapshot().settings.capture;
  }

  /**
   * The redactor of the secrets configured now and those known while running, made again only
   * when either changed.
   */
  redactor(): Redactor {
    const snapshot = this.#snapshot();
    const extra = [...this.#secrets()];
    const key = extra.join("\n");
    const cached = this.#redactor;
    if (cached?.snapshot === snapshot && cached.key === key) {
      return cached.redactor;
    }
    const redactor = new Redactor([...secretsOf(snapshot), ...extra]);
    this.#redactor = { snapshot, key, redactor };
    return redactor;
  }

  #watch(request: WatchedRequest): RequestWatcher | undefined {
    const settings = this.#settings();
    const keepAll = settings.mode === "all" || request.replayOf !== null ||
      this.live;
    if (settings.mode === "off" && !keepAll) return undefined;
    this.#pendingRequests++;
    return new RequestCapture({
      request: request.request,
      id: request.id,
      keepAll,
      settings,
      redactor: () => this.redactor(),
      sink: this.#sink,
      log: this.#log,
    });
  }

  #settle(id: string, captured: CapturedRequest | undefined): void {
    this.#pendingRequests--;
    if (captured) this.#keep(captured);
    const finishing = this.#finishing.get(id);
    this.#finishing.delete(id);
    finishing?.resolve();
  }

  #keep(captured: CapturedRequest): void {
    const settings = this.#settings();
    this.#captures.set(captured.entry.id, captured);
    this.#bytes += captured.bytes;
    const maxBytes = maxCaptureBytes(settings);
    // Settings may have shrunk since older captures were kept: the bounds hold for all of them.
    for (const [id, old] of this.#captures) {
      if (
        this.#captures.size <= settings.maxRequests && this.#bytes <= maxBytes
      ) {
        break;
      }
      this.#captures.delete(id);
      this.#bytes -= old.bytes;
    }
  }

  /**
   * The capture of request `id`, once it is complete (a request that just ended is waited
   * for); `undefined` when it was not captured or has been dropped since.
   */
  async get(id: string): Promise<CapturedRequest | undefined> {
    await this.#finishing.get(id)?.promise;
    return this.#captures.get(id);
  }

  /** Whether a Logs page holds capture on (its lease not yet over). */
  get live(): boolean {
    if (this.#holders.size === 0) return false;
    const now = this.#now();
    for (const [holder, until] of this.#holders) {
      if (until <= now) this.#holders.delete(holder);
    }
    return this.#holders.size > 0;
  }

  /**
   * Holds capture on for `holder` (a new holder when absent or unknown) until
   * {@link LIVE_LEASE_MS} from now; the page renews it while it stays open.
   */
  hold(holder?: string): { holder: string; until: number } {
    const id = holder !== undefined && this.#holders.has(holder)
      ? holder
      : crypto.randomUUID();
    const until = this.#now() + LIVE_LEASE_MS;
    this.#holders.set(id, until);
    return { holder: id, until };
  }

  /** Ends `holder`'s hold on live capture (other holders keep theirs). */
  release(holder: string): void {
    this.#holders.delete(holder);
  }

  /** What the capture holds now. */
  status(): CaptureStatus {
    const settings = this.#settings();
    return {
      settings,
      live: this.live,
      maxBytes: maxCaptureBytes(settings),
      stored: { requests: this.#captures.size, bytes: this.#bytes },
      pending: { requests: this.#pendingRequests, bytes: this.#pendingBytes },
    };
  }
}
