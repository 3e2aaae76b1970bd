/**
 * Tool names OpenAI accepts (`^[a-zA-Z0-9_-]{1,64}$`) for names it does not: MCP tools named
 * `server.tool` or `scope/tool`, and names longer than 64 characters. The mapping is
 * deterministic (the same name maps the same way in every turn, so history stays consistent)
 * and reversible within a request, so tool calls come back under the client's own names.
 *
 * @module
 */

const VALID_REGEXP = /^[a-zA-Z0-9_-]{1,64}$/;
const INVALID_CHAR_REGEXP = /[^a-zA-Z0-9_-]/g;
const MAX_LENGTH = 64;

/** Whether OpenAI accepts `name` as a function name. */
export function isValidToolName(name: string): boolean {
  return VALID_REGEXP.test(name);
}

/** FNV-1a, 32 bits, as 8 hex digits: a short, stable disambiguator. */
function fnv1a(text: string): string {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash.toString(16).padStart(8, "0");
}

/** The OpenAI-safe name for `name` (itself when already valid). */
export function toSafeToolName(name: string): string {
  if (isValidToolName(name)) return name;
  const clean = name.replace(INVALID_CHAR_REGEXP, "_");
  // A replaced character could make two names equal, so a changed name carries its digest.
  const suffix = `_${fnv1a(name)}`;
  return clean.slice(0, MAX_LENGTH - suffix.length) + suffix;
}

/** Safe names of one request, and the way back to the client's names. */
export class ToolNameMap {
  readonly #back = new Map<string, string>();

  /** The safe name for `name`, remembered for {@link toClient}. */
  toSafe(name: string): string {
    const safe = toSafeToolName(name);
    if (safe !== name) this.#back.set(safe, name);
    return safe;
  }

  /** The client's name for a name the upstream used (unknown names are returned as they are). */
  toClient(name: string): string {
    return this.#back.get(name) ?? name;
  }

  /** Whether any name was changed. */
  get changed(): boolean {
    return this.#back.size > 0;
  }
}
