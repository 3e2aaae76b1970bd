import assert from "node:assert/strict";
import { openStore, type Store } from "../../../store/mod.ts";
import {
  CaptureStore,
  createLogger,
  RequestLog,
} from "../../../gateway/mod.ts";
import { PLUGINS } from "../../../plugins/mod.ts";
import { createAdminRoutes } from "../../../routes/mod.ts";

type Handler = ReturnType<typeof createAdminRoutes>["handle"];

const LOOPBACK = { remoteAddr: { hostname: "127.0.0.1" } };
const REMOTE = { remoteAddr: { hostname: "192.0.2.7" } };

async function withRoutes(
  yaml: string,
  fn: (handle: Handler, store: Store, staticDir: URL) => Promise<void>,
): Promise<void> {
  const dir = await Deno.makeTempDir();
  const configPath = `${dir}/tresor.yaml`;
  await Deno.writeTextFile(configPath, yaml);
  await Deno.mkdir(`${dir}/static/build`, { recursive: true });
  await Deno.writeTextFile(`${dir}/static/style.css`, "body{}");
  const staticDir = new URL(`file://${dir}/static/`);
  const { store } = await openStore(configPath, { databasePath: ":memory:" });
  try {
    const log = createLogger({ level: "error", sink: () => {} });
    const { handle } = createAdminRoutes({
      store,
      requestLog: new RequestLog(10),
      log,
      capture: {
        store: new CaptureStore({ snapshot: () => store.snapshot(), log }),
        replay: () => Promise.reject(new Error("no replay in tests")),
      },
      gateway: {
        fetchUpstream: () => Promise.reject(new Error("no upstream in tests")),
        testDownstream: () => Promise.reject(new Error("no upstream in tests")),
      },
      plugins: PLUGINS,
      version: { version: "9.9.9", build: "test-build" },
      startedAt: new Date("2026-01-01T00:00:00Z"),
      configPath,
      databasePath: ":memory:",
      staticDir,
    });
    await fn(handle, store, staticDir);
  } finally {
    await store.close();
    await Deno.remove(dir, { recursive: true });
  }
}

const OPEN = "listen: 127.0.0.1:0\n";
const LOCKED = "listen: 127.0.0.1:0\nadmin_password: hunter2\n";

function get(path: string, headers?: HeadersInit): Request {
  return new Request(`http://127.0.0.1${path}`, { headers });
}

async function login(handle: Handler): Promise<string> {
  const res = await handle(
    new Request("http://127.0.0.1/login", {
      method: "POST",
      body: new URLSearchParams({ password: "hunter2", next: "/rules" }),
    }),
    LOOPBACK,
  );
  await res.body?.cancel();
  assert.equal(res.status, 303);
  assert.equal(res.headers.get("location"), "/rules");
  const cookie = res.headers.get("set-cookie") ?? "";
  assert.match(cookie, /^tresor_session=[^;]+; HttpOnly; SameSite=Strict/);
  return cookie.split(";")[0];
}

Deno.test("createAdminRoutes() redirects / to the default tab", async () => {
  await withRoutes(OPEN + "default_tab: logs\n", async (handle) => {
    const res = await handle(get("/"), LOOPBACK);
    await res.body?.cancel();
    assert.equal(res.status, 303);
    assert.equal(res.headers.get("location"), "/logs");
  });
});

const PAGES: [string, RegExp][] = [
  ["/aliases", /data-island="AliasBoard" data-props="\d+"/],
  ["/downstreams", /data-island="DownstreamManager"/],
  ["/rules", /data-island="RuleManager"/],
  ["/logs", /data-island="LogViewer"/],
  // These routes are built without usage records: the page says so.
  ["/usage", /Usage records are not kept by this server/],
  ["/settings", /data-island="SettingsForm"/],
  ["/about", /test-build/],
];

