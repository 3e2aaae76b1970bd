/**
 * The {@link Store} implementation: serialises mutations (the pure changes of `changes.ts`),
 * commits each to SQLite in one transaction, writes the YAML back, and publishes a new routing
 * snapshot.
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
import { saveState } from "./rows.ts";
import * as changes from "./changes.ts";
import type { Change } from "./changes.ts";
import { createSnapshot } from "./snapshot.ts";
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
    return this.#mutate((s) => changes.createDownstream(s, input));
  }

  updateDownstream(id: string, patch: DownstreamPatch): Promise<Downstream> {
    return this.#mutate((s) => changes.updateDownstream(s, id, patch));
  }

  deleteDownstream(id: string): Promise<void> {
    return this.#mutate((s) => changes.deleteDownstream(s, id));
  }

  addModels(
    id: string,
    modelIds: readonly string[],
  ): Promise<{ downstream: Downstream; added: string[] }> {
    return this.#mutate((s) => changes.addModels(s, id, modelIds));
  }

  removeModel(id: string, modelId: string): Promise<Downstream> {
    return this.#mutate((s) => changes.removeModel(s, id, modelId));
  }

  createRule(input: Rule): Promise<Rule> {
    return this.#mutate((s) => changes.createRule(s, input));
  }

  updateRule(id: string, patch: RulePatch): Promise<Rule> {
    return this.#mutate((s) => changes.updateRule(s, id, patch));
  }

  deleteRule(id: string): Promise<void> {
    return this.#mutate((s) => changes.deleteRule(s, id));
  }

  createAlias(input: AliasInput): Promise<Alias> {
    return this.#mutate((s) => changes.createAlias(s, input));
  }

  updateAlias(id: string, patch: AliasPatch): Promise<Alias> {
    return this.#mutate((s) => changes.updateAlias(s, id, patch));
  }

  deleteAlias(id: string): Promise<void> {
    return this.#mutate((s) => changes.deleteAlias(s, id));
  }

  activateAlias(id: string): Promise<Alias> {
    return this.#mutate((s) => changes.activateAlias(s, id));
  }

  reorderAliasGroups(inputModelIds: readonly string[]): Promise<void> {
    return this.#mutate((s) => changes.reorderAliasGroups(s, inputModelIds));
  }

  updateSettings(patch: SettingsPatch): Promise<Settings> {
    return this.#mutate((s) => changes.updateSettings(s, patch));
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    await this.#queue;
    this.#db.close();
  }
}
