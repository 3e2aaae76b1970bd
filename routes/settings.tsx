/**
 * `/settings`: proxy mode and keys, password, default tab, log level.
 *
 * @module
 */
import type { JSX } from "preact";
import { toSettingsJson } from "../store/mod.ts";
import { Island } from "../web/mod.ts";
import type { SettingsFormProps } from "../islands/mod.ts";
import type { PageContext } from "./_context.ts";
import { Layout, TABS } from "./_layout.tsx";

/** The settings page's content. */
export function SettingsPage(props: SettingsFormProps): JSX.Element {
  return <Island name="SettingsForm" props={props} />;
}

/** Renders the settings page. */
export function handler(_req: Request, ctx: PageContext): Promise<Response> {
  const settings = ctx.deps.store.snapshot().settings;
  return ctx.render(
    <Layout tab="settings" canLogout={ctx.passwordRequired}>
      <SettingsPage
        settings={toSettingsJson(settings)}
        tabs={TABS.map((t) => [t.id, t.label] as const)}
      />
    </Layout>,
    { title: "Settings" },
  );
}
