/**
 * Timeouts that almost never fire, for the request path: one timer per timeout length instead
 * of a `setTimeout` + `clearTimeout` pair per request (each a timer object and two runtime
 * calls). Deadlines of one length are queued in the order they were set, so the earliest is
 * always first; the timer sleeps until the earliest live one and skips those cancelled meanwhile.
 *
 * @module
 */

/** The clock and timer functions a {@link Deadlines} uses (tests substitute them). */
export interface Clock {
  /** Milliseconds, monotonic. */
  now(): number;
  /** Returns the timer's handle, passed back to `clearTimeout`. */
  setTimeout(fire: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

const SYSTEM_CLOCK: Clock = {
  now: () => performance.now(),
  setTimeout: (fire, ms) => setTimeout(fire, ms),
  clearTimeout: (handle) =>
    clearTimeout(handle as ReturnType<typeof setTimeout> | undefined),
};

interface Entry {
  readonly at: number;
  fire: (() => void) | undefined;
}

/** Deadlines of one length, earliest first. */
class Queue {
  readonly #ms: number;
  readonly #clock: Clock;
  #entries: Entry[] = [];
  #head = 0;
  #timer: unknown;

  constructor(ms: number, clock: Clock) {
    this.#ms = ms;
    this.#clock = clock;
  }

  add(fire: () => void): Entry {
    const entry: Entry = { at: this.#clock.now() + this.#ms, fire };
    this.#entries.push(entry);
    if (this.#timer === undefined) this.#arm(this.#ms);
    return entry;
  }

  /** Drops cancelled entries from the front (requests end roughly in the order they began). */
  trim(): void {
    const entries = this.#entries;
    while (this.#head < entries.length && !entries[this.#head].fire) {
      this.#head++;
    }
    if (this.#head === entries.length) {
      // Nothing pending: no timer left behind (it would hold the process or a test open).
      entries.length = 0;
      this.#head = 0;
      this.#clock.clearTimeout(this.#timer);
      this.#timer = undefined;
    } else if (this.#head >= 1024 && this.#head * 2 >= entries.length) {
      this.#entries = entries.slice(this.#head);
      this.#head = 0;
    }
  }

  #arm(ms: number): void {
    this.#timer = this.#clock.setTimeout(this.#tick, Math.max(0, ms));
  }

  #tick = (): void => {
    this.#timer = undefined;
    const now = this.#clock.now();
    const entries = this.#entries;
    while (this.#head < entries.length) {
      const entry = entries[this.#head];
      if (entry.fire && entry.at > now) break;
      this.#head++;
      const fire = entry.fire;
      entry.fire = undefined;
      fire?.();
    }
    this.trim();
    // A callback may have added a deadline, which armed the timer already.
    if (this.#timer === undefined && this.#head < this.#entries.length) {
      this.#arm(this.#entries[this.#head].at - now);
    }
  };

  close(): void {
    this.#clock.clearTimeout(this.#timer);
    this.#timer = undefined;
    this.#entries = [];
    this.#head = 0;
  }
}

/** Sets deadlines; {@link Deadlines.close} drops all pending ones. */
export class Deadlines {
  readonly #queues = new Map<number, Queue>();
  readonly #clock: Clock;

  /** `clock` defaults to `performance.now` and the global timers. */
  constructor(clock: Clock = SYSTEM_CLOCK) {
    this.#clock = clock;
  }

  /**
   * Calls `fire` once `ms` milliseconds have passed, unless the returned function (cancel) is
   * called first. Cancelling after it fired, or twice, does nothing.
   */
  set(ms: number, fire: () => void): () => void {
    let queue = this.#queues.get(ms);
    if (!queue) {
      queue = new Queue(ms, this.#clock);
      this.#queues.set(ms, queue);
    }
    const entry = queue.add(fire);
    const owner = queue;
    return () => {
      if (!entry.fire) return;
      entry.fire = undefined;
      owner.trim();
    };
  }

  /** Cancels every pending deadline and stops the timers. */
  close(): void {
    for (const queue of this.#queues.values()) queue.close();
    this.#queues.clear();
  }
}
