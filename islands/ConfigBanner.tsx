/**
 * The banner every admin page shows while the config file holds an edit Tresor refused (issue
 * 16's hot reload): the running config is kept, and the message says where the file is wrong
 * (`file:line: field: message`). It asks `GET /api/config` when the page opens, every few
 * seconds while the page is visible, and when the page comes back into view.
 *
 * @module
 */
import type { JSX } from "preact";
import { useEffect, useState } from "preact/hooks";
import type { SettingsJson } from "../store/mod.ts";
import { api } from "./api.ts";

/** How often a visible page asks again. */
const POLL_MS = 5000;

/** The banner (nothing while the file is in use). */
export function ConfigBanner(
  _props: Record<string, never>,
): JSX.Element | null {
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    let stopped = false;
    const check = () => {
      if (document.visibilityState !== "visible") return;
      api<SettingsJson>("GET", "/api/config").then(
        (settings) => {
          if (!stopped) setError(settings.config_error ?? null);
        },
        // The daemon may be restarting: the next check tells.
        () => {},
      );
    };
    check();
    const timer = setInterval(check, POLL_MS);
    document.addEventListener("visibilitychange", check);
    return () => {
      stopped = true;
      clearInterval(timer);
      document.removeEventListener("visibilitychange", check);
    };
  }, []);
  if (error === null) return null;
  return (
    <div class="config-banner" role="alert" data-testid="config-error">
      <strong>The config file has an edit Tresor cannot use;</strong>{" "}
      the running config is kept until it is fixed: <code>{error}</code>
    </div>
  );
}
