import assert from "node:assert/strict";
import { isNoProxy, selectProxy } from "../../../gateway/proxy.ts";
import type { ProxyMode } from "../../../store/types.ts";

interface Case {
  name: string;
  mode: ProxyMode;
  base: string;
  env: Record<string, string>;
  want: string | undefined;
}

const ENV = {
  HTTPS_PROXY: "http://secure-proxy:3128",
  HTTP_PROXY: "http://plain-proxy:3128",
};

const CASES: Case[] = [
  {
    name: "none never proxies",
    mode: "none",
    base: "https://api.openai.com/v1",
    env: ENV,
    want: undefined,
  },
  {
    name: "an explicit URL proxies everything",
    mode: "http://corp:8080",
    base: "https://api.anthropic.com",
    env: {},
    want: "http://corp:8080",
  },
  {
    name: "auto uses HTTPS_PROXY for https",
    mode: "auto",
    base: "https://api.openai.com/v1",
    env: ENV,
    want: "http://secure-proxy:3128",
  },
  {
    name: "env uses HTTP_PROXY for http",
    mode: "env",
    base: "http://ollama.lan:11434/v1",
    env: ENV,
    want: "http://plain-proxy:3128",
  },
  {
    name: "auto without variables connects directly",
    mode: "auto",
    base: "https://api.openai.com/v1",
    env: {},
    want: undefined,
  },
  {
    name: "lower-case variables work",
    mode: "env",
    base: "https://api.openai.com/v1",
    env: { https_proxy: "http://lower:1" },
    want: "http://lower:1",
  },
  {
    name: "NO_PROXY exempts a listed domain and its subdomains",
    mode: "auto",
    base: "https://api.openai.com/v1",
    env: { ...ENV, NO_PROXY: "localhost, openai.com" },
    want: undefined,
  },
  {
    name: "no_proxy in lower case works",
    mode: "env",
    base: "http://127.0.0.1:8000/v1",
    env: { ...ENV, no_proxy: "127.0.0.1" },
    want: undefined,
  },
  {
    name: "NO_PROXY does not exempt other hosts",
    mode: "auto",
    base: "https://api.anthropic.com",
    env: { ...ENV, NO_PROXY: "openai.com" },
    want: "http://secure-proxy:3128",
  },
  {
    name: "NO_PROXY=* exempts everything",
    mode: "env",
    base: "https://api.anthropic.com",
    env: { ...ENV, NO_PROXY: "*" },
    want: undefined,
  },
];

for (const c of CASES) {
  Deno.test(`selectProxy() ${c.name}`, () => {
    assert.equal(selectProxy(c.mode, c.base, (n) => c.env[n]), c.want);
  });
}

const NO_PROXY_CASES: [string, string, boolean][] = [
  ["https://a.example.com", ".example.com", true],
  ["https://example.com", ".example.com", true],
  ["https://notexample.com", "example.com", false],
  ["http://host:8080", "host:8080", true],
  ["http://host:8081", "host:8080", false],
  ["https://host", "host:443", true],
  ["http://[::1]:9000", "[::1]", true],
  ["https://a.b", "", false],
];

for (const [url, list, want] of NO_PROXY_CASES) {
  Deno.test(`isNoProxy() ${url} with "${list}" is ${want}`, () => {
    assert.equal(isNoProxy(new URL(url), list), want);
  });
}
