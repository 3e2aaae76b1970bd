/**
 * How secrets are shown by the admin API.
 *
 * @module
 */

/** The marker shown instead of a secret. */
export const MASK = "***";

/**
 * A proxy key as the admin API shows it: `***` plus its last 4 characters (`***-123`), or just
 * `***` for keys too short to reveal any part of.
 */
export function maskKey(key: string): string {
  return key.length > 8 ? `${MASK}${key.slice(-4)}` : MASK;
}
