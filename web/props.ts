/**
 * Island props serialisation: every island's props are written once into the page as
 * `<script type="application/json" id="tresor-props">[…]</script>`, indexed by the markers'
 * `data-props` attribute.
 *
 * @module
 */
import type { JsonObject } from "./json.ts";

/** The id of the script element holding all island props. */
export const PROPS_SCRIPT_ID = "tresor-props";

const LT_REGEXP = /</g;

/**
 * Serialises island props for embedding in a `<script>` element. `<` becomes `\u003c`, so no
 * value can close the element (`</script>`) or open a comment (`<!--`); JSON.parse restores it.
 */
export function toPropsJson(props: readonly JsonObject[]): string {
  return JSON.stringify(props).replace(LT_REGEXP, "\\u003c");
}

/** The complete props script element for a page. */
export function toPropsScript(props: readonly JsonObject[]): string {
  return `<script type="application/json" id="${PROPS_SCRIPT_ID}">${
    toPropsJson(props)
  }</script>`;
}
