/**
 * The store's mutations as pure changes: each takes the current state and the caller's input,
 * checks it (`ConflictError`, `NotFoundError`, `ValidationError`) and returns the next state
 * plus how to read the result from the snapshot that will be published. `SqliteStore` persists
 * and publishes them; nothing here does I/O.
 *
 * @module
 */
import { ConflictError, NotFoundError } from "./errors.ts";
import {
  defined,
  downstreamIds,
  getById,
  groupOrderFor,
  keepOrigins,
  reorderedGroups,
  replaceById,
  type StoreState,
  unique,
  unmaskKeys,
  withAlias,
  withOptionalFields,
  withoutDownstream,
  withoutOptionalFields,
} from "./state.ts";
import type {
  Alias,
  AliasInput,
  AliasPatch,
  Downstream,
  DownstreamInput,
  DownstreamPatch,
  RoutingSnapshot,
  Rule,
  RulePatch,
  Settings,
  SettingsPatch,
} from "./types.ts";
import {
  validateAlias,
  validateDownstream,
  validateRule,
  validateSettings,
} from "./validate.ts";

/** A change: the next state, and the result read from the snapshot built from it. */
export type Change<T> = {
  state: StoreState;
  result: (snapshot: RoutingSnapshot) => T;
};

/** The change behind `Store.createDownstream`. */
export function createDownstream(
  s: StoreState,
  input: DownstreamInput,
): Change<Downstream> {
  if (s.downstreams.some((d) => d.id === input.id)) {
    throw new ConflictError(`Downstream "${input.id}" already exists`);
  }
  const downstream = {
    ...input,
    outputModelIds: unique(input.outputModelIds),
  };
  validateDownstream(downstream);
  return {
    state: { ...s, downstreams: [...s.downstreams, downstream] },
    result: (snap) => findDownstream(snap, input.id),
  };
}

/** The change behind `Store.updateDownstream`. */
export function updateDownstream(
  s: StoreState,
  id: string,
  patch: DownstreamPatch,
): Change<Downstream> {
  const old = getDownstream(s, id);
  const fields = withoutOptionalFields(defined(patch));
  if (fields.apiKey === "***") delete fields.apiKey;
  const downstream = withOptionalFields(
    { ...old, ...fields, id },
    defined(patch),
  );
  const next = {
    ...downstream,
    outputModelIds: unique(downstream.outputModelIds),
  };
  validateDownstream(next);
  return {
    state: { ...s, downstreams: replaceById(s.downstreams, next) },
    result: (snap) => findDownstream(snap, id),
  };
}

/** The change behind `Store.deleteDownstream`. */
export function deleteDownstream(
  s: StoreState,
  id: string,
): Change<void> {
  getDownstream(s, id);
  return {
    state: withoutDownstream(s, id),
    result: () => undefined,
  };
}

/** The change behind `Store.addModels`. */
export function addModels(
  s: StoreState,
  id: string,
  modelIds: readonly string[],
): Change<{ downstream: Downstream; added: string[] }> {
  const old = getDownstream(s, id);
  const added = unique(modelIds).filter((m) => !old.outputModelIds.includes(m));
  const next = {
    ...old,
    outputModelIds: [...old.outputModelIds, ...added],
  };
  validateDownstream(next);
  return {
    state: { ...s, downstreams: replaceById(s.downstreams, next) },
    result: (snap) => ({ downstream: findDownstream(snap, id), added }),
  };
}

/** The change behind `Store.removeModel`. */
export function removeModel(
  s: StoreState,
  id: string,
  modelId: string,
): Change<Downstream> {
  const old = getDownstream(s, id);
  if (!old.outputModelIds.includes(modelId)) {
    throw new NotFoundError(
      `Model "${modelId}" not found in downstream "${id}"`,
    );
  }
  const next = {
    ...old,
    outputModelIds: old.outputModelIds.filter((m) => m !== modelId),
  };
  return {
    state: { ...s, downstreams: replaceById(s.downstreams, next) },
    result: (snap) => findDownstream(snap, id),
  };
}

/** The change behind `Store.createRule`. */
export function createRule(
  s: StoreState,
  input: Rule,
): Change<Rule> {
  if (s.rules.some((r) => r.id === input.id)) {
    throw new ConflictError(`Rule "${input.id}" already exists`);
  }
  const rule = {
    ...input,
    matchDownstreams: unique(input.matchDownstreams),
  };
  validateRule(rule, downstreamIds(s));
  return {
    state: { ...s, rules: [...s.rules, rule] },
    result: (snap) => getById(snap.rules, rule.id, "Rule"),
  };
}

