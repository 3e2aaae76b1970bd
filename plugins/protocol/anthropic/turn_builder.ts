/**
 * {@link TurnBuilder}: collects Anthropic conversation turns, merging consecutive same-role
 * content so roles alternate as the Messages API requires.
 *
 * @module
 */
import type * as anthropic from "./types.ts";

/** Collects content blocks into alternating user and assistant turns. */
export class TurnBuilder {
  #turns: {
    role: anthropic.Message["role"];
    blocks: anthropic.ContentBlock[];
  }[] = [];

  /** Whether no turn has been pushed yet. */
  get empty(): boolean {
    return this.#turns.length === 0;
  }

  /** Appends `blocks` to the last turn when it has the same role, else starts a turn. */
  push(
    role: anthropic.Message["role"],
    blocks: readonly anthropic.ContentBlock[],
  ): void {
    if (blocks.length === 0) return;
    const last = this.#turns.at(-1);
    if (last && last.role === role) last.blocks.push(...blocks);
    else this.#turns.push({ role, blocks: [...blocks] });
  }

  /** The turns as messages; a turn of one plain text block becomes a string. */
  toMessages(): anthropic.Message[] {
    return this.#turns.map(({ role, blocks }): anthropic.Message => {
      const only = blocks[0];
      if (
        blocks.length === 1 && only.type === "text" &&
        only.cache_control === undefined
      ) {
        return { role, content: only.text };
      }
      return { role, content: blocks };
    });
  }
}
