/**
 * Cool-downs of failover members (issue 16): a member that answered with a `retry-after`
 * (`retry-after-ms`) rests for that long — at most {@link MAX_COOLDOWN_MS} — and the failover
 * loop tries the group's other members first meanwhile. In memory only, bounded in size; a
 * restart forgets them.
 *
 * @module
 */
import { headerValue } from "./forward.ts";
import type { HeaderList } from "./upstream_client.ts";

/** The longest rest a `retry-after` can ask for; a longer one is cut to this. */
export const MAX_COOLDOWN_MS = 60_000;
/** Members remembered at once: past it, expired entries go, then the oldest. */
const MAX_ENTRIES = 1024;
const DIGITS_REGEXP = /^\d+(\.\d+)?$/;
/** An HTTP date (`Wed, 21 Oct 2015 07:28:00 GMT`), not whatever else `Date.parse` accepts. */
const HTTP_DATE_REGEXP =
  /^[A-Za-z]{3}, \d{2} [A-Za-z]{3} \d{4} \d{2}:\d{2}:\d{2} GMT$/;

/** When each resting member may be tried again (epoch ms). */
export class Cooldowns {
  readonly #until = new Map<string, number>();
  readonly #max: number;

  constructor(options: { maxEntries?: number } = {}) {
    this.#max = options.maxEntries ?? MAX_ENTRIES;
  }

  /** Rests `member` for `ms` from `now` (capped at {@link MAX_COOLDOWN_MS}). */
  cool(member: string, ms: number, now: number): void {
    if (!(ms > 0)) return;
    this.#until.delete(member);
    if (this.#until.size >= this.#max) this.#evict(now);
    this.#until.set(member, now + Math.min(ms, MAX_COOLDOWN_MS));
  }

  /** Milliseconds until `member` may be tried again; 0 when it is not resting. */
  remaining(member: string, now: number): number {
    const until = this.#until.get(member);
    if (until === undefined) return 0;
    if (until > now) return until - now;
    this.#until.delete(member);
    return 0;
  }

  /** How many members are remembered (for tests). */
  get size(): number {
    return this.#until.size;
  }

  #evict(now: number): void {
    for (const [member, until] of this.#until) {
      if (until <= now) this.#until.delete(member);
    }
    // Still full: the entry set longest ago goes (a Map iterates in insertion order).
    while (this.#until.size >= this.#max) {
      const oldest = this.#until.keys().next().value;
      if (oldest === undefined) return;
      this.#until.delete(oldest);
    }
  }
}

/**
 * The rest an answer asks for, in ms: `retry-after-ms` (OpenAI's), else `retry-after` as
 * seconds or an HTTP date; `undefined` when it says nothing usable.
 */
export function retryAfterMs(
  headers: HeaderList,
  now: number,
): number | undefined {
  const ms = headerValue(headers, "retry-after-ms")?.trim();
  if (ms !== undefined && DIGITS_REGEXP.test(ms)) return Number(ms);
  const value = headerValue(headers, "retry-after")?.trim();
  if (value === undefined || value === "") return undefined;
  if (DIGITS_REGEXP.test(value)) return Number(value) * 1000;
  if (!HTTP_DATE_REGEXP.test(value)) return undefined;
  return Math.max(0, Date.parse(value) - now);
}
