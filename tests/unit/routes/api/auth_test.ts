import assert from "node:assert/strict";
import {
  bearerToken,
  isHttps,
  isLoopback,
  LOGIN_FAILURES_ALLOWED,
  LoginThrottle,
  SESSION_TTL_MS,
  sessionCookie,
  SessionStore,
  timingSafeEqual,
} from "../../../../routes/api/auth.ts";

Deno.test("timingSafeEqual() compares whole strings", () => {
  const cases: [string, string, boolean][] = [
    ["secret", "secret", true],
    ["secret", "secreT", false],
    ["secret", "secret1", false],
    ["", "", true],
    ["", "x", false],
    ["päss", "päss", true],
  ];
  for (const [a, b, want] of cases) {
    assert.equal(timingSafeEqual(a, b), want, `${a} vs ${b}`);
  }
});

Deno.test("isLoopback() accepts only loopback addresses", () => {
  const cases: [string, boolean][] = [
    ["127.0.0.1", true],
    ["127.1.2.3", true],
    ["::1", true],
    ["[::1]", true],
    ["::ffff:127.0.0.1", true],
    ["192.168.1.2", false],
    ["10.0.0.1", false],
    ["::ffff:10.0.0.1", false],
    ["fe80::1", false],
    ["1270.0.0.1", false],
  ];
  for (const [host, want] of cases) assert.equal(isLoopback(host), want, host);
});

Deno.test("SessionStore issues random tokens that expire", () => {
  let now = 1_000;
  const sessions = new SessionStore({ now: () => now });
  const a = sessions.create();
  const b = sessions.create();
  assert.notEqual(a.token, b.token);
  assert.match(a.token, /^[A-Za-z0-9_-]{43}$/);
  assert.equal(a.expiresAt.getTime(), 1_000 + SESSION_TTL_MS);
  assert.equal(sessions.isValid(a.token), true);
  assert.equal(sessions.isValid("nope"), false);
  assert.equal(sessions.isValid(undefined), false);
  now += SESSION_TTL_MS;
  assert.equal(sessions.isValid(a.token), false);
  assert.equal(sessions.size, 0);
});

Deno.test("SessionStore.revokeAll() keeps only the listed sessions", () => {
  const sessions = new SessionStore();
  const a = sessions.create();
  const b = sessions.create();
  sessions.revokeAll({ except: [b.token] });
  assert.equal(sessions.isValid(a.token), false);
  assert.equal(sessions.isValid(b.token), true);
  sessions.revoke(b.token);
  assert.equal(sessions.isValid(b.token), false);
});

Deno.test("SessionStore.cookie() is HttpOnly, SameSite=Strict and site-wide", () => {
  const sessions = new SessionStore({ now: () => 0 });
  const cookie = sessions.cookie(sessions.create());
  assert.match(
    cookie,
    /^tresor_session=[A-Za-z0-9_-]+; HttpOnly; SameSite=Strict; Path=\/; Expires=/,
  );
  assert.match(sessions.clearCookie(), /^tresor_session=; .*Max-Age=0$/);
});

Deno.test("SessionStore.cookie() and clearCookie() are Secure only over HTTPS", () => {
  const sessions = new SessionStore({ now: () => 0 });
  const session = sessions.create();
  assert.doesNotMatch(sessions.cookie(session), /Secure/);
  assert.match(sessions.cookie(session, { secure: true }), /; Secure$/);
  assert.match(sessions.clearCookie({ secure: true }), /Max-Age=0; Secure$/);
  assert.equal(
    isHttps(new Request("https://127.0.0.1:1/api/auth/login")),
    true,
  );
  assert.equal(
    isHttps(new Request("http://127.0.0.1:1/api/auth/login")),
    false,
  );
});

Deno.test("bearerToken() and sessionCookie() read the request's credentials", () => {
  const req = new Request("http://x/", {
    headers: {
      authorization: "Bearer abc",
      cookie: "a=1; tresor_session=tok; b=2",
    },
  });
  assert.equal(bearerToken(req), "abc");
  assert.equal(sessionCookie(req), "tok");
  const bare = new Request("http://x/", {
    headers: { authorization: "Basic abc" },
  });
  assert.equal(bearerToken(bare), undefined);
  assert.equal(sessionCookie(bare), undefined);
});

Deno.test("LoginThrottle locks a client after repeated failures, with backoff", () => {
  let now = 0;
  const throttle = new LoginThrottle({ now: () => now });
  for (let i = 0; i < LOGIN_FAILURES_ALLOWED - 1; i++) throttle.fail("1.2.3.4");
  assert.equal(throttle.retryAfter("1.2.3.4"), 0);
  throttle.fail("1.2.3.4");
  assert.equal(throttle.retryAfter("1.2.3.4"), 30);
  assert.equal(
    throttle.retryAfter("5.6.7.8"),
    0,
    "other clients are not affected",
  );
  now += 30_000;
  assert.equal(throttle.retryAfter("1.2.3.4"), 0);
  throttle.fail("1.2.3.4");
  assert.equal(
    throttle.retryAfter("1.2.3.4"),
    60,
    "the next failure doubles the lock",
  );
  throttle.succeed("1.2.3.4");
  assert.equal(throttle.retryAfter("1.2.3.4"), 0);
});
