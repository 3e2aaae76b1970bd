/**
 * Gives memory back after a burst of traffic. V8 keeps the heap it grew under load — Deno sends
 * it neither idle nor memory-pressure notifications — so a daemon that served one busy minute
 * would hold ~100 MB more for the rest of the day. Once requests have stopped for a while, one
 * "last resort" collection (what V8 runs on a low-memory notification) compacts the heap and
 * returns its free pages to the OS. It needs `--v8-flags=--expose-gc`, which the start and
 * compile tasks pass; without it the collector does nothing.
 *
 * @module
 */

/** How often activity is checked; a collection follows 1–2 periods after the last request. */
export const IDLE_CHECK_MS = 5_000;

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
  /** Called after each collection with its duration, for the diagnostics log. */
  onCollect?: (ms: number) => void;
}

/** The `gc` function V8 exposes with `--expose-gc`, if it does. */
export function exposedGc(): GcFunction | undefined {
  const gc = (globalThis as { gc?: unknown }).gc;
  return typeof gc === "function" ? gc as GcFunction : undefined;
}

/**
 * One activity check: collects when the previous check saw new requests and this one sees
 * none. Returns whether it collected.
 */
export function createIdleCheck(
  activity: () => number,
  collect: () => void,
): () => boolean {
  let seen = activity();
  let dirty = false;
  return () => {
    const now = activity();
    if (now !== seen) {
      seen = now;
      dirty = true;
      return false;
    }
    if (!dirty) return false;
    dirty = false;
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
  });
  const timer = setInterval(check, options.checkMs ?? IDLE_CHECK_MS);
  Deno.unrefTimer(timer);
  return () => clearInterval(timer);
}
