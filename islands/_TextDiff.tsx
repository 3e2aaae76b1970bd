/**
 * A line diff of two texts (two answers' SSE text): runs of shared lines folded to a count,
 * lines only one side has marked `-` or `+`.
 *
 * @module
 */
import type { JSX } from "preact";
import { useMemo } from "preact/hooks";
import { diffLines } from "./_text_diff.ts";

/** Shared lines shown around a change; longer shared runs are folded. */
const CONTEXT = 2;

/** The diff from `left` to `right`. */
export function TextDiff(
  { left, right }: { readonly left: string; readonly right: string },
): JSX.Element {
  const runs = useMemo(() => diffLines(left, right), [left, right]);
  if (runs.every((run) => run.kind === "same")) {
    return <p class="muted">No differences.</p>;
  }
  return (
    <pre class="text-diff">
      {runs.map((run, i) => {
        if (run.kind !== "same") {
          const sign = run.kind === "added" ? "+" : "-";
          return run.lines.map((line, j) => (
            <span key={`${i}-${j}`} class={`diff-${run.kind}-line`}>
              {sign} {line}
              {"\n"}
            </span>
          ));
        }
        const lines = run.lines;
        if (lines.length <= 2 * CONTEXT + 1) {
          return lines.map((line) => `  ${line}\n`).join("");
        }
        return `${lines.slice(0, CONTEXT).map((l) => `  ${l}\n`).join("")}  … ${
          lines.length - 2 * CONTEXT
        } lines the same\n${
          lines.slice(-CONTEXT).map((l) => `  ${l}\n`).join("")
        }`;
      })}
    </pre>
  );
}
