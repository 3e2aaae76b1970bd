/**
 * `/rules`: the rule list and the pipeline editor.
 *
 * @module
 */
import type { JSX } from "preact";
import { listPlugins } from "../plugins/mod.ts";
import { toRuleJson } from "../store/mod.ts";
import { Island } from "../web/mod.ts";
import type { RuleManagerProps } from "../islands/mod.ts";
import type { PageContext } from "./_context.ts";
import { Layout } from "./_layout.tsx";
import { toPluginJson } from "./_json.ts";

/** The rules page's content. */
export function RulesPage(props: RuleManagerProps): JSX.Element {
  return <Island name="RuleManager" props={props} />;
}

/** Renders the rules page from the current snapshot and the plugin registry. */
export function handler(_req: Request, ctx: PageContext): Promise<Response> {
  const snapshot = ctx.deps.store.snapshot();
  return ctx.render(
    <Layout tab="rules" canLogout={ctx.passwordRequired}>
      <RulesPage
        rules={snapshot.rules.map(toRuleJson)}
        plugins={listPlugins(ctx.deps.plugins).map(toPluginJson)}
        downstreams={snapshot.downstreams.map((d) => ({
          id: d.id,
          name: d.name,
          api_formats: [...d.apiFormats],
        }))}
      />
    </Layout>,
    { title: "Rules" },
  );
}
