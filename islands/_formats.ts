/**
 * The wire formats as the pages list them. Islands may only `import type` from the store, so
 * the list is written here; a unit test checks it equals the store's `API_FORMATS`.
 *
 * @module
 */
import type { ApiFormat } from "../store/mod.ts";

/** Every format, in display order. */
export const FORMATS = [
  "openai",
  "anthropic",
  "responses",
] as const satisfies readonly ApiFormat[];

/** Each format's display name. */
export const FORMAT_LABELS = {
  openai: "OpenAI",
  anthropic: "Anthropic",
  responses: "Responses",
} as const satisfies Record<ApiFormat, string>;
