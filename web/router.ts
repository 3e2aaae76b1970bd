/**
 * Route dispatch for the explicit route table in `routes/mod.ts`: the first `URLPattern` that
 * matches wins, so static patterns are listed before parameterised ones.
 *
 * @module
 */

/** A route module: a page also exports its component, but dispatch needs only the handler. */
export interface RouteModule<Ctx> {
  handler(req: Request, ctx: Ctx): Promise<Response>;
}

/** One row of a route table. */
export interface Route<Ctx> {
  readonly pattern: URLPattern;
  readonly module: RouteModule<Ctx>;
}

/** A matched route and its named path parameters. */
export interface RouteMatch<R> {
  readonly route: R;
  readonly params: Readonly<Record<string, string>>;
}

/** Finds the first route whose pattern matches `url`, or `null`. */
export function matchRoute<R extends { readonly pattern: URLPattern }>(
  routes: readonly R[],
  url: URL,
): RouteMatch<R> | null {
  for (const route of routes) {
    const result = route.pattern.exec(url.href);
    if (!result) continue;
    const params: Record<string, string> = {};
    for (const [key, value] of Object.entries(result.pathname.groups)) {
      if (value !== undefined) params[key] = value;
    }
    return { route, params };
  }
  return null;
}
