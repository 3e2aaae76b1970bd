import assert from "node:assert/strict";
import {
  cacheControlFor,
  contentTypeFor,
  createStaticHandler,
  rawPathOf,
  resolveInside,
  toStaticPath,
} from "../../../web/static.ts";
import { HIDDEN_PATHS, hostilePaths } from "../../_helpers/hostile_paths.ts";

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

const SAFE_PATHS: [string, string][] = [
  ["style.css", "style.css"],
  ["build/client-1.js", "build/client-1.js"],
  ["build/client-0123456789abcdef.js", "build/client-0123456789abcdef.js"],
  ["favicon.svg", "favicon.svg"],
  // Decoded once: an encoded letter is that letter.
  ["style%2ecss", "style.css"],
  ["a_b-c.d.e", "a_b-c.d.e"],
];

for (const [input, want] of SAFE_PATHS) {
  Deno.test(`toStaticPath() maps ${JSON.stringify(input)} to ${want}`, () => {
    assert.equal(toStaticPath(input), want);
  });
}

const CORPUS = [...hostilePaths("/etc/passwd"), ...HIDDEN_PATHS];

Deno.test("the hostile path corpus has at least 50 distinct paths", () => {
  assert.ok(new Set(CORPUS.map((c) => c.path)).size >= 50);
});

for (const { name, path } of CORPUS) {
  Deno.test(`toStaticPath() refuses ${name}: ${JSON.stringify(path)}`, () => {
    assert.equal(toStaticPath(path), null);
  });
}

const RAW_PATH_CASES: [string, string][] = [
  ["http://h/static/a/../b.css", "/static/a/../b.css"],
  ["http://h/static/a\\..\\b", "/static/a\\..\\b"],
  ["http://h/static/x.css?v=1#top", "/static/x.css"],
  ["http://h/static/x#a?b", "/static/x"],
  ["http://h", "/"],
  ["http://h/", "/"],
];

for (const [url, want] of RAW_PATH_CASES) {
  Deno.test(`rawPathOf() keeps ${JSON.stringify(url)} as sent`, () => {
    assert.equal(rawPathOf(url), want);
  });
}

async function withStaticDir(
  fn: (
    serve: (req: Request) => Promise<Response>,
    dir: string,
  ) => Promise<void>,
): Promise<void> {
  const dir = await Deno.makeTempDir();
  try {
    await Deno.mkdir(`${dir}/build`);
    await Deno.writeTextFile(`${dir}/style.css`, "body{}");
    await Deno.writeTextFile(`${dir}/build/client-0123456789abcdef.js`, "x()");
    const serve = createStaticHandler({ dir: new URL(`file://${dir}/`) });
    await fn(serve, dir);
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

Deno.test("resolveInside() follows symlinks only as far as the folder", async () => {
  const base = await Deno.realPath(await Deno.makeTempDir());
  try {
    await Deno.mkdir(`${base}/static/build`, { recursive: true });
    await Deno.writeTextFile(`${base}/static/style.css`, "body{}");
    await Deno.writeTextFile(`${base}/secret.yaml`, "api_key: sk-x");
    await Deno.symlink(`${base}/static/style.css`, `${base}/static/alias.css`);
    await Deno.symlink(`${base}/secret.yaml`, `${base}/static/leak.yaml`);
    await Deno.symlink(base, `${base}/static/up`);
    await Deno.symlink("/etc", `${base}/static/build/etc`);
    await Deno.symlink(`${base}/static/loop`, `${base}/static/loop`);
    // A sibling whose name starts with the folder's name is still outside it.
    await Deno.mkdir(`${base}/static-other`);
    await Deno.writeTextFile(`${base}/static-other/x.css`, "x");
    await Deno.symlink(`${base}/static-other/x.css`, `${base}/static/x.css`);
    const root = `${base}/static`;

    assert.equal(
      await resolveInside(root, "style.css"),
      `${root}/style.css`,
    );
    assert.equal(await resolveInside(root, "alias.css"), `${root}/style.css`);
    for (
      const path of [
        "leak.yaml",
        "up/secret.yaml",
        "build/etc/passwd",
        "loop",
        "x.css",
        "missing.css",
      ]
    ) {
      assert.equal(await resolveInside(root, path), null, path);
    }
  } finally {
    await Deno.remove(base, { recursive: true });
  }
});

Deno.test("createStaticHandler() answers 404 for a symlink pointing outside the folder", async () => {
  await withStaticDir(async (serve, dir) => {
    const secret = await Deno.makeTempFile();
    try {
      await Deno.writeTextFile(secret, "api_key: sk-planted");
      await Deno.symlink(secret, `${dir}/leak.css`);
      const res = await serve(new Request("http://x/static/leak.css"));
      assert.equal(res.status, 404);
      assert.doesNotMatch(await res.text(), /sk-planted/);
    } finally {
      await Deno.remove(secret);
    }
  });
});

Deno.test("createStaticHandler() answers 404 while the folder does not exist", async () => {
  const serve = createStaticHandler({
    dir: new URL("file:///nonexistent-tresor-static/"),
  });
  const res = await serve(new Request("http://x/static/style.css"));
  assert.equal(res.status, 404);
  await res.body?.cancel();
});
