/**
 * What changed between two JSON bodies, field by field, named the way a person reads a
 * translation: a field `renamed` (same place, new name), `moved` (its value now lives elsewhere),
 * `dropped`, `added`, or `changed` in place.
 *
 * `jsondiffpatch` makes the structural diff: it aligns array items by identity rather than by
 * position (see {@link identityOf}), so a system message inserted at the head of `messages`
 * shifts nothing. Its removals and additions are then paired when they carry the same value
 * (`input_schema` → `function.parameters`), and what is left is reported whole at the highest
 * level that changed, so a 100 KB request reads as a few dozen lines.
 *
 * @module
 */
import { create } from "jsondiffpatch";

/** How a field changed. */
export type ChangeKind = "renamed" | "moved" | "dropped" | "added" | "changed";

/** One change; paths read `messages[2].content`. */
export interface Change {
  readonly kind: ChangeKind;
  /** Where it was on the left (renamed, moved, dropped, changed). */
  readonly from?: string;
  /** Where it is on the right (renamed, moved, added, changed). */
  readonly to?: string;
  /** The value it had (dropped, changed). */
  readonly before?: unknown;
  /** The value it has (added, changed). */
  readonly after?: unknown;
}

type Path = readonly (string | number)[];

/** A removal or addition the structural diff reported. */
interface Piece {
  readonly path: Path;
  readonly value: unknown;
}

