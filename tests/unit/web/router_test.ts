import assert from "node:assert/strict";
import { matchRoute } from "../../../web/router.ts";

const ROUTES = [
  { name: "static", pattern: new URLPattern({ pathname: "/aliases/new" }) },
  { name: "param", pattern: new URLPattern({ pathname: "/aliases/:id" }) },
  { name: "root", pattern: new URLPattern({ pathname: "/" }) },
];

const CASES: [string, string | null, Record<string, string>][] = [
  ["/aliases/new", "static", {}],
  ["/aliases/gpt-4o", "param", { id: "gpt-4o" }],
  ["/?q=1", "root", {}],
  ["/nope", null, {}],
];

for (const [path, want, params] of CASES) {
  Deno.test(`matchRoute() sends ${path} to ${want ?? "no route"}`, () => {
    const match = matchRoute(ROUTES, new URL(`http://127.0.0.1${path}`));
    assert.equal(match?.route.name ?? null, want);
    if (match) assert.deepStrictEqual(match.params, params);
  });
}
