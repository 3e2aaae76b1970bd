/**
 * A stream's chunks read with {@link parseChunk}'s exact result but, for the common chunk, without
 * `JSON.parse`: a content (or reasoning) delta whose text differs from the previous such chunk's
 * only inside that one string. Parsing every chunk was the largest share of a translated
 * stream's CPU, and a provider's content chunks are one template (same id, model, fields and
 * order) around the text.
 *
 * The template is learnt from a chunk that went through `parseChunk`: the raw text is cut around
 * the delta text's string literal into a prefix and a suffix, and the cut is proven by parsing
 * the chunk again with a probe string in its place — the probe must come out as that delta
 * field, so the literal is the field's value. A later chunk that starts with the prefix, ends
 * with the suffix and holds between them a string body with no unescaped quote tokenises exactly
 * like the template with another string there, so its parse is the template's with that field
 * replaced. Anything else (escapes that do not decode, control characters, another shape) goes
 * through `parseChunk` and may become the new template.
 *
 * @module
 */
import type * as openai from "./types.ts";
import { parseChunk, type ParsedChunk } from "./parse_response.ts";

/** The delta fields a template may carry; `reasoning` (vLLM) is read as `reasoning_content`. */
type TextField = "content" | "reasoning_content";
const KEYS: readonly (readonly [string, TextField])[] = [
  ['"content"', "content"],
  ['"reasoning_content"', "reasoning_content"],
  ['"reasoning"', "reasoning_content"],
];
/** Stands in for the text while a template is proven; plain, so it needs no escaping. */
const PROBE = "tresor-template-probe";
/** Templates learnt per stream at most: a provider whose chunks never repeat costs no more. */
const MAX_LEARNT = 8;

const QUOTE = 34;
const BACKSLASH = 92;
const SPACE = 32;

interface Template {
  readonly prefix: string;
  readonly suffix: string;
  readonly field: TextField;
  /** The template's chunk as parsed with the probe in the field (one choice). */
  readonly chunk: openai.ChatCompletionChunk;
}

/** Reads one stream's chunks; one reader per stream (it learns that stream's template). */
export class ChunkReader {
  #template: Template | undefined;
  #learnt = 0;

  /** `parseChunk(data)`, from the template when the chunk fits it. */
  read(data: string): ParsedChunk | undefined {
    const fast = this.#fromTemplate(data);
    if (fast !== undefined) return fast;
    const parsed = parseChunk(data);
    if (parsed?.kind === "chunk" && this.#learnt < MAX_LEARNT) {
      const learnt = learnTemplate(data, parsed.chunk);
      if (learnt !== undefined) {
        this.#template = learnt;
        this.#learnt++;
      }
    }
    return parsed;
  }

  #fromTemplate(data: string): ParsedChunk | undefined {
    const t = this.#template;
    if (t === undefined) return undefined;
    const end = data.length - t.suffix.length;
    // Compared as slices: `startsWith`/`endsWith` are several times slower on these strings.
    if (
      end < t.prefix.length || data.slice(0, t.prefix.length) !== t.prefix ||
      data.slice(end) !== t.suffix
    ) {
      return undefined;
    }
    const text = stringBody(data, t.prefix.length, end);
    if (text === undefined) return undefined;
    const choice = t.chunk.choices[0];
    const delta: openai.ChunkDelta = { ...choice.delta };
    delta[t.field] = text;
    return {
      kind: "chunk",
      chunk: { ...t.chunk, choices: [{ ...choice, delta }] },
    };
  }
}

/**
 * The value of the JSON string literal whose body is `data[start, end)` and that ends at `end`,
 * or undefined when the body holds an unescaped quote, a control character, an escape running
 * past `end`, or an invalid escape.
 */
function stringBody(
  data: string,
  start: number,
  end: number,
): string | undefined {
  let escaped = false;
  for (let i = start; i < end; i++) {
    const c = data.charCodeAt(i);
    if (c < SPACE || c === QUOTE) return undefined;
    if (c === BACKSLASH) {
      escaped = true;
      i++;
      if (i >= end) return undefined;
      if (data.charCodeAt(i) < SPACE) return undefined;
    }
  }
  const body = data.slice(start, end);
  if (!escaped) return body;
  try {
    return JSON.parse(`"${body}"`);
  } catch (err) {
    if (!(err instanceof SyntaxError)) throw err;
    return undefined;
  }
}

/** A proven template of `data` (parsed as `chunk`), when it is one content or reasoning delta. */
function learnTemplate(
  data: string,
  chunk: openai.ChatCompletionChunk,
): Template | undefined {
  if (chunk.usage !== undefined || chunk.choices.length !== 1) return undefined;
  const delta = chunk.choices[0].delta;
  for (const [key, field] of KEYS) {
    const value = delta[field];
    // An empty text is the role chunk's that opens a stream: its shape is not the text chunks'.
    if (typeof value !== "string" || value === "" || value === PROBE) continue;
    for (
      let at = data.indexOf(key);
      at !== -1;
      at = data.indexOf(key, at + key.length)
    ) {
      const template = proveCut(data, at + key.length, field);
      if (template !== undefined) return template;
    }
  }
  return undefined;
}

/**
 * The template cut around the string literal after the key ending at `afterKey` (past `:` and
 * whitespace), when putting the probe there comes out as `field` of a one-choice chunk.
 */
function proveCut(
  data: string,
  afterKey: number,
  field: TextField,
): Template | undefined {
  let i = skipSpace(data, afterKey);
  if (data.charCodeAt(i) !== 58) return undefined; // ":"
  i = skipSpace(data, i + 1);
  if (data.charCodeAt(i) !== QUOTE) return undefined;
  const start = i + 1;
  let end = start;
  while (end < data.length && data.charCodeAt(end) !== QUOTE) {
    end += data.charCodeAt(end) === BACKSLASH ? 2 : 1;
  }
  if (end >= data.length) return undefined;
  const prefix = data.slice(0, start);
  const suffix = data.slice(end);
  const probed = parseChunk(prefix + PROBE + suffix);
  if (probed?.kind !== "chunk") return undefined;
  const chunk = probed.chunk;
  if (
    chunk.usage !== undefined || chunk.choices.length !== 1 ||
    chunk.choices[0].delta[field] !== PROBE
  ) {
    return undefined;
  }
  return { prefix, suffix, field, chunk };
}

function skipSpace(data: string, from: number): number {
  let i = from;
  for (;;) {
    const c = data.charCodeAt(i);
    if (c !== SPACE && c !== 9 && c !== 10 && c !== 13) return i;
    i++;
  }
}
