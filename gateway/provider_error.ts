/**
 * The words of a provider's error answer, for the admin surface (fetch-models, a downstream
 * test): the message inside an OpenAI or Anthropic error body, else the body as it came.
 *
 * @module
 */

/** The message in `text` (its `error.message` or string `error`), cut at `maxChars`; `undefined` when empty. */
export function providerErrorMessage(
  text: string,
  maxChars: number,
): string | undefined {
  let message = text.trim();
  try {
    const body: unknown = JSON.parse(text);
    const inner = typeof body === "object" && body !== null && "error" in body
      ? body.error
      : undefined;
    if (typeof inner === "string") message = inner;
    else if (
      typeof inner === "object" && inner !== null && "message" in inner &&
      typeof inner.message === "string"
    ) message = inner.message;
  } catch (err) {
    // Not JSON: quoted as it is.
    if (!(err instanceof SyntaxError)) throw err;
  }
  if (message === "") return undefined;
  return message.length > maxChars ? `${message.slice(0, maxChars)}…` : message;
}
