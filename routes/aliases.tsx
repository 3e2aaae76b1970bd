/**
 * `/aliases`: the alias switcher (the main page).
 *
 * @module
 */
import type { JSX } from "preact";
import { toAliasJson } from "../store/mod.ts";
import { Island } from "../web/mod.ts";
import type { AliasBoardProps } from "../islands/mod.ts";
import type { PageContext } from "./_context.ts";
import { Layout } from "./_layout.tsx";

/** The aliases page's content. */
export function AliasesPage(props: AliasBoardProps): JSX.Element {
  return <Island name="AliasBoard" props={props} />;
}

/** Renders the aliases page from the current snapshot. */
export function handler(_req: Request, ctx: PageContext): Promise<Response> {
  const snapshot = ctx.deps.store.snapshot();
  return ctx.render(
    <Layout tab="aliases" canLogout={ctx.passwordRequired}>
      <AliasesPage
        aliases={snapshot.aliases.map(toAliasJson)}
        downstreams={snapshot.downstreams.map((d) => ({
          id: d.id,
          name: d.name,
          output_model_ids: [...d.outputModelIds],
        }))}
      />
    </Layout>,
    { title: "Aliases" },
  );
}
