/**
 * The page layout: skip link, header with the tab navigation, theme toggle and logout, then
 * the page's content in `<main>`.
 *
 * @module
 */
import type { ComponentChildren, JSX } from "preact";
import { Island } from "../web/mod.ts";

/** The tabs, in navigation order; `default_tab` names one of them. */
export const TABS = [
  { id: "aliases", label: "Aliases" },
  { id: "downstreams", label: "Downstreams" },
  { id: "rules", label: "Rules" },
  { id: "logs", label: "Logs" },
  { id: "usage", label: "Usage" },
  { id: "settings", label: "Settings" },
  { id: "about", label: "About" },
] as const;

/** A tab id. */
export type TabId = (typeof TABS)[number]["id"];

/** Props of {@link Layout}. */
export interface LayoutProps {
  readonly tab: TabId | null;
  /** Offer logout (an admin password is set). */
  readonly canLogout: boolean;
  readonly children: ComponentChildren;
}

/** The chrome around every signed-in page. */
export function Layout({ tab, canLogout, children }: LayoutProps): JSX.Element {
  return (
    <>
      <a class="skip-link" href="#main">Skip to content</a>
      <header class="topbar">
        <a class="brand" href="/">
          <img src="/static/favicon.svg" alt="" width={24} height={24} />
          <span>Tresor</span>
        </a>
        <nav class="tabs" aria-label="Sections">
          {TABS.map((t) => (
            <a
              key={t.id}
              href={`/${t.id}`}
              aria-current={t.id === tab ? "page" : undefined}
            >
              {t.label}
            </a>
          ))}
        </nav>
        <div class="topbar-actions">
          <Island name="ThemeToggle" props={{}} />
          {canLogout && (
            <form method="post" action="/logout">
              <button type="submit" class="small">Log out</button>
            </form>
          )}
        </div>
      </header>
      <main id="main">
        <Island name="ConfigBanner" props={{}} />
        {children}
      </main>
    </>
  );
}

/** A page heading with an optional lead sentence and actions on the right. */
export function PageHead(
  { title, lead, children }: {
    title: string;
    lead?: string;
    children?: ComponentChildren;
  },
): JSX.Element {
  return (
    <div class="page-head">
      <div>
        <h1>{title}</h1>
        {lead && <p class="lead">{lead}</p>}
      </div>
      {children && <div class="form-actions">{children}</div>}
    </div>
  );
}
