/**
 * The inspector's diff of two JSON bodies (`_json_diff.ts`): a count per kind, then the changes
 * grouped by top-level field (small groups open), the same change repeated over array items
 * (`tools[*].name → tools[*].function.name`) shown once with its count.
 *
 * @module
 */
import type { JSX } from "preact";
import { useMemo } from "preact/hooks";
import type { JsonValue } from "../store/mod.ts";
import {
  type Change,
  type ChangeKind,
  diffJson,
  groupChanges,
} from "./_json_diff.ts";

/** Groups with at most this many lines start open. */
const OPEN_GROUP_LINES = 10;
/** Characters of a value shown in a line (the rest in its tooltip). */
const VALUE_CHARS = 80;
const TOOLTIP_CHARS = 2000;
const KINDS: readonly ChangeKind[] = [
  "renamed",
  "moved",
  "dropped",
  "added",
  "changed",
];

/** A change with the array indexes of its paths taken out, and the changes that share it. */
interface Line {
  readonly change: Change;
  readonly count: number;
}

const INDEX_REGEXP = /\[\d+\]/g;

/** A path with its array indexes as `[*]`. */
function pattern(path: string | undefined): string | undefined {
  return path?.replace(INDEX_REGEXP, "[*]");
}

/** Repeats of one change over array items, as one line. */
export function collapseRepeats(changes: readonly Change[]): Line[] {
  const lines = new Map<string, { change: Change; count: number }>();
  for (const change of changes) {
    const key = `${change.kind} ${pattern(change.from)} ${pattern(change.to)}`;
    const line = lines.get(key);
    if (line) line.count++;
    else lines.set(key, { change, count: 1 });
  }
  return [...lines.values()].map(({ change, count }) =>
    count === 1 ? { change, count } : {
      change: {
        kind: change.kind,
        from: pattern(change.from),
        to: pattern(change.to),
      },
      count,
    }
  );
}

function Value({ value }: { readonly value: unknown }): JSX.Element {
  const text = value === undefined ? "" : JSON.stringify(value) ?? "";
  return (
    <code class="diff-value" title={text.slice(0, TOOLTIP_CHARS)}>
      {text.length > VALUE_CHARS ? `${text.slice(0, VALUE_CHARS)}…` : text}
    </code>
  );
}

function DiffLine({ line }: { readonly line: Line }): JSX.Element {
  const { change, count } = line;
  const { kind } = change;
  return (
    <li class="diff-line" data-kind={kind}>
      <span class={`diff-kind diff-${kind}`}>{kind}</span>
      {change.from !== undefined && <code>{change.from}</code>}
      {(kind === "renamed" || kind === "moved") && (
        <span aria-hidden="true">→</span>
      )}
      {change.to !== undefined && kind !== "changed" && <code>{change.to}
      </code>}
      {count > 1 && <span class="muted">×{count}</span>}
      {kind === "dropped" && <Value value={change.before} />}
      {kind === "added" && <Value value={change.after} />}
      {kind === "changed" && count === 1 && (
        <>
          <Value value={change.before} />
          <span aria-hidden="true">→</span>
          <Value value={change.after} />
        </>
      )}
    </li>
  );
}

/** The diff from `left` to `right`. */
export function JsonDiff(
  props: { readonly left: JsonValue; readonly right: JsonValue },
): JSX.Element {
  const { left, right } = props;
  const changes = useMemo(() => diffJson(left, right), [left, right]);
  if (changes.length === 0) return <p class="muted">No differences.</p>;
  const groups = groupChanges(changes);
  return (
    <div class="json-diff">
      <p class="diff-counts">
        {KINDS.map((kind) => {
          const n = changes.filter((c) => c.kind === kind).length;
          return n === 0
            ? null
            : (
              <span key={kind} class={`diff-kind diff-${kind}`}>
                {n} {kind}
              </span>
            );
        })}
      </p>
      {groups.map((group) => {
        const lines = collapseRepeats(group.changes);
        return (
          <details
            key={group.field}
            class="diff-group"
            open={lines.length <= OPEN_GROUP_LINES}
          >
            <summary>
              <code>{group.field}</code>{" "}
              <span class="muted">
                {group.changes.length}{" "}
                change{group.changes.length === 1 ? "" : "s"}
              </span>
            </summary>
            <ul class="diff-lines">
              {lines.map((line, i) => <DiffLine key={i} line={line} />)}
            </ul>
          </details>
        );
      })}
    </div>
  );
}
