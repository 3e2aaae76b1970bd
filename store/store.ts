/**
 * `openStore`: reads (or creates) the config file, opens and migrates SQLite, upserts the YAML,
 * and returns the {@link Store} that serialises mutations, writes them to SQLite and back to the
 * YAML file, and publishes routing snapshots.
 *
 * Failure policy: a mutation runs inside one SQLite transaction that is committed only after
 * the YAML file has been replaced. When the YAML write fails, the transaction is rolled back,
 * the in-memory state and the snapshot stay as they were, and the promise rejects with the
 * write's error; the atomic write never leaves a half-written file.
 *
 * @module
 */
import { dirname, resolve } from "node:path";
import type { DatabaseSync } from "node:sqlite";
import type { Document } from "yaml";
import { parseConfigText } from "./config_file.ts";
import {
  inTransaction,
  loadState,
  openDatabase,
  saveState,
} from "./database.ts";
import { DEFAULT_CONFIG_YAML } from "./defaults.ts";
import {
  ConfigError,
  ConflictError,
  NotFoundError,
  ValidationError,
} from "./errors.ts";
import { mergeConfig } from "./merge.ts";
import { createSnapshot } from "./snapshot.ts";
import {
  applyStateToDocument,
  renderDocument,
  writeFileAtomic,
} from "./write_back.ts";
import type { StoreState } from "./state.ts";
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
import { groupOrderFor, sortAliases } from "./state.ts";
import {
  validateAlias,
  validateDownstream,
  validateRule,
  validateSettings,
} from "./validate.ts";
import { maskKey } from "./mask.ts";

/** Options of {@link openStore}. */
export interface OpenStoreOptions {
  /** Overrides the config's `database` (e.g. `:memory:` in tests). */
  databasePath?: string;
  /** Replaces the atomic config writer (tests inject failures here). */
  writeFile?: (path: string, text: string) => Promise<void>;
}

/** What {@link openStore} returns: the store and warnings (unknown keys, …) for the caller to print. */
export interface OpenedStore {
  store: Store;
  warnings: string[];
}

/**
 * Opens the store for `configPath`: creates a missing config file with the defaults (mode 0600),
 * validates it (throwing `ConfigError` as `file:line: field: message`), opens and migrates the
 * database, upserts the YAML into it, seeds examples where nothing is defined, and writes the
 * YAML back when it lacks something the database holds.
 */
export async function openStore(
  configPath: string,
  options: OpenStoreOptions = {},
): Promise<OpenedStore> {
  const absolutePath = resolve(configPath);
  const text = await readOrCreateConfig(absolutePath, configPath);
  const config = parseConfigText(text, configPath);
  const databasePath = options.databasePath ??
    resolve(dirname(absolutePath), config.settings.database);
  if (databasePath !== ":memory:") {
    await Deno.mkdir(dirname(databasePath), { recursive: true });
  }
  let db: DatabaseSync;
  try {
    db = openDatabase(databasePath);
  } catch (error) {
    throw new Error(
      `Cannot open the database "${databasePath}": ${errorMessage(error)}`,
      { cause: error },
    );
  }
  try {
    const stored = loadState(db);
    const merged = mergeConfig(stored, config);
    inTransaction(db, () => saveState(db, stored, merged.state));
    const warnings = [...config.warnings];
    const store = new SqliteStore({
      db,
      doc: config.doc,
      state: merged.state,
      configPath: absolutePath,
      databasePath,
      writeFile: options.writeFile ?? writeFileAtomic,
    });
    if (merged.needsWriteBack) {
      try {
        await store.writeBack();
      } catch (error) {
        if (!(error instanceof Error)) throw error;
        warnings.push(
          `${configPath}: Cannot write the config back: ${error.message}`,
        );
      }
    }
    return { store, warnings };
  } catch (error) {
    db.close();
    throw error;
  }
}

async function readOrCreateConfig(
  absolutePath: string,
  shownPath: string,
): Promise<string> {
  try {
    return await Deno.readTextFile(absolutePath);
  } catch (error) {
    if (!(error instanceof Deno.errors.NotFound)) {
      throw new ConfigError(
        shownPath,
        "",
        `Cannot read the config file: ${errorMessage(error)}`,
        { cause: error },
      );
    }
  }
  try {
    await Deno.mkdir(dirname(absolutePath), { recursive: true });
    await Deno.writeTextFile(absolutePath, DEFAULT_CONFIG_YAML, {
      createNew: true,
      mode: 0o600,
    });
  } catch (error) {
    // Another process may have created it meanwhile; then read theirs.
    if (!(error instanceof Deno.errors.AlreadyExists)) {
      throw new ConfigError(
        shownPath,
        "",
        `Cannot create the config file: ${errorMessage(error)}`,
        { cause: error },
      );
    }
    return await Deno.readTextFile(absolutePath);
  }
  return DEFAULT_CONFIG_YAML;
}

function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

interface StoreParts {
  db: DatabaseSync;
  doc: Document;
  state: StoreState;
  configPath: string;
  databasePath: string;
  writeFile: (path: string, text: string) => Promise<void>;
}

