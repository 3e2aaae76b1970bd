import assert from "node:assert/strict";
import {
  buildUpstreamUrl,
  toForwardHeaderList,
  toForwardHeaders,
  toResponseHeaders,
  withDownstreamAuth,
} from "../../../gateway/forward.ts";
import type { ApiFormat } from "../../../plugins/mod.ts";

interface UrlCase {
  name: string;
  base: string;
  format: ApiFormat;
  path: string;
  query?: string;
  want: string;
}

const URL_CASES: UrlCase[] = [
  {
    name: "appends the path to an openai base_url that includes the version",
    base: "https://api.openai.com/v1",
    format: "openai",
    path: "/chat/completions",
    want: "https://api.openai.com/v1/chat/completions",
  },
  {
    name: "does the same for the responses format",
    base: "https://api.openai.com/v1/",
    format: "responses",
    path: "/responses",
    want: "https://api.openai.com/v1/responses",
  },
  {
    name: "adds /v1 to an anthropic base_url",
    base: "https://api.anthropic.com",
    format: "anthropic",
    path: "/messages",
    want: "https://api.anthropic.com/v1/messages",
  },
  {
    name: "does not add a second /v1 to an anthropic base_url ending in /v1",
    base: "https://proxy.example/anthropic/v1/",
    format: "anthropic",
    path: "/messages/count_tokens",
    want: "https://proxy.example/anthropic/v1/messages/count_tokens",
  },
  {
    name: "keeps the client's query string",
    base: "https://api.anthropic.com",
    format: "anthropic",
    path: "/messages",
    query: "?beta=true",
    want: "https://api.anthropic.com/v1/messages?beta=true",
  },
];

for (const c of URL_CASES) {
  Deno.test(`buildUpstreamUrl() ${c.name}`, () => {
    assert.equal(buildUpstreamUrl(c.base, c.format, c.path, c.query), c.want);
  });
}

Deno.test("toForwardHeaders() strips credentials, hop-by-hop, host, content-length and connection-listed headers", () => {
  const got = toForwardHeaders(
    new Headers({
      authorization: "Bearer client",
      "x-api-key": "client",
      cookie: "a=b",
      host: "127.0.0.1:11510",
      "content-length": "12",
      connection: "keep-alive, x-hop",
      "keep-alive": "timeout=5",
      "transfer-encoding": "chunked",
      te: "trailers",
      upgrade: "h2c",
      "proxy-authorization": "Basic x",
      "x-hop": "1",
      "accept-encoding": "gzip",
      "content-type": "application/json",
      "anthropic-version": "2023-06-01",
      "anthropic-beta": "tools-2024",
      "user-agent": "sdk",
    }),
  );
  assert.deepStrictEqual(Object.fromEntries(got), {
    "anthropic-beta": "tools-2024",
    "anthropic-version": "2023-06-01",
    "content-type": "application/json",
    "user-agent": "sdk",
  });
});

interface AuthCase {
  name: string;
  format: ApiFormat;
  key: string;
  client: Record<string, string>;
  want: Record<string, string>;
}

const AUTH_CASES: AuthCase[] = [
  {
    name: "adds a Bearer key for openai",
    format: "openai",
    key: "sk-down",
    client: {},
    want: { authorization: "Bearer sk-down" },
  },
  {
    name: "adds a Bearer key for responses",
    format: "responses",
    key: "sk-down",
    client: {},
    want: { authorization: "Bearer sk-down" },
  },
  {
    name: "adds x-api-key and the default anthropic-version for anthropic",
    format: "anthropic",
    key: "sk-ant",
    client: {},
    want: { "anthropic-version": "2023-06-01", "x-api-key": "sk-ant" },
  },
  {
    name: "keeps the client's anthropic-version",
    format: "anthropic",
    key: "sk-ant",
    client: { "anthropic-version": "2099-01-01" },
    want: { "anthropic-version": "2099-01-01", "x-api-key": "sk-ant" },
  },
  {
    name: "adds no credentials when the downstream has no key",
    format: "openai",
    key: "",
    client: { "x-custom": "1" },
    want: { "x-custom": "1" },
  },
];

for (const c of AUTH_CASES) {
  Deno.test(`withDownstreamAuth() ${c.name}`, () => {
    const got = withDownstreamAuth(new Headers(c.client), c.format, c.key);
    assert.deepStrictEqual(Object.fromEntries(got), c.want);
  });
}

Deno.test("toResponseHeaders() strips hop-by-hop, content-length and content-encoding", () => {
  const upstream = new Headers({
    "content-type": "text/event-stream",
    "content-length": "10",
    "content-encoding": "gzip",
    connection: "close",
    "transfer-encoding": "chunked",
    "x-request-id": "req_1",
    "retry-after": "3",
  });
  assert.deepStrictEqual(Object.fromEntries(toResponseHeaders(upstream)), {
    "content-type": "text/event-stream",
    "retry-after": "3",
    "x-request-id": "req_1",
  });
});

