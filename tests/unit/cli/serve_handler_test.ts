import assert from "node:assert/strict";
import { createServeHandler } from "../../../cli/serve_handler.ts";
import { createLogger } from "../../../gateway/mod.ts";

const INFO = { remoteAddr: { hostname: "127.0.0.1" } };
const BASE = "http://127.0.0.1:11510";

interface Harness {
  handle(req: Request): Promise<Response>;
  /** `gateway PATH` / `admin PATH` for every request that got through. */
  readonly reached: string[];
  readonly logLines: string[];
  settings: { allowedHosts: string[]; corsAllowedOrigins: string[] };
}

function harness(loopbackListen = true): Harness {
  const reached: string[] = [];
  const logLines: string[] = [];
  const h: Harness = {
    reached,
    logLines,
    settings: { allowedHosts: [], corsAllowedOrigins: [] },
    handle: (req) => handle(req, INFO),
  };
  const handle = createServeHandler({
    gateway: {
      handle: (req) => {
        reached.push(`gateway ${new URL(req.url).pathname}`);
        return Promise.resolve(
          Response.json({ ok: true }, {
            headers: { "x-tresor-request-id": "r" },
          }),
        );
      },
    },
    admin: {
      handle: (req) => {
        reached.push(`admin ${new URL(req.url).pathname}`);
        return Promise.resolve(Response.json({ ok: true }));
      },
    },
    settings: () => h.settings,
    log: createLogger({ level: "debug", sink: (l) => logLines.push(l) }),
    loopbackListen,
  });
  return h;
}

function request(
  path: string,
  init: { method?: string; headers?: Record<string, string>; body?: string } =
    {},
): Request {
  return new Request(`${BASE}${path}`, {
    method: init.method ?? (init.body === undefined ? "GET" : "POST"),
    headers: { host: "127.0.0.1:11510", ...init.headers },
    body: init.body,
  });
}

const EVERY_SURFACE: [string, string, string | undefined][] = [
  ["/v1/chat/completions", "POST", '{"model":"m"}'],
  ["/v1/messages", "POST", '{"model":"m"}'],
  ["/v1/models", "GET", undefined],
  ["/api/config", "GET", undefined],
  ["/api/logs", "GET", undefined],
  ["/api/health", "GET", undefined],
  ["/aliases", "GET", undefined],
  ["/static/style.css", "GET", undefined],
];

for (const [path, method, body] of EVERY_SURFACE) {
  Deno.test(`createServeHandler() refuses ${method} ${path} under a rebound Host while on loopback`, async () => {
    const h = harness();
    const res = await h.handle(
      request(path, { method, body, headers: { host: "evil.example:11510" } }),
    );
    assert.equal(res.status, 403);
    assert.match(await res.text(), /evil\.example:11510.*allowed_hosts/);
    assert.deepStrictEqual(h.reached, []);
    assert.match(h.logLines[0], /"reason":"host"/);

    // Control: the same request under the loopback name gets through.
    const ok = await h.handle(request(path, { method, body }));
    assert.equal(ok.status, 200);
    await ok.body?.cancel();
    assert.equal(h.reached.length, 1);
  });
}

Deno.test("createServeHandler() refuses a rebound Host in the client's error shape on gateway routes", async () => {
  const h = harness();
  const res = await h.handle(
    request("/v1/messages", {
      body: "{}",
      headers: { host: "evil.example:11510" },
    }),
  );
  const body = await res.json();
  assert.equal(body.type, "error");
  assert.equal(body.error.type, "permission_error");
});

Deno.test("createServeHandler() serves an allowed_hosts name, and follows the live list", async () => {
  const h = harness();
  const req = () =>
    request("/api/config", { headers: { host: "tresor.lan:11510" } });
  const before = await h.handle(req());
  assert.equal(before.status, 403);
  await before.body?.cancel();
  h.settings = { ...h.settings, allowedHosts: ["tresor.lan"] };
  const after = await h.handle(req());
  assert.equal(after.status, 200);
  await after.body?.cancel();
});

Deno.test("createServeHandler() does not check Host when listening on a non-loopback address", async () => {
  const h = harness(false);
  const res = await h.handle(
    request("/v1/models", { headers: { host: "tresor.lan:11510" } }),
  );
  assert.equal(res.status, 200);
  await res.body?.cancel();
  assert.deepStrictEqual(h.reached, ["gateway /v1/models"]);
});

Deno.test("createServeHandler() refuses an unlisted browser origin on the gateway without forwarding", async () => {
  const h = harness();
  const res = await h.handle(
    request("/v1/chat/completions", {
      body: '{"model":"m"}',
      headers: { origin: "https://evil.example" },
    }),
  );
  assert.equal(res.status, 403);
  assert.equal(res.headers.get("access-control-allow-origin"), null);
  const body = await res.json();
  assert.equal(body.error.code, "forbidden");
  assert.match(body.error.message, /cors_allowed_origins/);
  assert.deepStrictEqual(h.reached, []);
});

Deno.test("createServeHandler() forwards a listed origin's request with CORS headers", async () => {
  const h = harness();
  h.settings.corsAllowedOrigins = ["http://localhost:5173"];
  const res = await h.handle(
    request("/v1/chat/completions", {
      body: '{"model":"m"}',
      headers: { origin: "http://localhost:5173" },
    }),
  );
  assert.equal(res.status, 200);
  assert.equal(
    res.headers.get("access-control-allow-origin"),
    "http://localhost:5173",
  );
  assert.equal(res.headers.get("x-tresor-request-id"), "r");
  assert.deepStrictEqual(await res.json(), { ok: true });
  assert.deepStrictEqual(h.reached, ["gateway /v1/chat/completions"]);
});

Deno.test("createServeHandler() answers a listed origin's preflight itself", async () => {
  const h = harness();
  h.settings.corsAllowedOrigins = ["http://localhost:5173"];
  const res = await h.handle(
    request("/v1/messages", {
      method: "OPTIONS",
      headers: {
        origin: "http://localhost:5173",
        "access-control-request-method": "POST",
        "access-control-request-headers": "x-api-key,anthropic-version",
      },
    }),
  );
  assert.equal(res.status, 204);
  assert.equal(
    res.headers.get("access-control-allow-headers"),
    "x-api-key, anthropic-version",
  );
  assert.deepStrictEqual(h.reached, []);
});

Deno.test("createServeHandler() refuses admin mutations by the browser rules before the admin routes", async () => {
  const h = harness();
  const attack = await h.handle(
    request("/api/downstreams", {
      body: '{"id":"evil"}',
      headers: {
        origin: "https://evil.example",
        "content-type": "text/plain",
        "content-length": "13",
      },
    }),
  );
  assert.equal(attack.status, 403);
  await attack.body?.cancel();
  const plain = await h.handle(
    request("/api/downstreams", {
      body: '{"id":"evil"}',
      headers: { "content-type": "text/plain", "content-length": "13" },
    }),
  );
  assert.equal(plain.status, 415);
  await plain.body?.cancel();
  assert.deepStrictEqual(h.reached, []);

  // Control: the CLI's request.
  const cli = await h.handle(
    request("/api/downstreams", {
      body: '{"id":"ok"}',
      headers: { "content-type": "application/json", "content-length": "11" },
    }),
  );
  assert.equal(cli.status, 200);
  await cli.body?.cancel();
  assert.deepStrictEqual(h.reached, ["admin /api/downstreams"]);
});
