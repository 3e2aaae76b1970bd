/**
 * Thinking signatures as the scripted Anthropic upstream makes and checks them: an HMAC of the
 * thinking text under a key only this upstream knows, so a block that Tresor or a client made up
 * (or altered) fails as it would at Anthropic.
 */

const KEY = crypto.subtle.importKey(
  "raw",
  crypto.getRandomValues(new Uint8Array(32)),
  { name: "HMAC", hash: "SHA-256" },
  false,
  ["sign", "verify"],
);
const ENCODER = new TextEncoder();

/** The signature of a thinking text. */
export async function signThinking(thinking: string): Promise<string> {
  const mac = await crypto.subtle.sign(
    "HMAC",
    await KEY,
    ENCODER.encode(thinking),
  );
  return `mocksig${btoa(String.fromCharCode(...new Uint8Array(mac)))}`;
}

/** Whether `signature` was made by {@link signThinking} for `thinking`. */
export async function verifyThinking(
  thinking: string,
  signature: string,
): Promise<boolean> {
  return signature === await signThinking(thinking);
}