Deno.test("toResponseHeaders() keeps repeated fields and every set-cookie, toForwardHeaders() repeated fields", () => {
  const fields: [string, string][] = [
    ["set-cookie", "a=1"],
    ["x-multi", "one"],
    ["set-cookie", "b=2"],
    ["x-multi", "two"],
    ["connection", "x-hop"],
    ["x-hop", "1"],
  ];
  const want = [
    ["set-cookie", "a=1"],
    ["set-cookie", "b=2"],
    ["x-multi", "one, two"],
  ];
  assert.deepStrictEqual([...toResponseHeaders(new Headers(fields))], want);
  // A request carries no set-cookie; the forwarded headers keep one value per name.
  assert.deepStrictEqual(
    [...toForwardHeaders(new Headers(fields.slice(1)))],
    [["set-cookie", "b=2"], ["x-multi", "one, two"]],
  );
});

for (const c of AUTH_CASES) {
  Deno.test(`toForwardHeaderList() ${c.name}, like toForwardHeaders() + withDownstreamAuth()`, () => {
    const client = new Headers({
      ...c.client,
      host: "gateway",
      connection: "x-hop",
      "x-hop": "1",
      "content-length": "5",
    });
    const want = Object.fromEntries(
      withDownstreamAuth(toForwardHeaders(client), c.format, c.key),
    );
    want["content-type"] ??= "application/json";
    const got = toForwardHeaderList(client, c.format, c.key);
    assert.equal(new Set(got.map(([name]) => name)).size, got.length);
    assert.deepStrictEqual(Object.fromEntries(got), want);
  });
}

Deno.test("toForwardHeaderList() keeps the client's content-type", () => {
  const got = toForwardHeaderList(
    new Headers({ "content-type": "application/json; charset=utf-8" }),
    "openai",
    "",
  );
  assert.deepStrictEqual(got, [[
    "content-type",
    "application/json; charset=utf-8",
  ]]);
});

const CLAUDE_CODE_HEADERS = {
  "anthropic-beta":
    "claude-code-20250219,context-management-2025-06-27,effort-2025-11-24",
  "anthropic-version": "2023-06-01",
  "anthropic-dangerous-direct-browser-access": "true",
  "user-agent": "claude-cli/2.1.332 (external, sdk-cli)",
  "x-app": "cli",
  "x-claude-code-session-id": "c3df42cb",
  "x-stainless-os": "Linux",
  "x-stainless-retry-count": "0",
  "content-type": "application/json",
  "accept": "application/json",
  "x-team": "research",
};

Deno.test("toForwardHeaders() drops client-only headers when the request changes API family", () => {
  const out = Object.fromEntries(
    toForwardHeaders(new Headers(CLAUDE_CODE_HEADERS), { crossFamily: true }),
  );
  assert.deepStrictEqual(out, {
    accept: "application/json",
    "content-type": "application/json",
    "x-team": "research",
  });
  const codex = Object.fromEntries(
    toForwardHeaders(
      new Headers({
        originator: "codex_exec",
        "x-codex-turn-metadata": "{}",
        "openai-beta": "responses=v1",
        "x-team": "r",
      }),
      { crossFamily: true },
    ),
  );
  assert.deepStrictEqual(codex, { "x-team": "r" });
});

Deno.test("toForwardHeaders() keeps a same-family request's headers, filtering anthropic-beta when asked", () => {
  const same = toForwardHeaders(new Headers(CLAUDE_CODE_HEADERS));
  assert.equal(same.get("x-claude-code-session-id"), "c3df42cb");
  assert.equal(
    same.get("anthropic-beta"),
    CLAUDE_CODE_HEADERS["anthropic-beta"],
  );
  const filtered = toForwardHeaders(new Headers(CLAUDE_CODE_HEADERS), {
    anthropicBeta: ["context-management-2025-06-27", "other"],
  });
  assert.equal(filtered.get("anthropic-beta"), "context-management-2025-06-27");
  const none = toForwardHeaders(new Headers(CLAUDE_CODE_HEADERS), {
    anthropicBeta: [],
  });
  assert.equal(none.has("anthropic-beta"), false);
  assert.equal(none.get("anthropic-version"), "2023-06-01");
});

Deno.test("toForwardHeaderList() filters anthropic-beta for a passthrough downstream", () => {
  const list = toForwardHeaderList(
    new Headers(CLAUDE_CODE_HEADERS),
    "anthropic",
    "sk-ant",
    ["effort-2025-11-24"],
  );
  assert.deepStrictEqual(
    list.filter(([name]) => name === "anthropic-beta"),
    [["anthropic-beta", "effort-2025-11-24"]],
  );
  const unchanged = toForwardHeaderList(
    new Headers(CLAUDE_CODE_HEADERS),
    "anthropic",
    "k",
  );
  assert.ok(
    unchanged.some(([n, v]) =>
      n === "anthropic-beta" && v === CLAUDE_CODE_HEADERS["anthropic-beta"]
    ),
  );
});
