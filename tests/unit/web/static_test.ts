import assert from "node:assert/strict";
import {
  cacheControlFor,
  contentTypeFor,
  createStaticHandler,
  toStaticPath,
} from "../../../web/static.ts";

const CACHE_CASES: [string, string][] = [
  ["build/client-0123456789abcdef.js", "public, max-age=31536000, immutable"],
  ["build/manifest.json", "no-cache"],
  ["style.css", "no-cache"],
  ["build/client.js", "no-cache"],
];

for (const [path, want] of CACHE_CASES) {
  Deno.test(`cacheControlFor() gives "${want}" for ${path}`, () => {
    assert.equal(cacheControlFor(path), want);
  });
}

Deno.test("contentTypeFor() knows the asset types", () => {
  assert.equal(contentTypeFor("a.css"), "text/css; charset=utf-8");
  assert.equal(contentTypeFor("a.js"), "text/javascript; charset=utf-8");
  assert.equal(contentTypeFor("a.svg"), "image/svg+xml");
  assert.equal(contentTypeFor("a.bin"), "application/octet-stream");
});

const PATH_CASES: [string, string | null][] = [
  ["style.css", "style.css"],
  ["build/client-1.js", "build/client-1.js"],
  ["../deno.json", null],
  ["%2e%2e/deno.json", null],
  ["build/../../x", null],
  [".env", null],
  ["a//b", null],
  ["a\\b", null],
  ["%zz", null],
];

for (const [input, want] of PATH_CASES) {
  Deno.test(`toStaticPath() maps ${JSON.stringify(input)} to ${want}`, () => {
    assert.equal(toStaticPath(input), want);
  });
}

async function withStaticDir(
  fn: (serve: (req: Request) => Promise<Response>) => Promise<void>,
): Promise<void> {
  const dir = await Deno.makeTempDir();
  try {
    await Deno.mkdir(`${dir}/build`);
    await Deno.writeTextFile(`${dir}/style.css`, "body{}");
    await Deno.writeTextFile(`${dir}/build/client-0123456789abcdef.js`, "x()");
    const serve = createStaticHandler({ dir: new URL(`file://${dir}/`) });
    await fn(serve);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}

Deno.test("createStaticHandler() serves hashed bundles immutable and other files no-cache", async () => {
  await withStaticDir(async (serve) => {
    const bundle = await serve(
      new Request("http://x/static/build/client-0123456789abcdef.js"),
    );
    assert.equal(bundle.status, 200);
    assert.equal(
      bundle.headers.get("cache-control"),
      "public, max-age=31536000, immutable",
    );
    assert.equal(
      bundle.headers.get("content-type"),
      "text/javascript; charset=utf-8",
    );
    assert.equal(await bundle.text(), "x()");

    const css = await serve(new Request("http://x/static/style.css"));
    assert.equal(css.headers.get("cache-control"), "no-cache");
    assert.equal(css.headers.get("content-type"), "text/css; charset=utf-8");
    assert.equal(await css.text(), "body{}");
  });
});

Deno.test("createStaticHandler() answers 304 to a matching If-None-Match", async () => {
  await withStaticDir(async (serve) => {
    const first = await serve(new Request("http://x/static/style.css"));
    await first.body?.cancel();
    const etag = first.headers.get("etag");
    assert.ok(etag);
    const again = await serve(
      new Request("http://x/static/style.css", {
        headers: { "if-none-match": etag },
      }),
    );
    assert.equal(again.status, 304);
    assert.equal(again.body, null);
  });
});

Deno.test("createStaticHandler() gives 404 for missing files, folders and traversal", async () => {
  await withStaticDir(async (serve) => {
    for (
      const path of [
        "/static/nope.css",
        "/static/build",
        "/static/../deno.json",
        "/static/%2e%2e/x",
      ]
    ) {
      const res = await serve(new Request(`http://x${path}`));
      await res.body?.cancel();
      assert.equal(res.status, 404, path);
    }
  });
});

Deno.test("createStaticHandler() rejects methods other than GET and HEAD", async () => {
  await withStaticDir(async (serve) => {
    const res = await serve(
      new Request("http://x/static/style.css", { method: "POST" }),
    );
    await res.body?.cancel();
    assert.equal(res.status, 405);
    assert.equal(res.headers.get("allow"), "GET, HEAD");
    const head = await serve(
      new Request("http://x/static/style.css", { method: "HEAD" }),
    );
    assert.equal(head.status, 200);
    assert.equal(head.headers.get("content-length"), "6");
  });
});