/** The change behind `Store.updateRule`. */
export function updateRule(
  s: StoreState,
  id: string,
  patch: RulePatch,
): Change<Rule> {
  const old = getById(s.rules, id, "Rule");
  const merged: Rule = { ...old, ...defined(patch), id };
  const rule = {
    ...merged,
    matchDownstreams: unique(merged.matchDownstreams),
  };
  validateRule(rule, downstreamIds(s));
  return {
    state: { ...s, rules: replaceById(s.rules, rule) },
    result: (snap) => getById(snap.rules, id, "Rule"),
  };
}

/** The change behind `Store.deleteRule`. */
export function deleteRule(
  s: StoreState,
  id: string,
): Change<void> {
  getById(s.rules, id, "Rule");
  return {
    state: { ...s, rules: s.rules.filter((r) => r.id !== id) },
    result: () => undefined,
  };
}

/** The change behind `Store.createAlias`. */
export function createAlias(
  s: StoreState,
  input: AliasInput,
): Change<Alias> {
  if (s.aliases.some((a) => a.id === input.id)) {
    throw new ConflictError(`Alias "${input.id}" already exists`);
  }
  const groupExists = s.aliases.some((a) =>
    a.inputModelId === input.inputModelId
  );
  const alias: Alias = {
    ...input,
    failover: input.failover ?? false,
    groupOrder: groupExists || input.groupOrder === undefined
      ? groupOrderFor(s.aliases, input.inputModelId)
      : input.groupOrder,
  };
  validateAlias(alias, downstreamIds(s));
  const origins = new Map(s.aliasOrigins);
  origins.set(alias.id, "api");
  return {
    state: {
      ...s,
      aliases: withAlias(s.aliases, alias),
      aliasOrigins: origins,
    },
    result: (snap) => getById(snap.aliases, alias.id, "Alias"),
  };
}

/** The change behind `Store.updateAlias`. */
export function updateAlias(
  s: StoreState,
  id: string,
  patch: AliasPatch,
): Change<Alias> {
  const old = getById(s.aliases, id, "Alias");
  const fields = defined(patch);
  let alias: Alias = { ...old, ...fields, id };
  let aliases = s.aliases;
  if (alias.inputModelId !== old.inputModelId) {
    const joins = s.aliases.some((a) => a.inputModelId === alias.inputModelId);
    if (joins || fields.groupOrder === undefined) {
      alias = {
        ...alias,
        groupOrder: groupOrderFor(s.aliases, alias.inputModelId, id),
      };
    }
  } else if (fields.groupOrder !== undefined) {
    // Group order belongs to the group: move every member.
    aliases = aliases.map((a) =>
      a.inputModelId === alias.inputModelId
        ? { ...a, groupOrder: alias.groupOrder }
        : a
    );
  }
  validateAlias(alias, downstreamIds(s));
  return {
    state: { ...s, aliases: withAlias(aliases, alias) },
    result: (snap) => getById(snap.aliases, id, "Alias"),
  };
}

/** The change behind `Store.deleteAlias`. */
export function deleteAlias(
  s: StoreState,
  id: string,
): Change<void> {
  getById(s.aliases, id, "Alias");
  const aliases = s.aliases.filter((a) => a.id !== id);
  return {
    state: {
      ...s,
      aliases,
      aliasOrigins: keepOrigins(s.aliasOrigins, aliases),
    },
    result: () => undefined,
  };
}

/** The change behind `Store.activateAlias`. */
export function activateAlias(
  s: StoreState,
  id: string,
): Change<Alias> {
  const old = getById(s.aliases, id, "Alias");
  return {
    state: {
      ...s,
      aliases: withAlias(s.aliases, { ...old, isActive: true }),
    },
    result: (snap) => getById(snap.aliases, id, "Alias"),
  };
}

/** The change behind `Store.reorderAliasGroups`. */
export function reorderAliasGroups(
  s: StoreState,
  inputModelIds: readonly string[],
): Change<void> {
  return {
    state: { ...s, aliases: reorderedGroups(s.aliases, inputModelIds) },
    result: () => undefined,
  };
}

/** The change behind `Store.updateSettings`. */
export function updateSettings(
  s: StoreState,
  patch: SettingsPatch,
): Change<Settings> {
  const fields = defined(patch);
  if (fields.proxyApiKeys !== undefined) {
    fields.proxyApiKeys = unmaskKeys(
      fields.proxyApiKeys,
      s.settings.proxyApiKeys,
    );
  }
  const settings: Settings = { ...s.settings, ...fields };
  validateSettings(settings);
  return { state: { ...s, settings }, result: (snap) => snap.settings };
}

function getDownstream(state: StoreState, id: string): Downstream {
  return getById(state.downstreams, id, "Downstream");
}

function findDownstream(snapshot: RoutingSnapshot, id: string): Downstream {
  return getById(snapshot.downstreams, id, "Downstream");
}