for (const [path, marker] of PAGES) {
  Deno.test(`createAdminRoutes() renders ${path} for a loopback client without a password`, async () => {
    await withRoutes(OPEN, async (handle) => {
      const res = await handle(get(path), LOOPBACK);
      assert.equal(res.status, 200);
      assert.equal(res.headers.get("content-type"), "text/html; charset=utf-8");
      assert.equal(res.headers.get("cache-control"), "no-cache");
      const html = await res.text();
      assert.match(html, marker);
      assert.match(html, new RegExp(`<a href="${path}" aria-current="page">`));
      assert.match(
        html,
        /<script type="application\/json" id="tresor-props">\[/,
      );
    });
  });
}

Deno.test("createAdminRoutes() renders the aliases server-side (useful without scripts)", async () => {
  await withRoutes(OPEN, async (handle, store) => {
    const res = await handle(get("/aliases"), LOOPBACK);
    const html = await res.text();
    const active = store.snapshot().aliases.find((a) => a.isActive);
    assert.ok(active, "the seeds have an active alias");
    assert.match(
      html,
      new RegExp(`aria-pressed="true"[^>]*data-alias="${active.id}"`),
    );
    const props = JSON.parse(
      /<script type="application\/json" id="tresor-props">(.*?)<\/script>/s
        .exec(html)![1],
    );
    const index = Number(
      /data-island="AliasBoard" data-props="(\d+)"/.exec(html)![1],
    );
    assert.equal(props[index].aliases.length, store.snapshot().aliases.length);
  });
});

Deno.test("createAdminRoutes() links the hashed bundle from the build manifest", async () => {
  await withRoutes(OPEN, async (handle, _store, staticDir) => {
    await Deno.writeTextFile(
      new URL("build/manifest.json", staticDir),
      JSON.stringify({ inputs: "x", client: "client-0123456789abcdef.js" }),
    );
    const html = await (await handle(get("/about"), LOOPBACK)).text();
    assert.match(
      html,
      /<script type="module" src="\/static\/build\/client-0123456789abcdef.js"><\/script>/,
    );
  });
});

Deno.test("createAdminRoutes() refuses pages to non-loopback clients without a password", async () => {
  await withRoutes(OPEN, async (handle) => {
    const res = await handle(get("/aliases"), REMOTE);
    assert.equal(res.status, 403);
    assert.match(await res.text(), /loopback/);
  });
});

const REBOUND_HOSTS: [string, string, number][] = [
  // A DNS-rebound page reaches any listener through loopback, under its own host name.
  ["a page", "/aliases", 403],
  ["the usage page", "/usage", 403],
  ["the config", "/api/config", 403],
  ["the logs", "/api/logs", 403],
  ["auth status", "/api/auth/status", 200],
];

for (const [name, path, status] of REBOUND_HOSTS) {
  Deno.test(`createAdminRoutes() without a password refuses ${name} under a foreign Host name, even from loopback`, async () => {
    await withRoutes(OPEN + "allowed_hosts: [tresor.lan]\n", async (handle) => {
      const rebound = await handle(
        get(path, { host: "evil.example:11510" }),
        LOOPBACK,
      );
      assert.equal(rebound.status, status);
      const text = await rebound.text();
      if (path === "/api/auth/status") {
        assert.deepStrictEqual(JSON.parse(text), {
          password_required: false,
          authenticated: false,
        });
      } else {
        assert.match(text, /loopback host name/);
      }
      // Controls: a loopback name and a listed name are served.
      for (const host of ["localhost:11510", "tresor.lan:11510"]) {
        const ok = await handle(get(path, { host }), LOOPBACK);
        assert.equal(ok.status, 200, host);
        await ok.body?.cancel();
      }
    });
  });
}

Deno.test("createAdminRoutes() without a password refuses a login under a foreign Host name", async () => {
  await withRoutes(OPEN, async (handle) => {
    const res = await handle(
      new Request("http://127.0.0.1/api/auth/login", {
        method: "POST",
        headers: { host: "evil.example", "content-type": "application/json" },
        body: "{}",
      }),
      LOOPBACK,
    );
    assert.equal(res.status, 403);
    await res.body?.cancel();
  });
});

Deno.test("createAdminRoutes() sends pages to /login without a session when a password is set", async () => {
  await withRoutes(LOCKED, async (handle) => {
    const res = await handle(get("/rules?x=1"), LOOPBACK);
    await res.body?.cancel();
    assert.equal(res.status, 303);
    assert.equal(res.headers.get("location"), "/login?next=%2Frules%3Fx%3D1");
  });
});

Deno.test("createAdminRoutes() shows an error for a wrong password and logs in with the right one", async () => {
  await withRoutes(LOCKED, async (handle) => {
    const wrong = await handle(
      new Request("http://127.0.0.1/login", {
        method: "POST",
        body: new URLSearchParams({ password: "nope", next: "/rules" }),
      }),
      LOOPBACK,
    );
    assert.equal(wrong.status, 401);
    assert.match(await wrong.text(), /role="alert"[^>]*>Wrong password</);

    const cookie = await login(handle);
    const page = await handle(get("/rules", { cookie }), LOOPBACK);
    assert.equal(page.status, 200);
    assert.match(await page.text(), /action="\/logout"/);
  });
});

Deno.test("createAdminRoutes() ignores an off-site next after login", async () => {
  await withRoutes(LOCKED, async (handle) => {
    for (
      const next of ["//evil.example/", "https://evil.example/", "/\\evil"]
    ) {
      const res = await handle(
        new Request("http://127.0.0.1/login", {
          method: "POST",
          body: new URLSearchParams({ password: "hunter2", next }),
        }),
        LOOPBACK,
      );
      await res.body?.cancel();
      assert.equal(res.headers.get("location"), "/", next);
    }
  });
});

Deno.test("createAdminRoutes() logout ends the session", async () => {
  await withRoutes(LOCKED, async (handle) => {
    const cookie = await login(handle);
    const out = await handle(
      new Request("http://127.0.0.1/logout", {
        method: "POST",
        headers: { cookie },
      }),
      LOOPBACK,
    );
    await out.body?.cancel();
    assert.equal(out.status, 303);
    assert.equal(out.headers.get("location"), "/login");
    assert.match(out.headers.get("set-cookie") ?? "", /Max-Age=0/);
    const after = await handle(get("/aliases", { cookie }), LOOPBACK);
    await after.body?.cancel();
    assert.equal(after.status, 303);
  });
});

Deno.test("createAdminRoutes() dispatches /api/* to the admin API and /static/* to files", async () => {
  await withRoutes(OPEN, async (handle) => {
    const health = await handle(get("/api/health"), LOOPBACK);
    assert.deepStrictEqual(await health.json(), { status: "ok" });
    const css = await handle(get("/static/style.css"), LOOPBACK);
    assert.equal(await css.text(), "body{}");
    assert.equal(css.headers.get("cache-control"), "no-cache");
  });
});

Deno.test("createAdminRoutes() renders a 404 page for unknown paths and 405 for wrong methods", async () => {
  await withRoutes(OPEN, async (handle) => {
    const missing = await handle(get("/nope"), LOOPBACK);
    assert.equal(missing.status, 404);
    assert.match(await missing.text(), /Page not found/);
    const post = await handle(
      new Request("http://127.0.0.1/aliases", { method: "POST", body: "x" }),
      LOOPBACK,
    );
    await post.body?.cancel();
    assert.equal(post.status, 405);
  });
});
