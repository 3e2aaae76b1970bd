/**
 * Writing the state back into the user's YAML Document, keeping comments and key order:
 * scalars are changed in place, list items are matched by id and their maps updated in place,
 * removed items are deleted and new ones appended. Plus the atomic file write.
 *
 * @module
 */
import { basename, dirname, join } from "node:path";
import {
  type Document,
  isMap,
  isNode,
  isScalar,
  isSeq,
  type Node,
  type Pair,
  YAMLMap,
} from "yaml";
import { keyOf } from "./config_file.ts";
import { DEFAULT_SETTINGS } from "./defaults.ts";
import { aliasSchema, downstreamSchema, ruleSchema } from "./schemas.ts";
import {
  fromAlias,
  fromDownstream,
  fromRule,
  fromSettings,
} from "./records.ts";
import type { StoreState } from "./state.ts";

/** Values a YAML key may be left out for (the parser fills them in). */
const ENTITY_DEFAULTS = {
  downstreams: { api_formats: [], api_key: "", output_model_ids: [] },
  rules: {
    pattern_model: "",
    match_format: [],
    match_downstream_format: [],
    match_downstreams: [],
    is_enabled: true,
    pipeline_config: [],
  },
  aliases: { is_active: false, is_regex: false, failover: false },
} as const satisfies Record<string, Record<string, unknown>>;

const ENTITY_KEYS = {
  downstreams: new Set(Object.keys(downstreamSchema.shape)),
  rules: new Set(Object.keys(ruleSchema.shape)),
  aliases: new Set(Object.keys(aliasSchema.shape)),
} as const;

const LIST_KEYS = ["downstreams", "rules", "aliases"] as const;

/** Updates `doc` in place so that it holds the complete `state`. */
export function applyStateToDocument(doc: Document, state: StoreState): void {
  if (!isMap(doc.contents)) doc.contents = new YAMLMap();
  const root = doc.contents;
  if (!isMap(root)) throw new TypeError("Document root is not a map");

  const defaults: Record<string, unknown> = fromSettings(DEFAULT_SETTINGS);
  for (const [key, value] of Object.entries(fromSettings(state.settings))) {
    const pair = findPair(root, key);
    if (pair !== undefined) {
      updateValue(doc, pair, value);
    } else if (!isDeepEqual(value, defaults[key])) {
      // Before the entity lists, where a reader of the file looks for settings.
      const index = root.items.findIndex((p) =>
        (LIST_KEYS as readonly string[]).includes(keyOf(p.key))
      );
      const added = doc.createPair(key, styled(doc.createNode(value)));
      if (index === -1) root.items.push(added);
      else root.items.splice(index, 0, added);
    }
  }

  syncList(doc, root, "downstreams", state.downstreams.map(fromDownstream));
  syncList(doc, root, "rules", state.rules.map(fromRule));
  syncList(doc, root, "aliases", state.aliases.map(fromAlias));
}

function syncList(
  doc: Document,
  root: YAMLMap,
  key: (typeof LIST_KEYS)[number],
  items: readonly ({ id: string } & Record<string, unknown>)[],
): void {
  const defaults: Record<string, unknown> = ENTITY_DEFAULTS[key];
  const pair = findPair(root, key);
  const seq = pair?.value;
  if (!isSeq(seq)) {
    if (pair === undefined && items.length === 0) return;
    const node = styled(
      doc.createNode(items.map((item) => compact(item, defaults))),
    );
    if (pair === undefined) root.items.push(doc.createPair(key, node));
    else replaceValue(pair, node);
    return;
  }
  const wanted = new Map(items.map((item) => [item.id, item]));
  const present = new Map<string, YAMLMap>();
  seq.items = seq.items.filter((node) => {
    if (!isMap(node)) return false;
    const id = node.get("id");
    if (typeof id !== "string" || !wanted.has(id) || present.has(id)) {
      return false;
    }
    present.set(id, node);
    return true;
  });
  for (const item of items) {
    const node = present.get(item.id);
    if (node === undefined) {
      seq.items.push(styled(doc.createNode(compact(item, defaults))));
    } else {
      updateEntity(doc, node, item, defaults, ENTITY_KEYS[key]);
    }
  }
  // A flow list (`aliases: []`) would render appended maps inline.
  if (seq.items.length > 0) seq.flow = false;
}

