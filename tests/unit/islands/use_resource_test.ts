/**
 * `useResource()` inside a component, rendered on the server as pages are: it starts from the
 * props' list, idle, and its readers answer for that state. (Its calls are covered through
 * `createResource` in `resource_test.ts` and in Chromium by the browser tests.)
 */
import assert from "node:assert/strict";
import { h, type JSX } from "preact";
import { renderToString } from "preact-render-to-string";
import { useResource } from "../../../islands/_use_resource.ts";

function Probe(props: { items: readonly { id: string }[] }): JSX.Element {
  const r = useResource({ url: "/api/things", initial: props.items });
  return h(
    "pre",
    null,
    JSON.stringify({
      ids: r.items.map((i) => i.id),
      busy: r.busy,
      notice: r.notice(),
      models: r.notice("models"),
      field: r.fieldError("base_url") ?? "none",
      pending: r.isPending("a"),
      url: r.itemUrl("a b"),
    }),
  );
}

Deno.test("useResource() renders the server's list, idle, with nothing to report", () => {
  const html = renderToString(h(Probe, { items: [{ id: "a" }, { id: "b" }] }));
  const text = html.replace(/^<pre>|<\/pre>$/g, "").replaceAll("&quot;", '"');
  assert.deepStrictEqual(JSON.parse(text), {
    ids: ["a", "b"],
    busy: false,
    notice: null,
    models: null,
    field: "none",
    pending: false,
    url: "/api/things/a%20b",
  });
});
