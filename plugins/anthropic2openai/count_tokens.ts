/**
 * A local estimate for `POST /v1/messages/count_tokens` when the downstream speaks OpenAI and
 * has no such endpoint (Claude Code calls it). Text is counted with the `o200k_base` tokenizer
 * of npm `gpt-tokenizer`; Claude's tokenizer differs, so the figure is an estimate. Images and
 * documents count a flat amount, since their pixel size is not decoded here.
 * https://docs.anthropic.com/en/api/messages-count-tokens
 *
 * The tokenizer's rank table costs ~180 ms and ~50 MB to load, so it is loaded on the first
 * count_tokens call ({@link loadTokenCounter}, through the library's own async resolver), never
 * at start-up.
 *
 * Counting is bounded ({@link countTokensBounded}): BPE costs grow with the square of a word's
 * length (a million-character `AAAA…` took minutes), so the text is counted in pieces whose
 * runs without a break are short, a few milliseconds of work at a time with the event loop
 * free in between, and past a total budget the rest is estimated from the rate counted so far.
 *
 * @module
 */
import { GptEncoding } from "gpt-tokenizer/GptEncoding";
import { resolveEncodingAsync } from "gpt-tokenizer/resolveEncodingAsync";
import type * as anthropic from "../protocol/anthropic/types.ts";

/** Tokens counted per image (Anthropic: about width × height / 750, ≤ 1600 after resizing). */
export const IMAGE_TOKENS = 1600;
/** Tokens counted per document block that is not plain text. */
export const DOCUMENT_TOKENS = 1600;
/** Per-message framing tokens. */
const MESSAGE_OVERHEAD = 4;
/** The tool-use system prompt Anthropic adds when tools are present. */
const TOOLS_OVERHEAD = 350;

/** Counts the tokens of a text. */
export type TokenCounter = (text: string) => number;

let counter: Promise<TokenCounter> | undefined;

/** The `o200k_base` token counter, loaded once on first use. */
export function loadTokenCounter(): Promise<TokenCounter> {
  counter ??= resolveEncodingAsync("o200k_base").then((ranks) => {
    const encoding = GptEncoding.getEncodingApi("o200k_base", () => ranks);
    return (text: string) => encoding.countTokens(text);
  });
  return counter;
}

/**
 * A rough count (one token per four characters): the default of {@link estimateInputTokens}, used
 * for a stream's `message_start`; the count_tokens answer uses {@link loadTokenCounter}.
 */
export function approximateTokens(text: string): number {
  return Math.ceil(text.length / 4);
}

/** Estimates the input tokens of a Messages or count_tokens request. */
export function estimateInputTokens(
  req: anthropic.CountTokensRequest,
  countTokens: TokenCounter = approximateTokens,
): number {
  const { text, fixed } = countedParts(req);
  // One tokenizer call over the joined text is much cheaper than one per fragment.
  return fixed + countTokens(text);
}

/** A count and whether all of it was counted by the tokenizer (else partly estimated). */
export interface BoundedCount {
  readonly tokens: number;
  readonly exact: boolean;
}

/** Limits of {@link countTokensBounded}. */
export interface CountBounds {
  /** Tokenizer work (ms) between two yields to the event loop. */
  readonly sliceMs?: number;
  /** Tokenizer work (ms) in all; the rest of the text is estimated. */
  readonly budgetMs?: number;
  /** Stops counting (the rest estimated) when aborted: the client went away. */
  readonly signal?: AbortSignal;
}

/** {@link estimateInputTokens} with the tokenizer, bounded as {@link countTokensBounded} is. */
export async function countInputTokens(
  req: anthropic.CountTokensRequest,
  countTokens: TokenCounter,
  bounds: CountBounds = {},
): Promise<BoundedCount> {
  const { text, fixed } = countedParts(req);
  const counted = await countTokensBounded(text, countTokens, bounds);
  return { tokens: fixed + counted.tokens, exact: counted.exact };
}

/** Pieces are cut at whitespace near this length (words stay whole, so counts barely move). */
const PIECE_CHARS = 4096;
/** Runs of this many characters without a break (or of breaks) are cut into pieces this long. */
const MAX_RUN_CHARS = 256;
const LONG_RUN_REGEXP = new RegExp(
  `\\S{${MAX_RUN_CHARS + 1}}|\\s{${MAX_RUN_CHARS + 1}}`,
  "g",
);
const WHITESPACE_REGEXP = /\s/;
const SLICE_MS = 4;
const BUDGET_MS = 250;

/** The next piece of `text` from `start`: at most {@link PIECE_CHARS}, no run over the bound. */
function pieceEnd(text: string, start: number, nextRun: number): number {
  if (nextRun === start) return start + MAX_RUN_CHARS;
  let end = Math.min(start + PIECE_CHARS, text.length, nextRun);
  if (end < text.length && end !== nextRun) {
    // Cut before a whitespace character, so the next piece starts as the tokenizer's next word.
    for (let i = end; i > start + PIECE_CHARS / 2; i--) {
      if (WHITESPACE_REGEXP.test(text[i])) {
        end = i;
        break;
      }
    }
  }
  return end;
}