function updateEntity(
  doc: Document,
  node: YAMLMap,
  item: { id: string } & Record<string, unknown>,
  defaults: Record<string, unknown>,
  known: ReadonlySet<string>,
): void {
  for (const [key, value] of Object.entries(item)) {
    const pair = findPair(node, key);
    if (pair !== undefined) {
      updateValue(doc, pair, value);
    } else if (!isDefault(key, value, item, defaults)) {
      node.items.push(styledPair(doc, key, value));
    }
  }
  // Known keys the state no longer has (e.g. a cleared max_output_tokens); unknown keys stay.
  node.items = node.items.filter((pair) => {
    const key = keyOf(pair.key);
    return !known.has(key) || Object.hasOwn(item, key);
  });
}

function isDefault(
  key: string,
  value: unknown,
  item: { id: string },
  defaults: Record<string, unknown>,
): boolean {
  if (key === "name") return value === item.id;
  return Object.hasOwn(defaults, key) && isDeepEqual(defaults[key], value);
}

function compact(
  item: { id: string } & Record<string, unknown>,
  defaults: Record<string, unknown>,
): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(item).filter(([key, value]) =>
      key === "name" || !isDefault(key, value, item, defaults)
    ),
  );
}

function updateValue(doc: Document, pair: Pair, value: unknown): void {
  const node = pair.value;
  if (isNode(node) && isDeepEqual(node.toJSON(), value)) return;
  if (isScalar(node) && isPrimitive(value)) {
    if (typeof node.value !== typeof value) node.type = undefined;
    node.value = value;
    return;
  }
  if (isMap(node) && isRecord(value)) {
    for (const [key, child] of Object.entries(value)) {
      const childPair = findPair(node, key);
      if (childPair !== undefined) updateValue(doc, childPair, child);
      else node.items.push(doc.createPair(key, likeSiblings(node, child, doc)));
    }
    node.items = node.items.filter((p) => Object.hasOwn(value, keyOf(p.key)));
    return;
  }
  const fresh = doc.createNode(value);
  if ((isSeq(node) || isMap(node)) && (isSeq(fresh) || isMap(fresh))) {
    fresh.flow = node.flow;
  } else {
    styled(fresh);
  }
  replaceValue(pair, fresh);
}

/** A new map entry's value, in flow style when its siblings' collections are. */
function likeSiblings(map: YAMLMap, value: unknown, doc: Document): Node {
  const fresh = doc.createNode(value);
  const flow = map.items.some((p) =>
    (isMap(p.value) || isSeq(p.value)) && p.value.flow === true
  );
  if (flow && (isMap(fresh) || isSeq(fresh))) fresh.flow = true;
  return fresh;
}

/** A new `key: value` pair, styled as {@link styled} styles it inside its map. */
function styledPair(doc: Document, key: string, value: unknown): Pair {
  const holder = styled(doc.createNode({ [key]: value }));
  if (!isMap(holder)) throw new TypeError("A created map is not a map");
  return holder.items[0];
}

function replaceValue(pair: Pair, fresh: Node): void {
  const old = pair.value;
  if (isNode(old)) {
    fresh.comment = old.comment;
    fresh.commentBefore = old.commentBefore;
    fresh.spaceBefore = old.spaceBefore;
  }
  pair.value = fresh;
}

/**
 * New nodes: lists of scalars, plugin config maps and model prices in flow style, like the
 * contract's examples.
 */
function styled<T extends Node>(node: T): T {
  if (isSeq(node)) {
    if (node.items.every((item) => isScalar(item))) node.flow = true;
    else for (const item of node.items) if (isNode(item)) styled(item);
  } else if (isMap(node)) {
    for (const pair of node.items) {
      if (!isNode(pair.value)) continue;
      if (keyOf(pair.key) === "config" && isMap(pair.value)) {
        pair.value.flow = true;
      } else if (keyOf(pair.key) === "prices" && isMap(pair.value)) {
        // One line per model, as the contract writes them.
        for (const price of pair.value.items) {
          if (isMap(price.value)) price.value.flow = true;
        }
      } else {
        styled(pair.value);
      }
    }
  }
  return node;
}

