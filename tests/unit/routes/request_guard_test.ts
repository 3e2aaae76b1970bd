import assert from "node:assert/strict";
import {
  checkAdminRequest,
  type Refusal,
  renderRefusal,
} from "../../../routes/mod.ts";

const SELF = "http://127.0.0.1:11510";

interface Case {
  name: string;
  method: string;
  path: string;
  headers?: Record<string, string>;
  body?: string;
  want: Refusal["status"] | undefined;
}

const JSON_TYPE = { "content-type": "application/json" };

const CASES: Case[] = [
  // Controls: what the CLI, the islands and the pages send.
  {
    name: "CLI: JSON without Origin",
    method: "POST",
    path: "/api/downstreams",
    headers: JSON_TYPE,
    body: "{}",
    want: undefined,
  },
  {
    name: "CLI: body-less POST without a content type",
    method: "POST",
    path: "/api/aliases/a/activate",
    want: undefined,
  },
  {
    name: "island: JSON with its own origin",
    method: "PUT",
    path: "/api/config",
    headers: {
      ...JSON_TYPE,
      origin: SELF,
      "sec-fetch-site": "same-origin",
    },
    body: "{}",
    want: undefined,
  },
  {
    name: "island: JSON with a charset",
    method: "PUT",
    path: "/api/config",
    headers: { "content-type": "Application/JSON; charset=utf-8" },
    body: "{}",
    want: undefined,
  },
  {
    name: "island: DELETE without a body",
    method: "DELETE",
    path: "/api/rules/r",
    headers: { origin: SELF },
    want: undefined,
  },
  {
    name: "login page form post from its own origin",
    method: "POST",
    path: "/login",
    headers: {
      origin: SELF,
      "content-type": "application/x-www-form-urlencoded",
    },
    body: "password=x",
    want: undefined,
  },
  {
    name:
      "GET with a foreign Origin (reads are guarded by the browser and Host)",
    method: "GET",
    path: "/api/config",
    headers: { origin: "https://evil.example" },
    want: undefined,
  },
  {
    name: "OPTIONS with a foreign Origin (no CORS is ever granted)",
    method: "OPTIONS",
    path: "/api/config",
    headers: { origin: "https://evil.example" },
    want: undefined,
  },
  // Attacks.
  {
    name: "no-cors text/plain POST from another site",
    method: "POST",
    path: "/api/downstreams",
    headers: {
      origin: "https://evil.example",
      "content-type": "text/plain;charset=UTF-8",
    },
    body: "{}",
    want: 403,
  },
  {
    name: "foreign Origin with JSON and a cookie",
    method: "PUT",
    path: "/api/config",
    headers: {
      ...JSON_TYPE,
      origin: "http://localhost:3000",
      cookie: "tresor_session=t",
    },
    body: "{}",
    want: 403,
  },
  {
    name: "foreign Origin with a Bearer token",
    method: "DELETE",
    path: "/api/downstreams/a",
    headers: { origin: "http://127.0.0.1:3000", authorization: "Bearer x" },
    want: 403,
  },
  {
    name: "Origin: null (sandboxed frame, data: URL)",
    method: "POST",
    path: "/api/aliases/a/activate",
    headers: { origin: "null" },
    want: 403,
  },
  {
    name: "the same host name over https",
    method: "POST",
    path: "/api/aliases/a/activate",
    headers: { origin: "https://127.0.0.1:11510" },
    want: 403,
  },
  {
    name: "Sec-Fetch-Site: cross-site without Origin",
    method: "POST",
    path: "/api/aliases/a/activate",
    headers: { "sec-fetch-site": "cross-site" },
    want: 403,
  },
  {
    name: "cross-site form post to the login page",
    method: "POST",
    path: "/login",
    headers: {
      origin: "https://evil.example",
      "content-type": "application/x-www-form-urlencoded",
    },
    body: "password=x",
    want: 403,
  },
  {
    name: "cross-site logout",
    method: "POST",
    path: "/logout",
    headers: { "sec-fetch-site": "cross-site" },
    want: 403,
  },
  {
    name: "PATCH with a foreign Origin",
    method: "PATCH",
    path: "/api/rules/r",
    headers: { origin: "https://evil.example" },
    want: 403,
  },
  {
    name: "text/plain body without Origin",
    method: "POST",
    path: "/api/downstreams",
    headers: { "content-type": "text/plain" },
    body: "{}",
    want: 415,
  },
  {
    name: "form body to the API",
    method: "POST",
    path: "/api/auth/login",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body: "password=x",
    want: 415,
  },
  {
    name: "multipart body to the API",
    method: "PUT",
    path: "/api/config",
    headers: { "content-type": "multipart/form-data; boundary=x" },
    body: "--x--",
    want: 415,
  },
  {
    name: "a body without a content type",
    method: "POST",
    path: "/api/log_level",
    body: '{"level":"debug"}',
    want: 415,
  },
  {
    name: "a JSON look-alike content type",
    method: "POST",
    path: "/api/downstreams",
    headers: { "content-type": "application/jsonx" },
    body: "{}",
    want: 415,
  },
];

for (const c of CASES) {
  Deno.test(`checkAdminRequest() for ${c.name}: ${c.want ?? "served"}`, async () => {
    const req = new Request(`${SELF}${c.path}`, {
      method: c.method,
      headers: c.headers,
      body: c.body,
    });
    // As `Deno.serve` delivers it: a body declares its length. `new Request` also sets a
    // text/plain type for a string body; keep only what the case says.
    if (c.body !== undefined) {
      req.headers.set("content-length", String(c.body.length));
      if (!c.headers?.["content-type"]) req.headers.delete("content-type");
    }
    assert.equal(checkAdminRequest(req, c.path)?.status, c.want);
    await req.body?.cancel();
  });
}

Deno.test("renderRefusal() answers JSON under /api/ and an HTML page elsewhere", async () => {
  const api = renderRefusal("/api/config", { status: 403, message: "No" });
  assert.equal(api.status, 403);
  assert.deepStrictEqual(await api.json(), { error: "No" });
  const page = renderRefusal("/aliases", { status: 403, message: "<b>No</b>" });
  assert.equal(page.status, 403);
  const html = await page.text();
  assert.match(html, /<p>&lt;b>No&lt;\/b><\/p>/);
  assert.equal(page.headers.get("access-control-allow-origin"), null);
});
