/**
 * OpenAI's `user` (and Chat Completions providers copying it) accepts at most 64 characters.
 * Claude Code's `metadata.user_id` is a ~150-character JSON string, so a longer id is sent as its
 * SHA-256 in hex: exactly 64 characters, stable per id, and not revealing it.
 * https://platform.openai.com/docs/api-reference/chat/create#chat-create-user
 *
 * @module
 */

/** OpenAI's limit on `user`. */
export const MAX_OPENAI_USER_LENGTH = 64;

const ENCODER = new TextEncoder();

/** `user` as OpenAI accepts it: unchanged up to 64 characters, else its SHA-256 in hex. */
export async function toOpenAiUser(user: string): Promise<string> {
  if (user.length <= MAX_OPENAI_USER_LENGTH) return user;
  const digest = await crypto.subtle.digest("SHA-256", ENCODER.encode(user));
  return Array.from(
    new Uint8Array(digest),
    (b) => b.toString(16).padStart(2, "0"),
  ).join("");
}
