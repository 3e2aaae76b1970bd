import assert from "node:assert/strict";
import {
  readJson,
  sampleConfig,
  SECRET_KEY,
  startApiServer,
} from "../_helpers/api_server.ts";

Deno.test("[e2e] admin API: public endpoints answer without credentials", async () => {
  const server = await startApiServer({ config: sampleConfig() });
  try {
    const health = await readJson(
      await server.call("/api/health", { auth: null }),
    );
    assert.deepStrictEqual(health, {
      status: 200,
      text: '{"status":"ok"}',
      body: { status: "ok" },
    });

    const version = await readJson(
      await server.call("/api/version", { auth: null }),
    );
    assert.equal(version.status, 200);
    const v = version.body as Record<string, unknown>;
    assert.equal(v.version, "9.9.9");
    assert.equal(v.build, "test");
    assert.equal(v.deno, Deno.version.deno);

    const anonymous = await readJson(
      await server.call("/api/auth/status", { auth: null }),
    );
    assert.deepStrictEqual(anonymous.body, {
      password_required: true,
      authenticated: false,
    });
    const withPassword = await readJson(await server.call("/api/auth/status"));
    assert.deepStrictEqual(withPassword.body, {
      password_required: true,
      authenticated: true,
    });
  } finally {
    await server.close();
  }
});

Deno.test("[e2e] admin API: protected endpoints need the password or a session", async () => {
  const server = await startApiServer({ config: sampleConfig() });
  try {
    for (const auth of [null, "wrong"]) {
      const res = await readJson(
        await server.call("/api/downstreams", { auth }),
      );
      assert.equal(res.status, 401, `auth=${auth}`);
      assert.equal(typeof (res.body as { error: unknown }).error, "string");
    }
    const ok = await server.call("/api/downstreams");
    assert.equal(ok.status, 200);
    await ok.body?.cancel();
  } finally {
    await server.close();
  }
});

Deno.test("[e2e] admin API: login issues a session token and cookie; logout ends it", async () => {
  const server = await startApiServer({ config: sampleConfig() });
  try {
    const bad = await readJson(
      await server.call("/api/auth/login", {
        method: "POST",
        auth: null,
        body: JSON.stringify({ password: "nope" }),
      }),
    );
    assert.equal(bad.status, 401);
    assert.deepStrictEqual(bad.body, { error: "Wrong password" });

    const missing = await readJson(
      await server.call("/api/auth/login", {
        method: "POST",
        auth: null,
        body: "{}",
      }),
    );
    assert.equal(missing.status, 400);
    assert.match((missing.body as { error: string }).error, /^password: /);

    const res = await server.call("/api/auth/login", {
      method: "POST",
      auth: null,
      body: JSON.stringify({ password: "hunter2" }),
    });
    const cookie = res.headers.get("set-cookie") ?? "";
    const login = await readJson(res);
    assert.equal(login.status, 200);
    const { token, expires_at } = login.body as {
      token: string;
      expires_at: string;
    };
    assert.match(token, /^[A-Za-z0-9_-]{43}$/);
    assert.ok(Date.parse(expires_at) > Date.now());
    assert.equal(new Date(expires_at).toISOString(), expires_at);
    assert.match(
      cookie,
      new RegExp(`^tresor_session=${token}; HttpOnly; SameSite=Strict; Path=/`),
    );

    const byBearer = await server.call("/api/rules", { auth: token });
    assert.equal(byBearer.status, 200);
    await byBearer.body?.cancel();
    const byCookie = await server.call("/api/rules", {
      auth: null,
      headers: { cookie: `tresor_session=${token}` },
    });
    assert.equal(byCookie.status, 200);
    await byCookie.body?.cancel();
    const status = await readJson(
      await server.call("/api/auth/status", {
        auth: null,
        headers: { cookie: `tresor_session=${token}` },
      }),
    );
    assert.deepStrictEqual(status.body, {
      password_required: true,
      authenticated: true,
    });

    const logout = await server.call("/api/auth/logout", {
      method: "POST",
      auth: token,
    });
    assert.equal(logout.status, 204);
    assert.match(
      logout.headers.get("set-cookie") ?? "",
      /^tresor_session=;.*Max-Age=0/,
    );
    await logout.body?.cancel();
    const after = await server.call("/api/rules", { auth: token });
    assert.equal(after.status, 401);
    await after.body?.cancel();
  } finally {
    await server.close();
  }
});

