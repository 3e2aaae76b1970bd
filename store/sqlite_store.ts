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
 * External edits (issue 16): the store knows the content hash of what it last wrote or read.
 * `reload()` applies the file when its hash differs (`reload.ts`), so the store's own
 * write-backs never count as edits. Every mutation first applies an edit still pending on disk
 * (or refuses, while the file holds an invalid one), and checks again just before its rename
 * that the file is still the one it merged: an edit is never overwritten.
 *
 * @module
 */
import type { DatabaseSync } from "node:sqlite";
import type { Document } from "yaml";
import { saveState } from "./rows.ts";
import { ConfigError, ConflictError } from "./errors.ts";
import { contentHash, planReload } from "./reload.ts";
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
  ReloadOutcome,
  RoutingSnapshot,
  Rule,
  RulePatch,
  Settings,
  SettingsPatch,
  Store,
} from "./types.ts";
import { applyStateToDocument, renderDocument } from "./write_back.ts";

/** Writes the config file; `beforeRename` runs once the new text is ready to replace it. */
export type ConfigWriter = (
  path: string,
  text: string,
  options?: { beforeRename?: () => Promise<void> },
) => Promise<void>;

/** What {@link SqliteStore} is built from. */
export interface StoreParts {
  db: DatabaseSync;
  doc: Document;
  state: StoreState;
  configPath: string;
  databasePath: string;
  writeFile: ConfigWriter;
  /** The content hash of the config file as read on start. */
  fileHash: string;
}

/** The store over one SQLite connection and one YAML Document. */
export class SqliteStore implements Store {
  readonly configPath: string;
  readonly databasePath: string;
  readonly #db: DatabaseSync;
  readonly #writeFile: ConfigWriter;
  readonly #listeners = new Set<(snapshot: RoutingSnapshot) => void>();
  #doc: Document;
  #state: StoreState;
  #snapshot: RoutingSnapshot;
  #queue: Promise<unknown> = Promise.resolve();
  #closed = false;
  /** The content hash of what the file held when the store last wrote or read it. */
  #fileHash: string;
  #configError: string | undefined;

  constructor(parts: StoreParts) {
    this.#db = parts.db;
    this.#doc = parts.doc;
    this.#state = parts.state;
    this.configPath = parts.configPath;
    this.databasePath = parts.databasePath;
    this.#writeFile = parts.writeFile;
    this.#fileHash = parts.fileHash;
    this.#snapshot = createSnapshot(parts.state, 1);
  }

  get configError(): string | undefined {
    return this.#configError;
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
      const text = renderDocument(doc);
      await this.#writeFile(this.configPath, text);
      this.#fileHash = await contentHash(text);
      this.#doc = doc;
    });
  }

  reload(): Promise<ReloadOutcome> {
    return this.#enqueue(() => this.#sync());
  }

  /** Applies the file on disk when it is not what the store last wrote or read. */
  async #sync(): Promise<ReloadOutcome> {
    let text: string;
    try {
      text = await Deno.readTextFile(this.configPath);
    } catch (error) {
      if (!(error instanceof Deno.errors.NotFound)) throw error;
      return { kind: "skipped", reason: "the config file is missing" };
    }
    const hash = await contentHash(text);
    if (hash === this.#fileHash) {
      this.#configError = undefined;
      return { kind: "unchanged" };
    }
    // An editor truncates before it writes: an empty file is never an edit to apply.
    if (text.trim() === "") {
      return { kind: "skipped", reason: "the config file is empty" };
    }
    let plan: ReturnType<typeof planReload>;
    try {
      plan = planReload(this.#state, text, this.configPath);
    } catch (error) {
      if (!(error instanceof ConfigError)) throw error;
      this.#configError = error.message;
      return { kind: "invalid", error: error.message };
    }
    const db = this.#db;
    db.exec("BEGIN IMMEDIATE");
    try {
      saveState(db, this.#state, plan.state);
      db.exec("COMMIT");
    } catch (error) {
      if (db.isTransaction) db.exec("ROLLBACK");
      throw error;
    }
    // Not written back now (the editor may still hold the file): the next write-back adds
    // what the file lacks, as on start.
    this.#doc = plan.doc;
    this.#fileHash = hash;
    this.#configError = undefined;
    this.#publish(plan.state);
    return {
      kind: "applied",
      warnings: plan.warnings,
      restartNeeded: plan.restartNeeded,
    };
  }

  /** Throws `ConflictError` when the file changed since the store last read or wrote it. */
  async #assertFileUnchanged(): Promise<void> {
    let text: string;
    try {
      text = await Deno.readTextFile(this.configPath);
    } catch (error) {
      // Gone meanwhile: the write-back makes it again.
      if (error instanceof Deno.errors.NotFound) return;
      throw error;
    }
    if (await contentHash(text) !== this.#fileHash) {
      throw new ConflictError(
        "Cannot save: the config file changed on disk while saving; its edit is applied next, try again",
      );
    }
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
      // An edit on disk goes first, so the write-back below keeps it.
      const synced = await this.#sync();
      if (synced.kind === "invalid") {
        throw new ConflictError(
          `Cannot save: the config file has an invalid edit (${synced.error}): fix or revert it first`,
        );
      }
      const before = this.#state;
      const { state, result } = change(before);
      const doc = this.#doc.clone();
      applyStateToDocument(doc, state);
      const text = renderDocument(doc);
      const db = this.#db;
      db.exec("BEGIN IMMEDIATE");
      try {
        saveState(db, before, state);
        await this.#writeFile(this.configPath, text, {
          beforeRename: () => this.#assertFileUnchanged(),
        });
        db.exec("COMMIT");
      } catch (error) {
        if (db.isTransaction) db.exec("ROLLBACK");
        throw error;
      }
      this.#fileHash = await contentHash(text);
      this.#doc = doc;
      this.#publish(state);
      return result(this.#snapshot);
    });
  }

  /** Makes `state` current and tells the listeners. */
  #publish(state: StoreState): void {
    this.#state = state;
    this.#snapshot = createSnapshot(state, this.#snapshot.version + 1);
    this.#notify();
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
