/**
 * `/`: redirects to the configured default tab.
 *
 * @module
 */
import { type PageContext, redirect } from "./_context.ts";
import { TABS } from "./_layout.tsx";

/** Sends the browser to `/{default_tab}` (aliases when the setting names no tab). */
export function handler(_req: Request, ctx: PageContext): Promise<Response> {
  const tab = ctx.deps.store.snapshot().settings.defaultTab;
  const known = TABS.find((t) => t.id === tab)?.id ?? "aliases";
  return Promise.resolve(redirect(`/${known}`));
}
