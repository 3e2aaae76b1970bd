/**
 * The store's in-memory state (what SQLite holds, in domain types) and small pure helpers
 * over it. Snapshots and write-backs are built from this, never from SQL queries.
 *
 * @module
 */
import { NotFoundError, ValidationError } from "./errors.ts";
import { maskKey } from "./mask.ts";
import {
  type Alias,
  type Downstream,
  DOWNSTREAM_OPTIONAL_KEYS,
  type DownstreamOptionalKey,
  type ProxyApiKey,
  type Rule,
  type Settings,
} from "./types.ts";

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

/** The item with `id`; throws `NotFoundError` naming `kind` when there is none. */
export function getById<T extends { id: string }>(
  items: readonly T[],
  id: string,
  kind: string,
): T {
  const item = items.find((i) => i.id === id);
  if (item === undefined) throw new NotFoundError(`${kind} "${id}" not found`);
  return item;
}

/** `items` with the one sharing `next`'s id replaced by `next`. */
export function replaceById<T extends { id: string }>(
  items: readonly T[],
  next: T,
): T[] {
  return items.map((item) => item.id === next.id ? next : item);
}

/** Puts `alias` in (replacing one with its id) and deactivates the rest of its group when active. */
export function withAlias(aliases: readonly Alias[], alias: Alias): Alias[] {
  const others = aliases.filter((a) => a.id !== alias.id).map((a) =>
    alias.isActive && a.isActive && a.inputModelId === alias.inputModelId
      ? { ...a, isActive: false }
      : a
  );
  return sortAliases([...others, alias]);
}

/** The origins of the aliases still present. */
export function keepOrigins(
  origins: StoreState["aliasOrigins"],
  aliases: readonly Alias[],
): StoreState["aliasOrigins"] {
  const ids = new Set(aliases.map((a) => a.id));
  return new Map([...origins].filter(([id]) => ids.has(id)));
}

/** The ids of every downstream. */
export function downstreamIds(state: StoreState): Set<string> {
  return new Set(state.downstreams.map((d) => d.id));
}

/** `values` without duplicates, first occurrence kept. */
export function unique(values: readonly string[]): string[] {
  return [...new Set(values)];
}

/** The patch without keys whose value is `undefined` (absent means "keep"). */
export function defined<T extends object>(
  patch: T,
): { -readonly [K in keyof T]?: T[K] } {
  const out: { -readonly [K in keyof T]?: T[K] } = {};
  for (const key of Object.keys(patch) as (keyof T)[]) {
    if (patch[key] !== undefined) out[key] = patch[key];
  }
  return out;
}

/** A downstream's optional fields as a patch carries them: a value sets, `null` removes. */
export type OptionalFieldsPatch = {
  readonly [K in DownstreamOptionalKey]?: Downstream[K] | null;
};

/** Applies `patch` to `downstream`'s optional fields; absent fields keep their value. */
export function withOptionalFields(
  downstream: Downstream,
  patch: OptionalFieldsPatch,
): Downstream {
  const out: MutableDownstream = { ...downstream };
  for (const key of DOWNSTREAM_OPTIONAL_KEYS) setOptional(out, key, patch[key]);
  return out;
}

/** A patch without its optional fields (they may hold `null`, which {@link withOptionalFields} reads). */
export function withoutOptionalFields<T extends OptionalFieldsPatch>(
  patch: T,
): Omit<T, DownstreamOptionalKey> {
  const {
    maxOutputTokens: _max,
    defaultMaxTokens: _default,
    reasoningEffortModels: _reasoning,
    hostedTools: _hosted,
    stripBillingHeader: _billing,
    anthropicBeta: _beta,
    prices: _prices,
    ...rest
  } = patch;
  return rest;
}

type MutableDownstream = { -readonly [K in keyof Downstream]: Downstream[K] };

function setOptional<K extends DownstreamOptionalKey>(
  out: MutableDownstream,
  key: K,
  value: Downstream[K] | null | undefined,
): void {
  if (value === null) delete out[key];
  else if (value !== undefined) out[key] = value;
}

/**
 * Replaces masked keys (`***-123`, as the admin API shows them, plain or inside a named entry)
 * with the stored key they stand for.
 */
export function unmaskKeys(
  keys: readonly ProxyApiKey[],
  stored: readonly ProxyApiKey[],
): ProxyApiKey[] {
  const storedKeys = stored.map(keyOf);
  return keys.map((entry, index) => {
    const key = keyOf(entry);
    if (!key.startsWith("***")) return entry;
    const match = storedKeys.find((s) => maskKey(s) === key);
    if (match === undefined) {
      throw new ValidationError(
        typeof entry === "string"
          ? `proxy_api_keys[${index}]`
          : `proxy_api_keys[${index}].key`,
        "masked key matches no stored key",
      );
    }
    return typeof entry === "string" ? match : { name: entry.name, key: match };
  });
}

/** The key of a `proxy_api_keys` entry. */
export function keyOf(entry: ProxyApiKey): string {
  return typeof entry === "string" ? entry : entry.key;
}

/**
 * `state` without downstream `id`: its aliases are deleted and it is removed from rules'
 * `matchDownstreams`; a rule whose list becomes empty is disabled, since an empty list would
 * mean "any downstream" and silently broaden it.
 */
export function withoutDownstream(state: StoreState, id: string): StoreState {
  const rules = state.rules.map((rule): Rule => {
    if (!rule.matchDownstreams.includes(id)) return rule;
    const matchDownstreams = rule.matchDownstreams.filter((d) => d !== id);
    return matchDownstreams.length === 0
      ? { ...rule, matchDownstreams, isEnabled: false }
      : { ...rule, matchDownstreams };
  });
  const aliases = state.aliases.filter((a) => a.downstreamId !== id);
  return {
    ...state,
    downstreams: state.downstreams.filter((d) => d.id !== id),
    rules,
    aliases,
    aliasOrigins: keepOrigins(state.aliasOrigins, aliases),
  };
}

/**
 * Aliases with group orders 0..n following `inputModelIds`; unlisted groups keep their relative
 * order after them. Throws `ValidationError` (field `order[i]`) for unknown or repeated groups.
 */
export function reorderedGroups(
  aliases: readonly Alias[],
  inputModelIds: readonly string[],
): Alias[] {
  const groups = [...new Set(sortAliases(aliases).map((a) => a.inputModelId))];
  const listed = new Set<string>();
  inputModelIds.forEach((group, index) => {
    if (!groups.includes(group)) {
      throw new ValidationError(
        `order[${index}]`,
        `unknown alias group "${group}"`,
      );
    }
    if (listed.has(group)) {
      throw new ValidationError(
        `order[${index}]`,
        `duplicate alias group "${group}"`,
      );
    }
    listed.add(group);
  });
  const order = [...inputModelIds, ...groups.filter((g) => !listed.has(g))];
  const position = new Map(order.map((group, index) => [group, index]));
  return sortAliases(aliases.map((a) => ({
    ...a,
    groupOrder: position.get(a.inputModelId) ?? a.groupOrder,
  })));
}
