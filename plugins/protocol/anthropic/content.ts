/**
 * Content pieces both OpenAI-style → Anthropic request converters (`openai2anthropic`,
 * `responses2anthropic`) build the same way: tool ids, image sources, data URIs and tool-call
 * arguments. Each rejects bad input with a 400 naming its path.
 *
 * @module
 */
import type * as anthropic from "./types.ts";
import { fail, isRecord } from "../json_reader.ts";

const DATA_URI_REGEXP = /^data:([^;,]+)(?:;[^,]*)?;base64,(.*)$/s;
const TOOL_ID_INVALID_REGEXP = /[^a-zA-Z0-9_-]/g;

/** Anthropic tool ids must match `^[a-zA-Z0-9_-]+$`; other providers' ids may not. */
export function toToolId(id: string): string {
  const clean = id.replace(TOOL_ID_INVALID_REGEXP, "_");
  return clean === "" ? "_" : clean;
}

/** A base64 data URI's media type and data, or undefined when `url` is not one. */
export function parseDataUri(
  url: string,
): { mediaType: string; data: string } | undefined {
  const match = DATA_URI_REGEXP.exec(url);
  return match ? { mediaType: match[1], data: match[2] } : undefined;
}

/** An image URL (base64 data URI or http(s)) as an Anthropic image source. */
export function toImageSource(
  url: string,
  path: string,
): anthropic.ImageSource {
  const data = parseDataUri(url);
  if (data) {
    return { type: "base64", media_type: data.mediaType, data: data.data };
  }
  if (url.startsWith("https://") || url.startsWith("http://")) {
    return { type: "url", url };
  }
  return fail(path, "expected a base64 data URI or an http(s) URL");
}

/** Tool-call arguments (a JSON object as a string; blank means none) as `tool_use` input. */
export function parseToolArguments(
  args: string,
  path: string,
): Record<string, unknown> {
  if (args.trim() === "") return {};
  let value: unknown;
  try {
    value = JSON.parse(args);
  } catch (err) {
    if (!(err instanceof SyntaxError)) throw err;
    return fail(path, "not valid JSON");
  }
  if (!isRecord(value)) return fail(path, "expected a JSON object");
  return value;
}

/**
 * Message content as blocks: a string is one text block (none when empty); each part becomes
 * the block `toBlock` makes of it, in order (a part it makes none of is left out).
 */
export function toContentBlocks<Part>(
  content: string | readonly Part[],
  toBlock: (part: Part, index: number) => anthropic.ContentBlock | undefined,
): anthropic.ContentBlock[] {
  if (typeof content === "string") {
    return content === "" ? [] : [{ type: "text", text: content }];
  }
  const blocks: anthropic.ContentBlock[] = [];
  content.forEach((part, i) => {
    const block = toBlock(part, i);
    if (block !== undefined) blocks.push(block);
  });
  return blocks;
}
