/**
 * A line diff of two texts (two streams' SSE text), from `diff` (jsdiff).
 *
 * @module
 */
import { diffLines as jsdiffLines } from "diff";

/** A run of lines both texts share, or that only one has. */
export interface LineRun {
  readonly kind: "same" | "removed" | "added";
  readonly lines: readonly string[];
}

/** The runs of lines from `left` to `right`. */
export function diffLines(left: string, right: string): LineRun[] {
  return jsdiffLines(left, right).map((part) => ({
    kind: part.removed ? "removed" : part.added ? "added" : "same",
    lines: part.value.replace(/\n$/, "").split("\n"),
  }));
}
