import assert from "node:assert/strict";
import { customHeader } from "../../../plugins/custom_header.ts";
import type { PluginRequest } from "../../../plugins/mod.ts";

const REQUEST: PluginRequest = {
  path: "/chat/completions",
  query: "",
  headers: new Headers({ "x-keep": "1", "x-remove": "2", "x-empty": "3" }),
  body: { model: "m" },
};

function run(config: unknown): PluginRequest {
  const parsed = customHeader.config.parse(config);
  const out = customHeader.transformRequest!(REQUEST, {
    config: parsed,
    state: undefined,
    requestId: "r",
    log: { debug() {}, info() {}, warn() {}, error() {} },
    signal: new AbortController().signal,
    clientFormat: "openai",
    downstream: { id: "d", apiFormats: ["openai"] },
    stream: false,
  });
  if (out instanceof Promise || "respond" in out) {
    throw new TypeError("expected a synchronous request");
  }
  return out;
}

Deno.test("custom_header sets, overwrites and removes headers without mutating its input", () => {
  const out = run({
    headers: {
      "x-team": "research",
      "X-Keep": "new",
      "x-remove": null,
      "x-empty": "",
    },
  });
  assert.deepStrictEqual(Object.fromEntries(out.headers), {
    "x-keep": "new",
    "x-team": "research",
  });
  assert.equal(REQUEST.headers.get("x-remove"), "2");
  assert.equal(out.body, REQUEST.body);
});

Deno.test("custom_header defaults to no headers", () => {
  assert.deepStrictEqual(customHeader.config.parse({}), { headers: {} });
});

const INVALID: [string, unknown][] = [
  ["a header name with a space", { headers: { "x bad": "1" } }],
  ["a header name with a colon", { headers: { "x:bad": "1" } }],
  ["an empty header name", { headers: { "": "1" } }],
  ["a value with a line break", { headers: { "x-a": "1\r\nx-b: 2" } }],
  ["a number value", { headers: { "x-a": 1 } }],
  ["headers that are not an object", { headers: ["x-a"] }],
];

for (const [name, config] of INVALID) {
  Deno.test(`custom_header config rejects ${name}`, () => {
    assert.equal(customHeader.config.safeParse(config).success, false);
  });
}
