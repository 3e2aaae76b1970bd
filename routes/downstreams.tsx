/**
 * `/downstreams`: the provider table and its edit form.
 *
 * @module
 */
import type { JSX } from "preact";
import {
  BUILTIN_PRICES_TAKEN,
  PRESETS,
  toDownstreamJson,
} from "../store/mod.ts";
import { Island } from "../web/mod.ts";
import type { DownstreamManagerProps } from "../islands/mod.ts";
import type { PageContext } from "./_context.ts";
import { Layout } from "./_layout.tsx";

/** The downstreams page's content. */
export function DownstreamsPage(props: DownstreamManagerProps): JSX.Element {
  return <Island name="DownstreamManager" props={props} />;
}

/** Renders the downstreams page from the current snapshot. */
export function handler(_req: Request, ctx: PageContext): Promise<Response> {
  const { downstreams } = ctx.deps.store.snapshot();
  return ctx.render(
    <Layout tab="downstreams" canLogout={ctx.passwordRequired}>
      <DownstreamsPage
        downstreams={downstreams.map(toDownstreamJson)}
        pricesTaken={BUILTIN_PRICES_TAKEN}
        presets={PRESETS}
      />
    </Layout>,
    { title: "Downstreams" },
  );
}
