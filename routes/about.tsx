/**
 * `/about`: version, build, config and database paths, uptime.
 *
 * @module
 */
import type { JSX } from "preact";
import type { PageContext } from "./_context.ts";
import { Layout, PageHead } from "./_layout.tsx";

/** Facts the about page shows. */
export interface AboutProps {
  readonly version: string;
  readonly build: string;
  readonly configPath: string;
  readonly databasePath: string;
  readonly startedAt: Date;
  readonly now: Date;
}

/** "3 d 4 h 5 min", "4 h 5 min", "5 min 6 s", "6 s". */
export function formatUptime(ms: number): string {
  const s = Math.max(0, Math.floor(ms / 1000));
  const d = Math.floor(s / 86400);
  const h = Math.floor((s % 86400) / 3600);
  const m = Math.floor((s % 3600) / 60);
  const sec = s % 60;
  if (d > 0) return `${d} d ${h} h ${m} min`;
  if (h > 0) return `${h} h ${m} min`;
  if (m > 0) return `${m} min ${sec} s`;
  return `${sec} s`;
}

/** The about page's content. */
export function AboutPage(props: AboutProps): JSX.Element {
  return (
    <>
      <PageHead title="About" lead="Tresor, a personal LLM gateway." />
      <div class="card">
        <dl class="facts">
          <dt>Version</dt>
          <dd data-fact="version">{props.version}</dd>
          <dt>Build</dt>
          <dd data-fact="build">{props.build}</dd>
          <dt>Config file</dt>
          <dd data-fact="config">{props.configPath}</dd>
          <dt>Database</dt>
          <dd data-fact="database">{props.databasePath}</dd>
          <dt>Started</dt>
          <dd>
            <time dateTime={props.startedAt.toISOString()}>
              {props.startedAt.toISOString()}
            </time>
          </dd>
          <dt>Uptime</dt>
          <dd data-fact="uptime">
            {formatUptime(props.now.getTime() - props.startedAt.getTime())}
          </dd>
        </dl>
      </div>
    </>
  );
}

/** Renders the about page. */
export function handler(_req: Request, ctx: PageContext): Promise<Response> {
  const { deps } = ctx;
  const now = new Date(deps.now?.() ?? Date.now());
  return ctx.render(
    <Layout tab="about" canLogout={ctx.passwordRequired}>
      <AboutPage
        version={deps.version.version}
        build={deps.version.build}
        configPath={deps.configPath}
        databasePath={deps.databasePath}
        startedAt={deps.startedAt}
        now={now}
      />
    </Layout>,
    { title: "About" },
  );
}
