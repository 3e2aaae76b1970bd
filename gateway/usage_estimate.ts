/**
 * Token estimates for upstreams that report no usage: about four characters of text a token,
 * counted over the text a body carries rather than its JSON (an event stream's envelope is many
 * times its text). Cheap and bounded: a request or a whole response body is walked once, up to
 * a node budget; a stream's output is judged from the tail the usage tap keeps anyway.
 *
 * @module
 */

const CHARS_PER_TOKEN = 4;
/** Nodes walked at most; past it, what was counted is scaled to the body's size. */
const NODE_BUDGET = 50_000;
/** Strings under these keys are data, not text a model reads or writes (images, signatures). */
const DATA_KEYS: ReadonlySet<string> = new Set([
  "data",
  "url",
  "image_url",
  "file_data",
  "signature",
  "encrypted_content",
  "id",
  "type",
  "model",
  "role",
  "object",
  "finish_reason",
  "stop_reason",
]);

/** Characters of text in `value`, and whether the walk stopped at its budget. */
export function textChars(value: unknown): { chars: number; partial: boolean } {
  let chars = 0;
  let nodes = 0;
  const stack: unknown[] = [value];
  while (stack.length > 0) {
    if (++nodes > NODE_BUDGET) return { chars, partial: true };
    const node = stack.pop();
    if (typeof node === "string") chars += node.length;
    else if (Array.isArray(node)) stack.push(...node);
    else if (node !== null && typeof node === "object") {
      for (const [key, child] of Object.entries(node)) {
        if (!DATA_KEYS.has(key)) stack.push(child);
      }
    }
  }
  return { chars, partial: false };
}

/** Tokens for `chars` characters of text (at least one for any text). */
export function tokensOfChars(chars: number): number {
  return chars === 0 ? 0 : Math.max(1, Math.round(chars / CHARS_PER_TOKEN));
}

/** Estimated tokens of a parsed body of `bytes` bytes. */
export function estimateTokens(value: unknown, bytes: number): number {
  const { chars, partial } = textChars(value);
  return tokensOfChars(partial ? Math.max(chars, bytes / 2) : chars);
}

/** Event types that repeat text already sent in deltas (Responses API `*.done`, `completed`). */
const SUMMARY_EVENT_REGEXP =
  /\.done$|^response\.(completed|incomplete|failed)$/;

/** Text characters in SSE data payloads (parsed JSON), skipping summary events. */
export function eventTextChars(payloads: readonly unknown[]): number {
  let chars = 0;
  for (const payload of payloads) {
    if (
      payload !== null && typeof payload === "object" && "type" in payload &&
      typeof payload.type === "string" &&
      SUMMARY_EVENT_REGEXP.test(payload.type)
    ) continue;
    chars += textChars(payload).chars;
  }
  return chars;
}