Deno.test("[e2e] admin API: repeated bad logins are throttled with Retry-After", async () => {
  let now = 1_000_000;
  const server = await startApiServer({
    config: sampleConfig(),
    now: () => now,
  });
  const login = (password: string) =>
    server.call("/api/auth/login", {
      method: "POST",
      auth: null,
      body: JSON.stringify({ password }),
    });
  try {
    for (let i = 0; i < 5; i++) {
      const res = await login("guess" + i);
      assert.equal(res.status, 401);
      await res.body?.cancel();
    }
    const locked = await login("hunter2");
    assert.equal(
      locked.status,
      429,
      "even the right password waits while locked",
    );
    assert.equal(locked.headers.get("retry-after"), "30");
    assert.match((await readJson(locked)).text, /Too many failed logins/);

    const bearer = await server.call("/api/downstreams", { auth: "guess" });
    assert.equal(
      bearer.status,
      429,
      "password guesses by Bearer are throttled too",
    );
    await bearer.body?.cancel();

    now += 30_000;
    const ok = await login("hunter2");
    assert.equal(ok.status, 200);
    await ok.body?.cancel();
    assert.ok(
      server.logLines.some((line) => line.includes("Admin login failed")),
    );
    for (const line of server.logLines) {
      assert.ok(!line.includes("hunter2"), line);
    }
  } finally {
    await server.close();
  }
});

Deno.test("[e2e] admin API: without admin_password only loopback clients are served", async () => {
  const server = await startApiServer({
    config: sampleConfig({ adminPassword: "" }),
  });
  try {
    const local = await readJson(
      await server.call("/api/downstreams", { auth: null }),
    );
    assert.equal(local.status, 200);
    const status = await readJson(
      await server.call("/api/auth/status", { auth: null }),
    );
    assert.deepStrictEqual(status.body, {
      password_required: false,
      authenticated: true,
    });

    const remote = { remoteAddr: { hostname: "192.168.1.20" } };
    const denied = await readJson(
      await server.api.handle(
        new Request(`${server.url}/api/downstreams`),
        remote,
      ),
    );
    assert.equal(denied.status, 403);
    assert.match((denied.body as { error: string }).error, /loopback/);
    const login = await server.api.handle(
      new Request(`${server.url}/api/auth/login`, {
        method: "POST",
        body: "{}",
      }),
      remote,
    );
    assert.equal(login.status, 403);
    await login.body?.cancel();
    const health = await server.api.handle(
      new Request(`${server.url}/api/health`),
      remote,
    );
    assert.equal(health.status, 200);
    await health.body?.cancel();
  } finally {
    await server.close();
  }
});

Deno.test("[e2e] admin API: 405 with Allow, 404 for unknown paths, 400 for bad JSON", async () => {
  const server = await startApiServer({ config: sampleConfig() });
  try {
    const notAllowed = await server.call("/api/downstreams", {
      method: "DELETE",
    });
    assert.equal(notAllowed.status, 405);
    assert.equal(notAllowed.headers.get("allow"), "GET, POST");
    await notAllowed.body?.cancel();
    const patchAlias = await server.call("/api/aliases/smart-alpha", {
      method: "PATCH",
      body: "{}",
    });
    assert.equal(patchAlias.status, 405);
    assert.equal(patchAlias.headers.get("allow"), "GET, PUT, DELETE");
    await patchAlias.body?.cancel();

    const unknown = await readJson(await server.call("/api/nothing-here"));
    assert.equal(unknown.status, 404);
    assert.ok((unknown.body as { error: string }).error);

    for (const body of ["{not json", "[1,2]", ""]) {
      const bad = await readJson(
        await server.call("/api/downstreams", { method: "POST", body }),
      );
      assert.equal(bad.status, 400, JSON.stringify(body));
      assert.equal(typeof (bad.body as { error: unknown }).error, "string");
    }
    assert.ok(!server.logLines.join("\n").includes(SECRET_KEY));
  } finally {
    await server.close();
  }
});
