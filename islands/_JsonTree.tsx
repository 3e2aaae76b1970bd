/**
 * A collapsible JSON tree that stays responsive for large bodies: a node's children are made
 * only once it is opened (the first levels start open), long arrays and objects show their
 * members a page at a time, and long strings are cut until asked for in full.
 *
 * @module
 */
import type { JSX } from "preact";
import { useState } from "preact/hooks";
import type { JsonValue } from "../store/mod.ts";

/** Members rendered at a time. */
const PAGE = 100;
/** Characters of a string shown before "show all". */
const SHORT_STRING = 300;

/** Props of {@link JsonTree}. */
export interface JsonTreeProps {
  readonly value: JsonValue | undefined;
  /** Levels open at first (default 1: the top-level fields). */
  readonly openDepth?: number;
}

function StringValue({ text }: { readonly text: string }): JSX.Element {
  const [all, setAll] = useState(false);
  if (all || text.length <= SHORT_STRING) {
    return <span class="jt-string">{JSON.stringify(text)}</span>;
  }
  return (
    <span class="jt-string">
      {JSON.stringify(text.slice(0, SHORT_STRING))}…{" "}
      <button type="button" class="link" onClick={() => setAll(true)}>
        show all {text.length.toLocaleString("en")} characters
      </button>
    </span>
  );
}

function Scalar(
  { value }: { readonly value: JsonValue | undefined },
): JSX.Element {
  if (typeof value === "string") return <StringValue text={value} />;
  if (value === null || value === undefined) {
    return <span class="jt-null">null</span>;
  }
  return <span class={`jt-${typeof value}`}>{String(value)}</span>;
}

function JsonNode(
  props: {
    readonly name: string | undefined;
    readonly value: JsonValue | undefined;
    readonly depth: number;
    readonly openDepth: number;
  },
): JSX.Element {
  const { name, value, depth, openDepth } = props;
  const [open, setOpen] = useState(depth < openDepth);
  const [shown, setShown] = useState(PAGE);
  const key = name === undefined ? null : <span class="jt-key">{name}</span>;
  if (typeof value !== "object" || value === null) {
    return (
      <div class="jt-row">
        {key}
        {key && ": "}
        <Scalar value={value} />
      </div>
    );
  }
  const members: [string, JsonValue | undefined][] = Array.isArray(value)
    ? value.map((v, i) => [String(i), v])
    : Object.entries(value);
  const brackets = Array.isArray(value) ? "[]" : "{}";
  return (
    <div class="jt-node">
      <button
        type="button"
        class="jt-toggle"
        aria-expanded={open}
        onClick={() => setOpen(!open)}
      >
        {key ?? <span class="jt-key">body</span>}
        <span class="jt-meta">
          {brackets[0]}
          {members.length.toLocaleString("en")}
          {brackets[1]}
        </span>
      </button>
      {open && (
        <div class="jt-children">
          {members.slice(0, shown).map(([k, v]) => (
            <JsonNode
              key={k}
              name={k}
              value={v}
              depth={depth + 1}
              openDepth={openDepth}
            />
          ))}
          {members.length > shown && (
            <button
              type="button"
              class="link"
              onClick={() => setShown(shown + PAGE)}
            >
              Show {Math.min(PAGE, members.length - shown)} more of{" "}
              {members.length - shown}
            </button>
          )}
        </div>
      )}
    </div>
  );
}

/** The tree of `value`. */
export function JsonTree(
  { value, openDepth = 1 }: JsonTreeProps,
): JSX.Element {
  return (
    <div class="json-tree">
      <JsonNode
        name={undefined}
        value={value}
        depth={0}
        openDepth={openDepth}
      />
    </div>
  );
}

/** A body: a JSON tree (`openDepth` levels open), or text (SSE, a cut body) as it is. */
export function BodyView(
  { body, openDepth }: {
    readonly body: JsonValue | undefined;
    readonly openDepth?: number;
  },
): JSX.Element {
  if (body === null || body === undefined) {
    return <p class="muted">No body.</p>;
  }
  if (typeof body === "string") return <pre class="body-text">{body}</pre>;
  return <JsonTree value={body} openDepth={openDepth} />;
}
