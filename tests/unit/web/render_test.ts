import assert from "node:assert/strict";
import { h } from "preact";
import { Island, renderDocument, renderPage } from "../../../web/mod.ts";
import type { CaptureStatusJson } from "../../../store/mod.ts";

const CAPTURE: CaptureStatusJson = {
  mode: "errors",
  max_requests: 200,
  max_body_bytes: 1048576,
  live: false,
  max_bytes: 1,
  stored: { requests: 0, bytes: 0 },
  pending: { requests: 0, bytes: 0 },
};

Deno.test("renderDocument() wraps islands in markers and writes their props once", () => {
  const html = renderDocument(
    h("div", null, [
      h(Island, { name: "ThemeToggle", props: {} }),
      h(Island, {
        name: "LogViewer",
        props: { entries: [], capture: CAPTURE },
      }),
    ]),
    {
      title: "T</title>",
      clientUrl: "/static/build/client-0123456789abcdef.js",
    },
  );
  assert.match(html, /<div data-island="ThemeToggle" data-props="0"><button/);
  assert.match(html, /<div data-island="LogViewer" data-props="1">/);
  assert.match(
    html,
    /<script type="application\/json" id="tresor-props">\[\{\},\{"entries":\[\],"capture":\{"mode":"errors",/,
  );
  assert.match(html, /<title>T&lt;\/title&gt; · Tresor<\/title>/);
  assert.match(
    html,
    /<script type="module" src="\/static\/build\/client-0123456789abcdef.js">/,
  );
  assert.match(html, /<script src="\/static\/theme.js"><\/script>/);
});

Deno.test("renderDocument() links no bundle when the page has no islands", () => {
  const html = renderDocument(h("p", null, "hi"), {
    title: "x",
    clientUrl: "/static/build/client-0123456789abcdef.js",
  });
  assert.equal(html.includes('type="module"'), false);
  assert.match(html, /id="tresor-props">\[\]<\/script>/);
});

Deno.test("Island throws outside renderPage()", async () => {
  const { renderToString } = await import("preact-render-to-string");
  assert.throws(
    () => renderToString(h(Island, { name: "ThemeToggle", props: {} })),
    TypeError,
  );
});

Deno.test("renderPage() sets the pages' security and cache headers", async () => {
  const res = renderPage(h("p", null, "x"), {
    title: "x",
    clientUrl: null,
    status: 418,
  });
  await res.body?.cancel();
  assert.equal(res.status, 418);
  assert.equal(res.headers.get("cache-control"), "no-cache");
  assert.equal(res.headers.get("x-content-type-options"), "nosniff");
  assert.match(
    res.headers.get("content-security-policy") ?? "",
    /script-src 'self'(;|$)/,
  );
});
