/**
 * Opening TCP connections to one upstream origin for the HTTP/1.1 client: at most
 * `maxConnecting` attempts in flight at once (a burst of a thousand requests queues its
 * connects instead of flooding the upstream's accept queue), a failed attempt retried on a fresh
 * socket — a bounded number of times — when the failure was the network's or ours (ports
 * exhausted, too many open files, a handshake reset), never when the upstream refused, and every
 * wait cut short by the request's abort signal.
 *
 * @module
 */

/** Opens a TCP connection (`Deno.connect`, or a test's stand-in). */
export type ConnectFn = (
  options: Deno.ConnectOptions,
) => Promise<Deno.TcpConn>;

/** Limits of a {@link ConnectQueue}; each has a production default. */
export interface ConnectQueueOptions {
  readonly connect?: ConnectFn;
  /** Connect attempts in flight per origin; the others wait their turn. */
  readonly maxConnecting?: number;
  /** Attempts per connection, the first included. */
  readonly attempts?: number;
  /** Wait before the n-th retry: n times this. */
  readonly retryDelayMs?: number;
}

/** Enough to absorb a burst without holding back a single request. */
const MAX_CONNECTING = 64;
const ATTEMPTS = 3;
const RETRY_DELAY_MS = 50;

/** The reason an aborted signal carries, or an AbortError. */
export function abortReason(signal: AbortSignal): unknown {
  return signal.reason ??
    new DOMException("The request was aborted", "AbortError");
}

/**
 * Whether a failed connect is worth another attempt: not when the upstream said no (nothing
 * listens: refused) or the address is wrong; yes for what a burst or the host causes.
 */
function isTransient(err: unknown): boolean {
  return !(err instanceof Deno.errors.ConnectionRefused ||
    err instanceof Deno.errors.NotFound ||
    err instanceof Deno.errors.PermissionDenied ||
    err instanceof TypeError);
}

/** Resolves after `ms`, or rejects with the abort reason when `signal` aborts first. */
function delay(ms: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve, reject) => {
    const onAbort = () => {
      clearTimeout(timer);
      reject(abortReason(signal!));
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener("abort", onAbort);
      resolve();
    }, ms);
    signal?.addEventListener("abort", onAbort, { once: true });
  });
}

/** A waiter for a connect slot. */
interface Waiter {
  readonly go: () => void;
}

/** The connects of one origin: bounded in flight, retried when transient. */
export class ConnectQueue {
  readonly #target: Deno.ConnectOptions;
  readonly #connect: ConnectFn;
  readonly #max: number;
  readonly #attempts: number;
  readonly #retryDelayMs: number;
  #inFlight = 0;
  readonly #waiting: Waiter[] = [];

  constructor(target: Deno.ConnectOptions, options: ConnectQueueOptions = {}) {
    this.#target = target;
    this.#connect = options.connect ?? ((target) => Deno.connect(target));
    this.#max = options.maxConnecting ?? MAX_CONNECTING;
    this.#attempts = options.attempts ?? ATTEMPTS;
    this.#retryDelayMs = options.retryDelayMs ?? RETRY_DELAY_MS;
  }

  /** Opens a connection: waits for a slot, connects, retries what is transient. */
  async open(signal?: AbortSignal): Promise<Deno.TcpConn> {
    for (let attempt = 1;; attempt++) {
      await this.#acquire(signal);
      try {
        return await this.#attempt(signal);
      } catch (err) {
        if (
          signal?.aborted || attempt >= this.#attempts || !isTransient(err)
        ) throw err;
      } finally {
        this.#release();
      }
      await delay(this.#retryDelayMs * attempt, signal);
    }
  }

  /** One connect; an abort (the gateway's timeout, the client leaving) does not wait for the OS. */
  async #attempt(signal: AbortSignal | undefined): Promise<Deno.TcpConn> {
    if (signal?.aborted) throw abortReason(signal);
    const connecting = this.#connect(this.#target);
    if (!signal) return await connecting;
    let onAbort = () => {};
    const aborted = new Promise<never>((_, reject) => {
      onAbort = () => reject(abortReason(signal));
      signal.addEventListener("abort", onAbort, { once: true });
    });
    try {
      return await Promise.race([connecting, aborted]);
    } catch (err) {
      // A connection that arrives after the abort is nobody's: closed.
      connecting.then(
        (tcp) => tcp.close(),
        (connectErr: unknown) => connectErr,
      );
      throw err;
    } finally {
      signal.removeEventListener("abort", onAbort);
    }
  }

  /** Takes a connect slot, waiting in line when all are taken. */
  #acquire(signal: AbortSignal | undefined): Promise<void> {
    if (this.#inFlight < this.#max) {
      this.#inFlight++;
      return Promise.resolve();
    }
    if (signal?.aborted) return Promise.reject(abortReason(signal));
    return new Promise((resolve, reject) => {
      const waiter: Waiter = {
        go: () => {
          signal?.removeEventListener("abort", onAbort);
          this.#inFlight++;
          resolve();
        },
      };
      const onAbort = () => {
        this.#waiting.splice(this.#waiting.indexOf(waiter), 1);
        reject(abortReason(signal!));
      };
      signal?.addEventListener("abort", onAbort, { once: true });
      this.#waiting.push(waiter);
    });
  }

  #release(): void {
    this.#inFlight--;
    this.#waiting.shift()?.go();
  }

  /** Connect attempts in flight now (for tests). */
  get inFlight(): number {
    return this.#inFlight;
  }
}
