/**
 * The {@link Store} implementation: serialises mutations, commits each to SQLite in one
 * transaction, writes the YAML back, and publishes a new routing snapshot.
 *
 * Failure policy: a mutation runs inside one SQLite transaction that is committed only after
 * the YAML file has been replaced. When the YAML write fails, the transaction is rolled back,
 * the in-memory state and the snapshot stay as they were, and the promise rejects with the
 * write's error; the atomic write never leaves a half-written file. (Should the COMMIT itself
 * fail after the rename, the error surfaces and the file already holds the change; the next
 * start merges it into the database.)
 *
 * @module
 */
import type { DatabaseSync } from "node:sqlite";
import type { Document } from "yaml";
import { saveState } from "./database.ts";
import { ConflictError, NotFoundError } from "./errors.ts";
import { createSnapshot } from "./snapshot.ts";
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
  Store,
} from "./types.ts";
import {
  validateAlias,
  validateDownstream,
  validateRule,
  validateSettings,
} from "./validate.ts";
import { applyStateToDocument, renderDocument } from "./write_back.ts";

/** What {@link SqliteStore} is built from. */
export interface StoreParts {
  db: DatabaseSync;
  doc: Document;
  state: StoreState;
  configPath: string;
  databasePath: string;
  writeFile: (path: string, text: string) => Promise<void>;
}

type Change<T> = { state: StoreState; result: (s: RoutingSnapshot) => T };

/** The store over one SQLite connection and one YAML Document. */
export class SqliteStore implements Store {
  readonly configPath: string;
  readonly databasePath: string;
  readonly #db: DatabaseSync;
  readonly #writeFile: (path: string, text: string) => Promise<void>;
  readonly #listeners = new Set<(snapshot: RoutingSnapshot) => void>();
  #doc: Document;
  #state: StoreState;
  #snapshot: RoutingSnapshot;
  #queue: Promise<unknown> = Promise.resolve();
  #closed = false;

  constructor(parts: StoreParts) {
    this.#db = parts.db;
    this.#doc = parts.doc;
    this.#state = parts.state;
    this.configPath = parts.configPath;
    this.databasePath = parts.databasePath;
    this.#writeFile = parts.writeFile;
    this.#snapshot = createSnapshot(parts.state, 1);
  }

  snapshot(): RoutingSnapshot {
    return this.#snapshot;
  }

  subscribe(listener: (snapshot: RoutingSnapshot) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /** Writes the current state into the YAML file (used on start when the file lacks rows). */
  writeBack(): Promise<void> {
    return this.#enqueue(async () => {
      const doc = this.#doc.clone();
      applyStateToDocument(doc, this.#state);
      await this.#writeFile(this.configPath, renderDocument(doc));
      this.#doc = doc;
    });
  }

  #enqueue<T>(task: () => Promise<T>): Promise<T> {
    if (this.#closed) return Promise.reject(new Error("The store is closed"));
    const run = this.#queue.then(task);
    this.#queue = run.catch(() => undefined);
    return run;
  }

