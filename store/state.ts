/**
 * The store's in-memory state (what SQLite holds, in domain types) and small pure helpers
 * over it. Snapshots and write-backs are built from this, never from SQL queries.
 *
 * @module
 */
import type { Alias, Downstream, Rule, Settings } from "./types.ts";

/** Where an alias came from: the YAML file, or the admin API/UI/CLI. */
export type AliasOrigin = "yaml" | "api";

/** Everything the store holds. Downstreams and rules in stored order; aliases sorted. */
export interface StoreState {
  readonly settings: Settings;
  readonly downstreams: readonly Downstream[];
  readonly rules: readonly Rule[];
  /** Sorted by group order, then id. */
  readonly aliases: readonly Alias[];
  readonly aliasOrigins: ReadonlyMap<string, AliasOrigin>;
}

/** Aliases sorted by group order, then id. */
export function sortAliases(aliases: readonly Alias[]): Alias[] {
  return [...aliases].sort((a, b) =>
    a.groupOrder - b.groupOrder || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)
  );
}

/**
 * Leaves at most one active alias per group. A group with several keeps the first one
 * `prefer` accepts, else the first in sorted order.
 */
export function enforceOneActive(
  aliases: readonly Alias[],
  prefer: (alias: Alias) => boolean = () => false,
): Alias[] {
  const winner = new Map<string, string>();
  const sorted = sortAliases(aliases);
  for (const alias of sorted) {
    if (alias.isActive && prefer(alias) && !winner.has(alias.inputModelId)) {
      winner.set(alias.inputModelId, alias.id);
    }
  }
  for (const alias of sorted) {
    if (alias.isActive && !winner.has(alias.inputModelId)) {
      winner.set(alias.inputModelId, alias.id);
    }
  }
  return sorted.map((alias) =>
    alias.isActive && winner.get(alias.inputModelId) !== alias.id
      ? { ...alias, isActive: false }
      : alias
  );
}

/** The group order aliases of `inputModelId` share, or the next free one for a new group. */
export function groupOrderFor(
  aliases: readonly Alias[],
  inputModelId: string,
  exceptId?: string,
): number {
  const member = aliases.find((alias) =>
    alias.inputModelId === inputModelId && alias.id !== exceptId
  );
  if (member !== undefined) return member.groupOrder;
  return aliases.reduce(
    (max, alias) =>
      alias.id === exceptId ? max : Math.max(max, alias.groupOrder),
    -1,
  ) + 1;
}
