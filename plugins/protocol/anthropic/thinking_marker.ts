/**
 * The signature Tresor writes on a `thinking` block it made from another provider's reasoning
 * (a Chat Completions `reasoning_content`): recognisable, so such a block is never forwarded to
 * Anthropic (whose API rejects any signature it did not make) and can be turned back into
 * reasoning text for the provider it came from. No real signature starts with it.
 *
 * @module
 */

/** The prefix of every signature Tresor writes. */
export const TRANSLATED_SIGNATURE_PREFIX = "tresor:translated-reasoning:";

/** The signature of a thinking block Tresor made from translated reasoning. */
export const TRANSLATED_SIGNATURE = `${TRANSLATED_SIGNATURE_PREFIX}v1`;

/** Whether a thinking block's signature is one Tresor wrote. */
export function isTranslatedSignature(signature: unknown): boolean {
  return typeof signature === "string" &&
    signature.startsWith(TRANSLATED_SIGNATURE_PREFIX);
}

/**
 * Whether a thinking block's signature can be one Anthropic made: a non-empty string that Tresor
 * did not write. Only Anthropic can tell whether it is valid.
 */
export function isAnthropicSignature(signature: unknown): boolean {
  return typeof signature === "string" && signature !== "" &&
    !isTranslatedSignature(signature);
}
