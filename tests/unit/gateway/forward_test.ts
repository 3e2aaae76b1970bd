import assert from "node:assert/strict";
import {
  appendResponseHeaders,
  buildUpstreamUrl,
  headerValue,
  toForwardHeaderList,
  toForwardHeaders,
  toHeaderList,
  withUpstreamAuth,
} from "../../../gateway/forward.ts";
import type { HeaderList } from "../../../gateway/upstream_client.ts";
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
  Deno.test(`withUpstreamAuth() ${c.name}`, () => {
    const got = withUpstreamAuth(
      toHeaderList(new Headers(c.client)),
      { format: c.format, apiKey: c.key },
      "none",
    );
    assert.deepStrictEqual(Object.fromEntries(got), c.want);
  });
}

Deno.test("withUpstreamAuth() replaces credentials a plugin set when the downstream has a key, and keeps them when it has none", () => {
  const fields = (): [string, string][] => [
    ["authorization", "Bearer from-plugin"],
    ["x-api-key", "from-plugin"],
  ];
  assert.deepStrictEqual(
    withUpstreamAuth(fields(), { format: "openai", apiKey: "k" }, "none"),
    [["x-api-key", "from-plugin"], ["authorization", "Bearer k"]],
  );
  assert.deepStrictEqual(
    withUpstreamAuth(fields(), { format: "anthropic", apiKey: "k" }, "none"),
    [
      ["authorization", "Bearer from-plugin"],
      ["x-api-key", "k"],
      ["anthropic-version", "2023-06-01"],
    ],
  );
  assert.deepStrictEqual(
    withUpstreamAuth(fields(), { format: "openai", apiKey: "" }, "none"),
    fields(),
  );
});

Deno.test("withUpstreamAuth() keeps the client's content-type for its own body and sets JSON for a rewritten one", () => {
  const client = (): [string, string][] => [
    ["content-type", "application/json; charset=utf-8"],
    ["x-team", "r"],
  ];
  const target = { format: "openai", apiKey: "" } as const;
  assert.deepStrictEqual(
    withUpstreamAuth(client(), target, "original"),
    client(),
  );
  assert.deepStrictEqual(withUpstreamAuth(client(), target, "rewritten"), [
    ["x-team", "r"],
    ["content-type", "application/json"],
  ]);
  assert.deepStrictEqual(
    withUpstreamAuth([["x-team", "r"]], target, "original"),
    [
      ["x-team", "r"],
      ["content-type", "application/json"],
    ],
  );
});

/** What {@link appendResponseHeaders} keeps of `fields`, as `Headers` iterate it. */
function cleaned(fields: HeaderList): [string, string][] {
  const out = new Headers();
  appendResponseHeaders(out, fields);
  return [...out];
}

Deno.test("appendResponseHeaders() strips hop-by-hop, content-length and content-encoding", () => {
  assert.deepStrictEqual(
    cleaned([
      ["content-type", "text/event-stream"],
      ["content-length", "10"],
      ["content-encoding", "gzip"],
      ["connection", "close"],
      ["transfer-encoding", "chunked"],
      ["x-request-id", "req_1"],
      ["retry-after", "3"],
    ]),
    [
      ["content-type", "text/event-stream"],
      ["retry-after", "3"],
      ["x-request-id", "req_1"],
    ],
  );
});

Deno.test("appendResponseHeaders() keeps repeated fields and every set-cookie, toForwardHeaders() repeated fields", () => {
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
  assert.deepStrictEqual(cleaned(fields), want);
  // A request carries no set-cookie; the forwarded headers keep one value per name.
  assert.deepStrictEqual(
    [...toForwardHeaders(new Headers(fields.slice(1)))],
    [["set-cookie", "b=2"], ["x-multi", "one, two"]],
  );
});

for (const c of AUTH_CASES) {
  Deno.test(`toForwardHeaderList() + withUpstreamAuth() ${c.name}, as toForwardHeaders() would`, () => {
    const client = new Headers({
      ...c.client,
      authorization: "Bearer client",
      host: "gateway",
      connection: "x-hop",
      "x-hop": "1",
      "content-length": "5",
    });
    const target = { format: c.format, apiKey: c.key };
    const want = { ...c.want, "content-type": "application/json" };
    const got = withUpstreamAuth(
      toForwardHeaderList(client),
      target,
      "original",
    );
    assert.equal(new Set(got.map(([name]) => name)).size, got.length);
    assert.deepStrictEqual(Object.fromEntries(got), want);
    const viaHeaders = withUpstreamAuth(
      toHeaderList(toForwardHeaders(client)),
      target,
      "original",
    );
    assert.deepStrictEqual(Object.fromEntries(viaHeaders), want);
  });
}

Deno.test("headerValue() joins repeated fields as Headers.get does, undefined when absent", () => {
  const fields: HeaderList = [["a", "1"], ["b", "2"], ["a", "3"]];
  assert.equal(headerValue(fields, "a"), "1, 3");
  assert.equal(
    headerValue(fields, "a"),
    new Headers([["a", "1"], ["a", "3"]]).get("a"),
  );
  assert.equal(headerValue(fields, "b"), "2");
  assert.equal(headerValue(fields, "c"), undefined);
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
  const list = toForwardHeaderList(new Headers(CLAUDE_CODE_HEADERS), {
    anthropicBeta: ["effort-2025-11-24"],
  });
  assert.deepStrictEqual(
    list.filter(([name]) => name === "anthropic-beta"),
    [["anthropic-beta", "effort-2025-11-24"]],
  );
  const unchanged = toForwardHeaderList(new Headers(CLAUDE_CODE_HEADERS));
  assert.ok(
    unchanged.some(([n, v]) =>
      n === "anthropic-beta" && v === CLAUDE_CODE_HEADERS["anthropic-beta"]
    ),
  );
});