type Change<T> = { state: StoreState; result: (s: RoutingSnapshot) => T };

class SqliteStore implements Store {
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
      const fields = defined(patch);
      if (fields.apiKey === "***") delete fields.apiKey;
      const downstream: Downstream = { ...old, ...fields, id };
      const next = {
        ...downstream,
        outputModelIds: unique(downstream.outputModelIds),
      };
      validateDownstream(next);
      return {
        state: { ...s, downstreams: replace(s.downstreams, next) },
        result: (snap) => findDownstream(snap, id),
      };
    });
  }

  deleteDownstream(id: string): Promise<void> {
    return this.#mutate((s) => {
      getDownstream(s, id);
      const rules = s.rules.map((rule): Rule => {
        if (!rule.matchDownstreams.includes(id)) return rule;
        const matchDownstreams = rule.matchDownstreams.filter((d) => d !== id);
        // An emptied list would mean "any downstream": disable instead of broadening.
        return matchDownstreams.length === 0
          ? { ...rule, matchDownstreams, isEnabled: false }
          : { ...rule, matchDownstreams };
      });
      const aliases = s.aliases.filter((a) => a.downstreamId !== id);
      return {
        state: {
          ...s,
          downstreams: s.downstreams.filter((d) => d.id !== id),
          rules,
          aliases,
          aliasOrigins: keepOrigins(s.aliasOrigins, aliases),
        },
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
        state: { ...s, downstreams: replace(s.downstreams, next) },
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
        state: { ...s, downstreams: replace(s.downstreams, next) },
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
        result: (snap) => findById(snap.rules, rule.id, "Rule"),
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
        state: { ...s, rules: replace(s.rules, rule) },
        result: (snap) => findById(snap.rules, id, "Rule"),
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
        result: (snap) => findById(snap.aliases, alias.id, "Alias"),
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
        result: (snap) => findById(snap.aliases, id, "Alias"),
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
        result: (snap) => findById(snap.aliases, id, "Alias"),
      };
    });
  }

  reorderAliasGroups(inputModelIds: readonly string[]): Promise<void> {
    return this.#mutate((s) => {
      const groups = [...new Set(s.aliases.map((a) => a.inputModelId))];
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
      // Unlisted groups keep their relative order, after the listed ones.
      const order = [...inputModelIds, ...groups.filter((g) => !listed.has(g))];
      const position = new Map(order.map((group, index) => [group, index]));
      const aliases = s.aliases.map((a) => ({
        ...a,
        groupOrder: position.get(a.inputModelId) ?? a.groupOrder,
      }));
      return {
        state: { ...s, aliases: sortAliases(aliases) },
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
  return findById(snapshot.downstreams, id, "Downstream");
}

function getById<T extends { id: string }>(
  items: readonly T[],
  id: string,
  kind: string,
): T {
  const item = items.find((i) => i.id === id);
  if (item === undefined) throw new NotFoundError(`${kind} "${id}" not found`);
  return item;
}

const findById = getById;

function replace<T extends { id: string }>(items: readonly T[], next: T): T[] {
  return items.map((item) => item.id === next.id ? next : item);
}

/** Puts `alias` in (replacing one with its id) and deactivates the rest of its group when active. */
function withAlias(aliases: readonly Alias[], alias: Alias): Alias[] {
  const others = aliases.filter((a) => a.id !== alias.id).map((a) =>
    alias.isActive && a.isActive && a.inputModelId === alias.inputModelId
      ? { ...a, isActive: false }
      : a
  );
  return sortAliases([...others, alias]);
}

function keepOrigins(
  origins: StoreState["aliasOrigins"],
  aliases: readonly Alias[],
): StoreState["aliasOrigins"] {
  const ids = new Set(aliases.map((a) => a.id));
  return new Map([...origins].filter(([id]) => ids.has(id)));
}

function downstreamIds(state: StoreState): Set<string> {
  return new Set(state.downstreams.map((d) => d.id));
}

function unique(values: readonly string[]): string[] {
  return [...new Set(values)];
}

/** The patch without keys whose value is `undefined` (absent means "keep"). */
function defined<T extends object>(
  patch: T,
): { -readonly [K in keyof T]?: T[K] } {
  const out: { -readonly [K in keyof T]?: T[K] } = {};
  for (const key of Object.keys(patch) as (keyof T)[]) {
    if (patch[key] !== undefined) out[key] = patch[key];
  }
  return out;
}

/** Replaces masked keys (`***-123`, as the admin API shows them) with the stored key they stand for. */
function unmaskKeys(
  keys: readonly string[],
  stored: readonly string[],
): string[] {
  return keys.map((key, index) => {
    if (!key.startsWith("***")) return key;
    const match = stored.find((s) => maskKey(s) === key);
    if (match === undefined) {
      throw new ValidationError(
        `proxy_api_keys[${index}]`,
        "masked key matches no stored key",
      );
    }
    return match;
  });
}
