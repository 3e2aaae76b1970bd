/**
 * The browser entry point: hydrates every island marker the server rendered, using the props
 * script and the registry in `islands/mod.ts`. Bundled by `web/build.ts`.
 *
 * @module
 */
import { type FunctionComponent, h, hydrate } from "preact";
import { ISLANDS } from "../islands/mod.ts";
import type { JsonObject } from "./json.ts";
import { PROPS_SCRIPT_ID } from "./props.ts";

function isIslandName(name: string): name is keyof typeof ISLANDS {
  return Object.hasOwn(ISLANDS, name);
}

function readProps(): unknown[] {
  const text = document.getElementById(PROPS_SCRIPT_ID)?.textContent;
  if (!text) return [];
  const parsed: unknown = JSON.parse(text);
  return Array.isArray(parsed) ? parsed : [];
}

function isJsonObject(value: unknown): value is JsonObject {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** Hydrates each `[data-island]` element; unknown names and missing props are reported, not fatal. */
export function hydrateIslands(): void {
  const props = readProps();
  for (const el of document.querySelectorAll<HTMLElement>("[data-island]")) {
    const name = el.dataset.island ?? "";
    const index = Number(el.dataset.props);
    const islandProps = props[index];
    if (!isIslandName(name)) {
      // deno-lint-ignore no-console -- the browser console is the only place to report this
      console.error(
        `Cannot hydrate island "${name}": not in the registry (islands/mod.ts)`,
      );
      continue;
    }
    if (!isJsonObject(islandProps)) {
      // deno-lint-ignore no-console -- the browser console is the only place to report this
      console.error(
        `Cannot hydrate island "${name}": no props at index ${el.dataset.props}`,
      );
      continue;
    }
    // The server rendered this marker from the same registry with these props.
    const component = ISLANDS[name] as unknown as FunctionComponent<
      JsonObject
    >;
    hydrate(h(component, islandProps), el);
  }
}

hydrateIslands();
