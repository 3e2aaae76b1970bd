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
  // One tokenizer call over the joined text is much cheaper than one per fragment.
  return fixed + countTokens(texts.join("\n"));
}