/** Shortest text an identity reads from a message (longer texts are cut to this). */
const IDENTITY_TEXT_CHARS = 200;
/** A key written as `.name` in a path; any other is written `["…"]`. */
const NAME_REGEXP = /^[A-Za-z_$][\w$-]*$/;
/** The top-level field a path starts with. */
const FIELD_REGEXP = /^[^.[]+/;
/** A string at least this long is matched wherever it moved; shorter ones only nearby. */
const DISTINCT_STRING_CHARS = 16;

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** The first text a message or block carries (`text`, `content`, in blocks too). */
function leadText(value: unknown, depth = 0): string | undefined {
  if (typeof value === "string") {
    return value === "" ? undefined : value.slice(0, IDENTITY_TEXT_CHARS);
  }
  if (depth > 3) return undefined;
  if (Array.isArray(value)) {
    for (const item of value) {
      const text = leadText(item, depth + 1);
      if (text !== undefined) return text;
    }
    return undefined;
  }
  if (!isObject(value)) return undefined;
  return leadText(value.text, depth + 1) ?? leadText(value.content, depth + 1);
}

/** The id a message's blocks or tool calls carry (a tool call, a tool result). */
function nestedId(value: Record<string, unknown>): string | undefined {
  for (const list of [value.content, value.tool_calls]) {
    if (!Array.isArray(list)) continue;
    for (const item of list) {
      if (!isObject(item)) continue;
      if (typeof item.tool_use_id === "string") {
        return `result:${item.tool_use_id}`;
      }
      if (typeof item.id === "string") return `id:${item.id}`;
    }
  }
  return undefined;
}

/**
 * What an array item is, across formats, for aligning arrays: an id (tool calls and their
 * results), a name (tools), the text it starts with (messages, blocks), else its position.
 */
export function identityOf(item: object, index?: number): string {
  const value: Record<string, unknown> = isObject(item) ? item : {};
  if (typeof value.id === "string") return `id:${value.id}`;
  if (typeof value.call_id === "string") return `id:${value.call_id}`;
  for (const key of ["tool_call_id", "tool_use_id"]) {
    if (typeof value[key] === "string") return `result:${value[key]}`;
  }
  const fn = value.function;
  const name = value.name ?? (isObject(fn) ? fn.name : undefined);
  if (typeof name === "string") return `name:${name}`;
  const text = leadText(value);
  if (text !== undefined) return `text:${text}`;
  return nestedId(value) ?? `index:${index}`;
}

const DIFFER = create({
  objectHash: identityOf,
  arrays: { detectMove: true, includeValueOnMove: false },
});

/** `messages[2].content` from its parts. */
export function formatPath(path: Path): string {
  let out = "";
  for (const part of path) {
    if (typeof part === "number") out += `[${part}]`;
    else if (NAME_REGEXP.test(part)) {
      out += out === "" ? part : `.${part}`;
    } else out += `[${JSON.stringify(part)}]`;
  }
  return out === "" ? "(body)" : out;
}

interface Raw {
  readonly removed: Piece[];
  /** Containers changed in place (to another type): what moved out of them is named too. */
  readonly replaced: Piece[];
  readonly added: Piece[];
  readonly changes: Change[];
}

/**
 * Where each kept item of an array sits on the left, by its index on the right: jsondiffpatch
 * keys an item's nested changes by its new index, and its removals by the old one.
 */
function leftIndexes(
  delta: Record<string, unknown>,
  leftLength: number,
): Map<number, number> {
  const gone = new Set<number>();
  const came = new Set<number>();
  const out = new Map<number, number>();
  for (const [key, child] of Object.entries(delta)) {
    if (key === "_t") continue;
    if (key.startsWith("_")) {
      const from = Number(key.slice(1));
      gone.add(from);
      if (Array.isArray(child) && child[2] === 3) {
        out.set(Number(child[1]), from);
        came.add(Number(child[1]));
      }
    } else if (Array.isArray(child) && child.length === 1) {
      came.add(Number(key));
    }
  }
  const kept = [...Array(leftLength).keys()].filter((i) => !gone.has(i));
  let next = 0;
  for (let right = 0; next < kept.length; right++) {
    if (!came.has(right)) out.set(right, kept[next++]);
  }
  return out;
}

/**
 * Walks a jsondiffpatch delta into removals (at their left path), additions (at their right
 * path) and in-place changes; `left` is the left value at this point.
 */
function walk(
  delta: unknown,
  left: unknown,
  at: { readonly from: Path; readonly to: Path },
  raw: Raw,
): void {
  const { from, to } = at;
  if (Array.isArray(delta)) {
    if (delta.length === 1) raw.added.push({ path: to, value: delta[0] });
    else if (delta.length === 2) {
      if (typeof delta[0] === "object" && delta[0] !== null) {
        raw.replaced.push({ path: from, value: delta[0] });
      }
      raw.changes.push({
        kind: "changed",
        from: formatPath(from),
        to: formatPath(to),
        before: delta[0],
        after: delta[1],
      });
    } else if (delta[2] === 0) {
      raw.removed.push({ path: from, value: delta[0] });
    }
    return;
  }
  if (!isObject(delta)) return;
  if (delta._t !== "a") {
    const object = isObject(left) ? left : {};
    for (const [key, child] of Object.entries(delta)) {
      walk(child, object[key], { from: [...from, key], to: [...to, key] }, raw);
    }
    return;
  }
  const list = Array.isArray(left) ? left : [];
  const lefts = leftIndexes(delta, list.length);
  for (const [key, child] of Object.entries(delta)) {
    if (key === "_t") continue;
    if (!key.startsWith("_")) {
      const right = Number(key);
      const index = lefts.get(right) ?? right;
      walk(child, list[index], {
        from: [...from, index],
        to: [...to, right],
      }, raw);
      continue;
    }
    const index = Number(key.slice(1));
    if (Array.isArray(child) && child[2] === 3) {
      raw.changes.push({
        kind: "moved",
        from: formatPath([...from, index]),
        to: formatPath([...to, Number(child[1])]),
      });
    } else walk(child, list[index], { from: [...from, index], to }, raw);
  }
}

/** A removed value and its sub-values, each one a candidate for what an addition carries. */
interface Candidate {
  readonly path: Path;
  readonly value: unknown;
  used: boolean;
}

function eachNode(
  value: unknown,
  path: Path,
  visit: (path: Path, value: unknown) => void,
): void {
  visit(path, value);
  if (Array.isArray(value)) {
    value.forEach((v, i) => eachNode(v, [...path, i], visit));
  } else if (isObject(value)) {
    for (const [k, v] of Object.entries(value)) {
      eachNode(v, [...path, k], visit);
    }
  }
}

function commonPrefix(a: Path, b: Path): number {
  let n = 0;
  while (n < a.length && n < b.length && a[n] === b[n]) n++;
  return n;
}

function sameParent(a: Path, b: Path): boolean {
  return a.length === b.length && commonPrefix(a, b) === a.length - 1;
}

/** Whether a value found at `from` may be what now sits at `to` (see the module doc). */
function mayPair(from: Path, to: Path, value: unknown): boolean {
  if (sameParent(from, to)) return true;
  if (typeof value === "object" && value !== null) return true;
  if (typeof value === "string" && value.length >= DISTINCT_STRING_CHARS) {
    return true;
  }
  return commonPrefix(from, to) > 0;
}

function isWithin(inner: Path, outer: Path): boolean {
  return inner.length >= outer.length &&
    commonPrefix(inner, outer) === outer.length;
}

/** Pairs additions with removed values, and reports what is left whole (see the module doc). */
function pair(raw: Raw): Change[] {
  const byHash = new Map<string, Candidate[]>();
  for (const source of [...raw.removed, ...raw.replaced]) {
    eachNode(source.value, source.path, (path, value) => {
      const key = JSON.stringify(value);
      const list = byHash.get(key) ?? [];
      list.push({ path, value, used: false });
      byHash.set(key, list);
    });
  }
  const used: Path[] = [];
  const changes: Change[] = [];
  const take = (to: Path, value: unknown): boolean => {
    const candidates = (byHash.get(JSON.stringify(value)) ?? []).filter((c) =>
      !c.used && !used.some((u) =>
        isWithin(c.path, u) || isWithin(u, c.path)
      ) &&
      mayPair(c.path, to, value)
    );
    if (candidates.length === 0) return false;
    const best = candidates.reduce((a, b) =>
      commonPrefix(b.path, to) > commonPrefix(a.path, to) ? b : a
    );
    best.used = true;
    used.push(best.path);
    changes.push({
      kind: sameParent(best.path, to) ? "renamed" : "moved",
      from: formatPath(best.path),
      to: formatPath(to),
    });
    return true;
  };
  const place = (to: Path, value: unknown): boolean => {
    if (take(to, value)) return true;
    const children: [Path, unknown][] = Array.isArray(value)
      ? value.map((v, i) => [[...to, i], v])
      : isObject(value)
      ? Object.entries(value).map(([k, v]) => [[...to, k], v])
      : [];
    const placed = children.map(([path, v]) => ({
      path,
      v,
      hit: place(path, v),
    }));
    if (!placed.some((p) => p.hit)) return false;
    for (const p of placed.filter((p) => !p.hit)) {
      changes.push({ kind: "added", to: formatPath(p.path), after: p.v });
    }
    return true;
  };
  const bySize = [...raw.added].sort((a, b) =>
    JSON.stringify(b.value).length - JSON.stringify(a.value).length
  );
  for (const added of bySize) {
    if (!place(added.path, added.value)) {
      changes.push({
        kind: "added",
        to: formatPath(added.path),
        after: added.value,
      });
    }
  }
  for (const removed of raw.removed) {
    dropRest(removed.path, removed.value, used, changes);
  }
  return changes;
}

/** Reports what of a removed value no addition took: whole where nothing inside was taken. */
function dropRest(
  path: Path,
  value: unknown,
  used: readonly Path[],
  changes: Change[],
): void {
  if (used.some((u) => isWithin(path, u))) return;
  if (!used.some((u) => isWithin(u, path))) {
    changes.push({ kind: "dropped", from: formatPath(path), before: value });
    return;
  }
  if (Array.isArray(value)) {
    value.forEach((v, i) => dropRest([...path, i], v, used, changes));
  } else if (isObject(value)) {
    for (const [k, v] of Object.entries(value)) {
      dropRest([...path, k], v, used, changes);
    }
  }
}

/** Where a change is, for sorting and grouping: its left path, else its right. */
export function placeOf(change: Change): string {
  return change.from ?? change.to ?? "";
}

/** The changes from `left` to `right`, in path order. */
export function diffJson(left: unknown, right: unknown): Change[] {
  const raw: Raw = { removed: [], replaced: [], added: [], changes: [] };
  walk(DIFFER.diff(left, right), left, { from: [], to: [] }, raw);
  return [...raw.changes, ...pair(raw)].sort((a, b) =>
    placeOf(a).localeCompare(placeOf(b), "en", { numeric: true })
  );
}

/** Changes grouped by the top-level field they are under, in order. */
export function groupChanges(
  changes: readonly Change[],
): { readonly field: string; readonly changes: readonly Change[] }[] {
  const groups = new Map<string, Change[]>();
  for (const change of changes) {
    const field = FIELD_REGEXP.exec(placeOf(change))?.[0] ?? "(body)";
    const list = groups.get(field) ?? [];
    list.push(change);
    groups.set(field, list);
  }
  return [...groups].map(([field, list]) => ({ field, changes: list }));
}
