/**
 * Admin authentication: session tokens, the login throttle, constant-time comparison and the
 * loopback rule. The admin API and the admin pages share one {@link SessionStore}.
 *
 * @module
 */

/** Name of the session cookie the pages and `EventSource` send. */
export const SESSION_COOKIE = "tresor_session";

/** How long a session lives: 7 days. */
export const SESSION_TTL_MS = 7 * 24 * 60 * 60 * 1000;

/** A login session. */
export interface Session {
  readonly token: string;
  readonly expiresAt: Date;
}

/** Compares two strings in time that depends only on their lengths' maximum, never on content. */
export function timingSafeEqual(a: string, b: string): boolean {
  const encoder = new TextEncoder();
  const x = encoder.encode(a);
  const y = encoder.encode(b);
  const length = Math.max(x.length, y.length);
  let diff = x.length ^ y.length;
  for (let i = 0; i < length; i++) diff |= (x[i] ?? 0) ^ (y[i] ?? 0);
  return diff === 0;
}

/** Whether `hostname` (as `Deno.serve` reports a peer) is a loopback address. */
export function isLoopback(hostname: string): boolean {
  const host = hostname.replace(/^\[|\]$/g, "").toLowerCase();
  if (host === "::1" || host === "localhost") return true;
  const v4 = host.startsWith("::ffff:") ? host.slice(7) : host;
  return /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(v4);
}

/** Random, expiring session tokens held in memory (a restart logs everyone out). */
export class SessionStore {
  #sessions = new Map<string, number>();
  #now: () => number;
  #ttlMs: number;

  constructor(options: { now?: () => number; ttlMs?: number } = {}) {
    this.#now = options.now ?? Date.now;
    this.#ttlMs = options.ttlMs ?? SESSION_TTL_MS;
  }

  /** Starts a session with a fresh random 32-byte token. */
  create(): Session {
    const bytes = crypto.getRandomValues(new Uint8Array(32));
    const token = btoa(String.fromCharCode(...bytes))
      .replaceAll("+", "-").replaceAll("/", "_").replace(/=+$/, "");
    const expiresAt = this.#now() + this.#ttlMs;
    this.#prune();
    this.#sessions.set(token, expiresAt);
    return { token, expiresAt: new Date(expiresAt) };
  }

  /** Whether `token` names a live session. Map lookup by token is not content-timed per byte. */
  isValid(token: string | undefined): boolean {
    if (!token) return false;
    const expiresAt = this.#sessions.get(token);
    if (expiresAt === undefined) return false;
    if (expiresAt <= this.#now()) {
      this.#sessions.delete(token);
      return false;
    }
    return true;
  }

  /** Ends a session (logout). */
  revoke(token: string | undefined): void {
    if (token) this.#sessions.delete(token);
  }

  /** Ends every session (the admin password changed), except the listed tokens. */
  revokeAll(options: { except?: readonly (string | undefined)[] } = {}): void {
    const keep = new Set(options.except ?? []);
    for (const token of this.#sessions.keys()) {
      if (!keep.has(token)) this.#sessions.delete(token);
    }
  }

  /** The live sessions' tokens (secrets the request capture redacts). */
  tokens(): string[] {
    this.#prune();
    return [...this.#sessions.keys()];
  }

  /** Number of live sessions. */
  get size(): number {
    this.#prune();
    return this.#sessions.size;
  }

  /**
   * `Set-Cookie` value carrying `session`; `Secure` when it is set over HTTPS (`tls`), so the
   * browser never sends it back over plain HTTP.
   */
  cookie(session: Session, options: { secure?: boolean } = {}): string {
    return `${SESSION_COOKIE}=${session.token}; HttpOnly; SameSite=Strict; Path=/; Expires=${session.expiresAt.toUTCString()}${
      options.secure ? "; Secure" : ""
    }`;
  }

  /** `Set-Cookie` value that deletes the session cookie (`Secure` as {@link cookie} sets it). */
  clearCookie(options: { secure?: boolean } = {}): string {
    return `${SESSION_COOKIE}=; HttpOnly; SameSite=Strict; Path=/; Max-Age=0${
      options.secure ? "; Secure" : ""
    }`;
  }

  #prune(): void {
    const now = this.#now();
    for (const [token, expiresAt] of this.#sessions) {
      if (expiresAt <= now) this.#sessions.delete(token);
    }
  }
}

/** The session token a request carries: `Authorization: Bearer` first, then the cookie. */
export function bearerToken(req: Request): string | undefined {
  const header = req.headers.get("authorization");
  const match = header?.match(/^Bearer\s+(.+)$/i);
  return match ? match[1].trim() : undefined;
}

/** Whether the request came over HTTPS (Tresor serves `tls`). */
export function isHttps(req: Request): boolean {
  return req.url.startsWith("https:");
}

/** The session cookie's value, if the request has one. */
export function sessionCookie(req: Request): string | undefined {
  const cookie = req.headers.get("cookie");
  if (!cookie) return undefined;
  for (const part of cookie.split(";")) {
    const eq = part.indexOf("=");
    if (eq === -1) continue;
    if (part.slice(0, eq).trim() === SESSION_COOKIE) {
      return part.slice(eq + 1).trim() || undefined;
    }
  }
  return undefined;
}

/** Failures allowed per client before it is locked out. */
export const LOGIN_FAILURES_ALLOWED = 5;
const FIRST_LOCK_MS = 30_000;
const MAX_LOCK_MS = 15 * 60_000;

interface ThrottleState {
  failures: number;
  lockedUntil: number;
}

/**
 * Per-client login throttle: after {@link LOGIN_FAILURES_ALLOWED} failures a client is locked
 * for 30 s, and each further failure doubles the lock (up to 15 min). Success resets it.
 */
export class LoginThrottle {
  #clients = new Map<string, ThrottleState>();
  #now: () => number;

  constructor(options: { now?: () => number } = {}) {
    this.#now = options.now ?? Date.now;
  }

  /** Seconds `client` must wait before trying again, or 0 when it may try now. */
  retryAfter(client: string): number {
    const state = this.#clients.get(client);
    if (!state) return 0;
    const wait = state.lockedUntil - this.#now();
    return wait > 0 ? Math.ceil(wait / 1000) : 0;
  }

  /** Records a failed attempt. */
  fail(client: string): void {
    const state = this.#clients.get(client) ?? { failures: 0, lockedUntil: 0 };
    state.failures++;
    const over = state.failures - LOGIN_FAILURES_ALLOWED;
    if (over >= 0) {
      state.lockedUntil = this.#now() +
        Math.min(FIRST_LOCK_MS * 2 ** Math.min(over, 16), MAX_LOCK_MS);
    }
    this.#clients.set(client, state);
    // Bound memory under a spray of addresses: forget the oldest unlocked clients.
    if (this.#clients.size > 10_000) {
      const now = this.#now();
      for (const [key, s] of this.#clients) {
        if (s.lockedUntil <= now) this.#clients.delete(key);
      }
    }
  }

  /** Forgets `client`'s failures after a successful login. */
  succeed(client: string): void {
    this.#clients.delete(client);
  }
}
