/**
 * Building the immutable routing snapshot from the store's in-memory state.
 *
 * @module
 */
import type { StoreState } from "./state.ts";
import type { RoutingSnapshot } from "./types.ts";

/** A read-only map whose mutators throw, so a snapshot cannot be changed through it. */
class FrozenMap<K, V> implements ReadonlyMap<K, V> {
  readonly #map: Map<K, V>;
  constructor(entries: Iterable<readonly [K, V]>) {
    this.#map = new Map(entries);
    Object.freeze(this);
  }
  get size(): number {
    return this.#map.size;
  }
  get(key: K): V | undefined {
    return this.#map.get(key);
  }
  has(key: K): boolean {
    return this.#map.has(key);
  }
  forEach(
    callback: (value: V, key: K, map: ReadonlyMap<K, V>) => void,
    thisArg?: unknown,
  ): void {
    this.#map.forEach((value, key) => callback.call(thisArg, value, key, this));
  }
  entries(): MapIterator<[K, V]> {
    return this.#map.entries();
  }
  keys(): MapIterator<K> {
    return this.#map.keys();
  }
  values(): MapIterator<V> {
    return this.#map.values();
  }
  [Symbol.iterator](): MapIterator<[K, V]> {
    return this.#map[Symbol.iterator]();
  }
}

/** A deep-frozen snapshot of `state` (the state's objects are copied first). */
export function createSnapshot(
  state: StoreState,
  version: number,
): RoutingSnapshot {
  const copy = structuredClone({
    settings: state.settings,
    downstreams: state.downstreams,
    aliases: state.aliases,
    rules: state.rules,
  });
  deepFreeze(copy);
  return Object.freeze({
    version,
    settings: copy.settings,
    downstreams: copy.downstreams,
    downstreamsById: new FrozenMap(copy.downstreams.map((d) => [d.id, d])),
    aliases: copy.aliases,
    rules: copy.rules,
  });
}

function deepFreeze(value: unknown): void {
  if (typeof value !== "object" || value === null || Object.isFrozen(value)) {
    return;
  }
  Object.freeze(value);
  for (const child of Object.values(value)) deepFreeze(child);
}
