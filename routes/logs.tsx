/**
 * `/logs`: the live request log viewer.
 *
 * @module
 */
import type { JSX } from "preact";
import { Island } from "../web/mod.ts";
import type { LogViewerProps } from "../islands/mod.ts";
import type { PageContext } from "./_context.ts";
import { Layout } from "./_layout.tsx";
import { toCaptureStatusJson, toLogEntryJson } from "./_json.ts";

/** Entries rendered into the page; the stream sends newer ones. */
const INITIAL_ENTRIES = 100;

/** The logs page's content. */
export function LogsPage(props: LogViewerProps): JSX.Element {
  return <Island name="LogViewer" props={props} />;
}

/** Renders the logs page with the most recent entries. */
export function handler(_req: Request, ctx: PageContext): Promise<Response> {
  const entries = ctx.deps.requestLog.list({ limit: INITIAL_ENTRIES });
  return ctx.render(
    <Layout tab="logs" canLogout={ctx.passwordRequired}>
      <LogsPage
        entries={entries.map(toLogEntryJson)}
        capture={toCaptureStatusJson(ctx.deps.capture.store.status())}
      />
    </Layout>,
    { title: "Logs" },
  );
}
