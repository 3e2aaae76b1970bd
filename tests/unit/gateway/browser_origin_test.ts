import assert from "node:assert/strict";
import {
  decideOrigin,
  type OriginDecision,
  preflightResponse,
  renderForbidden,
  withCorsHeaders,
} from "../../../gateway/mod.ts";
import { allowedRequestHeaders } from "../../../gateway/browser_origin.ts";

const LISTED = ["http://localhost:5173", "https://app.example.com"];
const URL_ = "http://127.0.0.1:11510/v1/chat/completions";

interface Case {
  name: string;
  method?: string;
  headers: Record<string, string>;
  want: OriginDecision;
}

const CASES: Case[] = [
  {
    name: "no Origin (SDKs, curl, agents)",
    headers: {},
    want: { kind: "pass" },
  },
  {
    name: "the gateway's own origin",
    headers: { origin: "http://127.0.0.1:11510" },
    want: { kind: "pass" },
  },
  {
    name: "a listed origin",
    headers: { origin: "http://localhost:5173" },
    want: { kind: "cors", origin: "http://localhost:5173" },
  },
  {
    name: "a listed origin's preflight",
    method: "OPTIONS",
    headers: {
      origin: "https://app.example.com",
      "access-control-request-method": "POST",
    },
    want: { kind: "preflight", origin: "https://app.example.com" },
  },
  {
    name: "a listed origin's OPTIONS that is no preflight",
    method: "OPTIONS",
    headers: { origin: "https://app.example.com" },
    want: { kind: "cors", origin: "https://app.example.com" },
  },
  {
    name: "an unlisted origin",
    headers: { origin: "https://evil.example" },
    want: { kind: "refuse", origin: "https://evil.example" },
  },
  {
    name: "an unlisted origin's preflight",
    method: "OPTIONS",
    headers: {
      origin: "https://evil.example",
      "access-control-request-method": "POST",
    },
    want: { kind: "refuse", origin: "https://evil.example" },
  },
  {
    name: "a listed origin on another port",
    headers: { origin: "http://localhost:5174" },
    want: { kind: "refuse", origin: "http://localhost:5174" },
  },
  {
    name: "a listed origin with another scheme",
    headers: { origin: "https://localhost:5173" },
    want: { kind: "refuse", origin: "https://localhost:5173" },
  },
  {
    name: "a sandboxed page (Origin: null)",
    headers: { origin: "null" },
    want: { kind: "refuse", origin: "null" },
  },
  {
    name: "the loopback address on another port",
    headers: { origin: "http://127.0.0.1:3000" },
    want: { kind: "refuse", origin: "http://127.0.0.1:3000" },
  },
];

for (const c of CASES) {
  Deno.test(`decideOrigin() for ${c.name}`, () => {
    const req = new Request(URL_, {
      method: c.method ?? "POST",
      headers: c.headers,
    });
    assert.deepStrictEqual(decideOrigin(req, LISTED), c.want);
  });
}

Deno.test("preflightResponse() allows the listed origin, the gateway's methods and the SDK headers", () => {
  const req = new Request(URL_, {
    method: "OPTIONS",
    headers: {
      origin: "http://localhost:5173",
      "access-control-request-method": "POST",
      "access-control-request-headers":
        "authorization,content-type,x-stainless-os,x-stainless-retry-count",
      "access-control-request-private-network": "true",
    },
  });
  const res = preflightResponse(req, "http://localhost:5173");
  assert.equal(res.status, 204);
  assert.deepStrictEqual(Object.fromEntries(res.headers), {
    "access-control-allow-origin": "http://localhost:5173",
    "access-control-allow-methods": "GET, POST",
    "access-control-allow-headers":
      "authorization, content-type, x-stainless-os, x-stainless-retry-count",
    "access-control-allow-private-network": "true",
    "access-control-max-age": "600",
    vary: "Origin",
  });
});

const HEADER_CASES: [string, string[]][] = [
  // What the OpenAI SDK sends from a browser.
  [
    "Authorization, Content-Type, OpenAI-Beta, OpenAI-Organization, OpenAI-Project, X-Stainless-Lang, X-Stainless-Package-Version, X-Stainless-Timeout, Idempotency-Key, Accept",
    [
      "authorization",
      "content-type",
      "openai-beta",
      "openai-organization",
      "openai-project",
      "x-stainless-lang",
      "x-stainless-package-version",
      "x-stainless-timeout",
      "idempotency-key",
      "accept",
    ],
  ],
  // What the Anthropic SDK sends with dangerouslyAllowBrowser.
  [
    "x-api-key,anthropic-version,anthropic-beta,anthropic-dangerous-direct-browser-access,x-stainless-arch,x-stainless-helper-method",
    [
      "x-api-key",
      "anthropic-version",
      "anthropic-beta",
      "anthropic-dangerous-direct-browser-access",
      "x-stainless-arch",
      "x-stainless-helper-method",
    ],
  ],
  ["cookie, x-forwarded-for, x-evil, content-type", ["content-type"]],
  ["content-type, content-type", ["content-type"]],
  ["", []],
  ["bad header, x-api-key", ["x-api-key"]],
];

for (const [requested, want] of HEADER_CASES) {
  Deno.test(`allowedRequestHeaders() for ${JSON.stringify(requested)}`, () => {
    assert.deepStrictEqual(allowedRequestHeaders(requested), want);
  });
}

Deno.test("withCorsHeaders() names the origin, never *, and keeps status, headers and body", async () => {
  const upstream = new Response("data: {}\n\n", {
    status: 201,
    headers: {
      "content-type": "text/event-stream",
      "x-tresor-request-id": "r1",
      vary: "Accept-Encoding",
    },
  });
  const res = withCorsHeaders(upstream, "http://localhost:5173");
  assert.equal(res.status, 201);
  assert.equal(
    res.headers.get("access-control-allow-origin"),
    "http://localhost:5173",
  );
  assert.match(
    res.headers.get("access-control-expose-headers") ?? "",
    /x-tresor-request-id/,
  );
  assert.equal(res.headers.get("vary"), "Accept-Encoding, Origin");
  assert.equal(res.headers.get("x-tresor-request-id"), "r1");
  assert.equal(res.headers.get("access-control-allow-credentials"), null);
  assert.equal(await res.text(), "data: {}\n\n");
});

const FORBIDDEN_CASES: [string, number, unknown][] = [
  ["/v1/chat/completions", 403, {
    error: { message: "No", type: "invalid_request_error", code: "forbidden" },
  }],
  ["/v1/messages", 403, {
    type: "error",
    error: { type: "permission_error", message: "No" },
  }],
  ["/messages/count_tokens", 403, {
    type: "error",
    error: { type: "permission_error", message: "No" },
  }],
  ["/v1/responses", 403, {
    error: { message: "No", type: "invalid_request_error", code: "forbidden" },
  }],
  ["/v1/responses/resp_1", 403, {
    error: { message: "No", type: "invalid_request_error", code: "forbidden" },
  }],
];

for (const [path, status, body] of FORBIDDEN_CASES) {
  Deno.test(`renderForbidden() answers ${path} in its client's error shape`, async () => {
    const res = renderForbidden(path, "No");
    assert.equal(res.status, status);
    assert.equal(res.headers.get("access-control-allow-origin"), null);
    assert.deepStrictEqual(await res.json(), body);
  });
}