  /** Runs `change` on the current state, persists the result, writes the YAML, publishes. */
  #mutate<T>(change: (state: StoreState) => Change<T>): Promise<T> {
    return this.#enqueue(async () => {
      const before = this.#state;
      const { state, result } = change(before);
      const doc = this.#doc.clone();
      applyStateToDocument(doc, state);
      const text = renderDocument(doc);
      const db = this.#db;
      db.exec("BEGIN IMMEDIATE");
      try {
        saveState(db, before, state);
        await this.#writeFile(this.configPath, text);
        db.exec("COMMIT");
      } catch (error) {
        if (db.isTransaction) db.exec("ROLLBACK");
        throw error;
      }
      this.#doc = doc;
      this.#state = state;
      this.#snapshot = createSnapshot(state, this.#snapshot.version + 1);
      this.#notify();
      return result(this.#snapshot);
    });
  }

  /**
   * Calls every listener even when one throws; the first error is rethrown afterwards (the
   * change itself is committed and published by then).
   */
  #notify(): void {
    const errors: unknown[] = [];
    for (const listener of this.#listeners) {
      try {
        listener(this.#snapshot);
      } catch (error) {
        errors.push(error);
      }
    }
    if (errors.length > 0) throw errors[0];
  }

  createDownstream(input: DownstreamInput): Promise<Downstream> {
    return this.#mutate((s) => {
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
    });
  }

  updateDownstream(id: string, patch: DownstreamPatch): Promise<Downstream> {
    return this.#mutate((s) => {
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
    });
  }

  deleteDownstream(id: string): Promise<void> {
    return this.#mutate((s) => {
      getDownstream(s, id);
      return {
        state: withoutDownstream(s, id),
        result: () => undefined,
      };
    });
  }

  addModels(
    id: string,
    modelIds: readonly string[],
  ): Promise<{ downstream: Downstream; added: string[] }> {
    return this.#mutate((s) => {
      const old = getDownstream(s, id);
      const added = unique(modelIds).filter((m) =>
        !old.outputModelIds.includes(m)
      );
      const next = {
        ...old,
        outputModelIds: [...old.outputModelIds, ...added],
      };
      validateDownstream(next);
      return {
        state: { ...s, downstreams: replaceById(s.downstreams, next) },
        result: (snap) => ({ downstream: findDownstream(snap, id), added }),
      };
    });
  }

  removeModel(id: string, modelId: string): Promise<Downstream> {
    return this.#mutate((s) => {
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
    });
  }

  createRule(input: Rule): Promise<Rule> {
    return this.#mutate((s) => {
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
    });
  }

  updateRule(id: string, patch: RulePatch): Promise<Rule> {
    return this.#mutate((s) => {
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
    });
  }

  deleteRule(id: string): Promise<void> {
    return this.#mutate((s) => {
      getById(s.rules, id, "Rule");
      return {
        state: { ...s, rules: s.rules.filter((r) => r.id !== id) },
        result: () => undefined,
      };
    });
  }

  createAlias(input: AliasInput): Promise<Alias> {
    return this.#mutate((s) => {
      if (s.aliases.some((a) => a.id === input.id)) {
        throw new ConflictError(`Alias "${input.id}" already exists`);
      }
      const groupExists = s.aliases.some((a) =>
        a.inputModelId === input.inputModelId
      );
      const alias: Alias = {
        ...input,
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
    });
  }

  updateAlias(id: string, patch: AliasPatch): Promise<Alias> {
    return this.#mutate((s) => {
      const old = getById(s.aliases, id, "Alias");
      const fields = defined(patch);
      let alias: Alias = { ...old, ...fields, id };
      let aliases = s.aliases;
      if (alias.inputModelId !== old.inputModelId) {
        const joins = s.aliases.some((a) =>
          a.inputModelId === alias.inputModelId
        );
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
    });
  }

  deleteAlias(id: string): Promise<void> {
    return this.#mutate((s) => {
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
    });
  }

  activateAlias(id: string): Promise<Alias> {
    return this.#mutate((s) => {
      const old = getById(s.aliases, id, "Alias");
      return {
        state: {
          ...s,
          aliases: withAlias(s.aliases, { ...old, isActive: true }),
        },
        result: (snap) => getById(snap.aliases, id, "Alias"),
      };
    });
  }

  reorderAliasGroups(inputModelIds: readonly string[]): Promise<void> {
    return this.#mutate((s) => {
      return {
        state: { ...s, aliases: reorderedGroups(s.aliases, inputModelIds) },
        result: () => undefined,
      };
    });
  }

  updateSettings(patch: SettingsPatch): Promise<Settings> {
    return this.#mutate((s) => {
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
    });
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    await this.#queue;
    this.#db.close();
  }
}

function getDownstream(state: StoreState, id: string): Downstream {
  return getById(state.downstreams, id, "Downstream");
}

function findDownstream(snapshot: RoutingSnapshot, id: string): Downstream {
  return getById(snapshot.downstreams, id, "Downstream");
}