function findPair(map: YAMLMap, key: string): Pair | undefined {
  return map.items.find((pair) => keyOf(pair.key) === key);
}

function isPrimitive(value: unknown): value is string | number | boolean {
  return typeof value === "string" || typeof value === "number" ||
    typeof value === "boolean";
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** Structural equality of JSON-like values (key order ignored). */
export function isDeepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a)) {
    return Array.isArray(b) && a.length === b.length &&
      a.every((item, index) => isDeepEqual(item, b[index]));
  }
  if (isRecord(a) && isRecord(b)) {
    const keys = Object.keys(a).filter((key) => a[key] !== undefined);
    const otherKeys = Object.keys(b).filter((key) => b[key] !== undefined);
    return keys.length === otherKeys.length &&
      keys.every((key) => isDeepEqual(a[key], b[key]));
  }
  return false;
}

/**
 * The Document as text: flow lists written like the contract's examples (`[openai]`), and long
 * values (URLs, names) never folded over several lines.
 */
export function renderDocument(doc: Document): string {
  return doc.toString({ flowCollectionPadding: false, lineWidth: 0 });
}

/** Test hooks of {@link writeFileAtomic}. */
export interface WriteFileAtomicOptions {
  /** Called after the temp file is written and synced, before the rename. */
  beforeRename?: (tempPath: string) => void | Promise<void>;
}

/**
 * Replaces `path` with `text` atomically: a temp file in the same folder is written, synced
 * and renamed over the target, so readers see the old or the new content, never a mix. The
 * temp file is removed when anything fails. A new file gets mode 0600; an existing one keeps its mode.
 */
export async function writeFileAtomic(
  path: string,
  text: string,
  options: WriteFileAtomicOptions = {},
): Promise<void> {
  let mode = 0o600;
  try {
    const info = await Deno.stat(path);
    if (info.mode !== null) mode = info.mode & 0o777;
  } catch (error) {
    if (!(error instanceof Deno.errors.NotFound)) throw error;
  }
  const tempPath = join(
    dirname(path),
    `.${basename(path)}.${crypto.randomUUID().slice(0, 8)}.tmp`,
  );
  try {
    const file = await Deno.open(tempPath, {
      write: true,
      createNew: true,
      mode,
    });
    try {
      const bytes = new TextEncoder().encode(text);
      let written = 0;
      while (written < bytes.length) {
        written += await file.write(bytes.subarray(written));
      }
      await file.sync();
    } finally {
      file.close();
    }
    await options.beforeRename?.(tempPath);
    await Deno.rename(tempPath, path);
  } catch (error) {
    await Deno.remove(tempPath).catch((removeError) => {
      if (!(removeError instanceof Deno.errors.NotFound)) throw removeError;
    });
    throw error;
  }
}

/** Whether `name` is one of {@link writeFileAtomic}'s temp files for `target` (a file name). */
export function isTempFileOf(name: string, target: string): boolean {
  const prefix = `.${target}.`;
  return name.startsWith(prefix) && name.endsWith(".tmp") &&
    /^[0-9a-f]{8}$/.test(name.slice(prefix.length, -".tmp".length));
}

/**
 * Removes the temp files a write-back of `path` left behind when the process was killed between
 * writing and renaming (`.NAME.XXXXXXXX.tmp` beside it; nothing else is touched). Resolves with
 * the names removed.
 */
export async function removeStaleTempFiles(path: string): Promise<string[]> {
  const dir = dirname(path);
  const target = basename(path);
  const removed: string[] = [];
  try {
    for await (const entry of Deno.readDir(dir)) {
      if (!entry.isFile || !isTempFileOf(entry.name, target)) continue;
      try {
        await Deno.remove(join(dir, entry.name));
        removed.push(entry.name);
      } catch (error) {
        if (!(error instanceof Deno.errors.NotFound)) throw error;
      }
    }
  } catch (error) {
    // A config folder that does not exist yet has nothing to clean.
    if (!(error instanceof Deno.errors.NotFound)) throw error;
  }
  return removed.sort();
}
