/**
 * Gives memory back after a burst of traffic. V8 keeps the heap it grew under load — Deno sends
 * it neither idle nor memory-pressure notifications — so a daemon that served one busy minute
 * would hold ~100 MB more for the rest of the day. Once requests have stopped for a while, one
 * "last resort" collection (what V8 runs on a low-memory notification) compacts the heap and
 * returns its free pages to the OS. It needs `--v8-flags=--expose-gc`, which the start and
 * compile tasks pass; without it the collector does nothing.
 *
 * "A while" is half a minute or more: the collection also drops what V8 learned while the
 * code was hot, and the next few seconds of traffic cost up to half as much CPU again (a
 * translate burst right after it: ~420 µs a request instead of ~260). Pauses between the
 * bursts of one session of work stay shorter than that.
 *
 * @module
 */

/** How often activity is checked. */
export const IDLE_CHECK_MS = 15_000;
/** Checks in a row that must see no request before the collection. */
export const QUIET_CHECKS = 2;
/** The longest time from the last request to the collection. */
export const IDLE_COLLECT_WITHIN_MS = (QUIET_CHECKS + 1) * IDLE_CHECK_MS;

/** V8's `gc` (exposed by `--expose-gc`) with the options this module uses. */
export type GcFunction = (options: {
  type: "major";
  execution: "sync";
  flavor: "last-resort";
}) => void;

/** Options of {@link startIdleCollector}. */
export interface IdleCollectorOptions {
  /** A counter that grows with every request served. */
  activity: () => number;
  /** Defaults to `globalThis.gc` when exposed. */
  gc?: GcFunction;
  /** Defaults to {@link IDLE_CHECK_MS}. */
  checkMs?: number;
  /** Defaults to {@link QUIET_CHECKS}. */
  quietChecks?: number;
  /** Called after each collection with its duration, for the diagnostics log. */
  onCollect?: (ms: number) => void;
}

/** The `gc` function V8 exposes with `--expose-gc`, if it does. */
export function exposedGc(): GcFunction | undefined {
  const gc = (globalThis as { gc?: unknown }).gc;
  return typeof gc === "function" ? gc as GcFunction : undefined;
}

/**
 * One activity check: collects when the last `quietChecks` checks (this one included) saw no
 * request and some check before them did. Returns whether it collected.
 */
export function createIdleCheck(
  activity: () => number,
  collect: () => void,
  quietChecks = QUIET_CHECKS,
): () => boolean {
  let seen = activity();
  let dirty = false;
  let quiet = 0;
  return () => {
    const now = activity();
    if (now !== seen) {
      seen = now;
      dirty = true;
      quiet = 0;
      return false;
    }
    if (!dirty || ++quiet < quietChecks) return false;
    dirty = false;
    quiet = 0;
    collect();
    return true;
  };
}

/**
 * Runs {@link createIdleCheck} every `checkMs` with V8's last-resort collection, so the heap is
 * compacted once after each period of activity. The timer does not keep the process alive.
 * Returns a function that stops it.
 */
export function startIdleCollector(options: IdleCollectorOptions): () => void {
  const gc = options.gc ?? exposedGc();
  if (!gc) return () => {};
  const check = createIdleCheck(options.activity, () => {
    const start = performance.now();
    gc({ type: "major", execution: "sync", flavor: "last-resort" });
    options.onCollect?.(performance.now() - start);
  }, options.quietChecks);
  const timer = setInterval(check, options.checkMs ?? IDLE_CHECK_MS);
  Deno.unrefTimer(timer);
  return () => clearInterval(timer);
}