/** Windows of the uncounted rest that the tokenizer samples once the budget is spent. */
const SAMPLE_WINDOWS = 32;

/**
 * Runs `step` until it says it is done or `budgetMs` of work is spent, yielding to the event
 * loop after each `sliceMs` of work. Returns whether `step` finished.
 */
async function inSlices(
  step: () => boolean,
  sliceMs: number,
  budgetMs = Infinity,
): Promise<boolean> {
  let spent = 0;
  for (;;) {
    const sliceStart = performance.now();
    let done: boolean;
    do done = step(); while (!done && performance.now() - sliceStart < sliceMs);
    spent += performance.now() - sliceStart;
    if (done) return true;
    if (spent >= budgetMs) return false;
    await new Promise((resolve) => setTimeout(resolve, 0));
  }
}

/**
 * Counts the tokens of `text` without holding the event loop for more than a few milliseconds
 * at a time: piece by piece (see {@link pieceEnd}), yielding after each `sliceMs` of work. Once
 * `budgetMs` of work is spent, the rest is estimated from {@link SAMPLE_WINDOWS} windows spread
 * over it (`exact: false`); when `signal` aborts, from the rate counted so far.
 */
export async function countTokensBounded(
  text: string,
  countTokens: TokenCounter,
  bounds: CountBounds = {},
): Promise<BoundedCount> {
  const sliceMs = bounds.sliceMs ?? SLICE_MS;
  const budgetMs = bounds.budgetMs ?? BUDGET_MS;
  const longRun = new RegExp(LONG_RUN_REGEXP);
  let nextRun = -1;
  let tokens = 0;
  let at = 0;
  await inSlices(
    () => {
      // Found once and kept until passed: a search from every piece would rescan the text.
      if (nextRun !== Infinity && nextRun < at) {
        longRun.lastIndex = at;
        nextRun = longRun.exec(text)?.index ?? Infinity;
      }
      const end = pieceEnd(text, at, nextRun);
      tokens += countTokens(text.slice(at, end));
      at = end;
      return at >= text.length || bounds.signal?.aborted === true;
    },
    sliceMs,
    budgetMs,
  );
  const rest = text.length - at;
  if (rest === 0) return { tokens, exact: true };
  if (bounds.signal?.aborted) {
    return {
      tokens: tokens + Math.ceil(rest * (at > 0 ? tokens / at : 0.25)),
      exact: false,
    };
  }
  const windows = Math.min(SAMPLE_WINDOWS, Math.ceil(rest / MAX_RUN_CHARS));
  let sampled = 0;
  let sampledTokens = 0;
  let window = 0;
  await inSlices(() => {
    const start = at + Math.floor((window * rest) / windows);
    const piece = text.slice(
      start,
      Math.min(start + MAX_RUN_CHARS, text.length),
    );
    sampledTokens += countTokens(piece);
    sampled += piece.length;
    return ++window >= windows;
  }, sliceMs);
  return {
    tokens: tokens + Math.ceil((rest * sampledTokens) / sampled),
    exact: false,
  };
}

/** The text a request's tokens are counted over, and the fixed amounts for the rest. */
function countedParts(
  req: anthropic.CountTokensRequest,
): { text: string; fixed: number } {
  const texts: string[] = [];
  let fixed = 0;
  if (typeof req.system === "string") texts.push(req.system);
  else for (const b of req.system ?? []) texts.push(b.text);
  const addBlock = (block: anthropic.ContentBlock): void => {
    switch (block.type) {
      case "text":
        texts.push(block.text);
        return;
      case "image":
        fixed += IMAGE_TOKENS;
        return;
      case "document":
        if (block.source.type === "text") texts.push(block.source.data);
        else fixed += DOCUMENT_TOKENS;
        return;
      case "tool_use":
        texts.push(block.name, JSON.stringify(block.input));
        return;
      case "tool_result":
        if (typeof block.content === "string") texts.push(block.content);
        else for (const inner of block.content ?? []) addBlock(inner);
        return;
      case "thinking":
        texts.push(block.thinking);
        return;
      default:
        // Redacted thinking and server tool content carry no text Tresor can read.
        return;
    }
  };
  for (const m of req.messages) {
    fixed += MESSAGE_OVERHEAD;
    if (typeof m.content === "string") texts.push(m.content);
    else for (const block of m.content) addBlock(block);
  }
  const tools = req.tools ?? [];
  if (tools.length > 0) fixed += TOOLS_OVERHEAD;
  for (const t of tools) {
    texts.push(t.name, t.description ?? "", JSON.stringify(t.input_schema));
  }
  return { text: texts.join("\n"), fixed };
}
