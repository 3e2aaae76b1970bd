/**
 * Server-side island wrapper: renders an island from the registry inside its marker and records
 * its props for the page's props script.
 *
 * @module
 */
import { createContext, type FunctionComponent, type JSX } from "preact";
import { useContext } from "preact/hooks";
import { type IslandName, ISLANDS } from "../islands/mod.ts";
import type { JsonObject } from "./json.ts";

/** Collects the props of every island rendered on one page, in marker order. */
export interface IslandProps {
  readonly props: JsonObject[];
}

/** Supplies the page's props collector to {@link Island}; `renderPage` provides it. */
export const IslandPropsContext = createContext<IslandProps | null>(null);

/** The props an island component declares, when they are JSON (otherwise `never`). */
export type PropsOf<N extends IslandName> =
  Parameters<(typeof ISLANDS)[N]>[0] extends JsonObject
    ? Parameters<(typeof ISLANDS)[N]>[0]
    : never;

/** Looks an island up with its props type erased; the caller has checked the props. */
function islandComponent(name: IslandName): FunctionComponent<JsonObject> {
  // The registry maps each name to a component of its own props type; `Island`'s signature
  // ties `props` to `name`, so widening here is sound.
  return ISLANDS[name] as unknown as FunctionComponent<JsonObject>;
}

/**
 * Renders `<div data-island="Name" data-props="N">` around the island's server rendering, so
 * the page is useful before (and without) hydration.
 */
export function Island<N extends IslandName>(
  { name, props }: { name: N; props: PropsOf<N> },
): JSX.Element {
  const collector = useContext(IslandPropsContext);
  if (!collector) {
    throw new TypeError(
      `Cannot render island "${name}": not inside renderPage()`,
    );
  }
  const index = collector.props.push(props) - 1;
  const Component = islandComponent(name);
  return (
    <div data-island={name} data-props={String(index)}>
      <Component {...props} />
    </div>
  );
}
