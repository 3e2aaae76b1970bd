import assert from "node:assert/strict";
import {
  type AuthResult,
  checkClientAuth,
  constantTimeEqual,
  encodeKeys,
  plainKeyName,
} from "../../../gateway/auth.ts";
import { maskKey } from "../../../store/mod.ts";
import type { ProxyApiKey } from "../../../store/types.ts";

const KEYS = encodeKeys(["sk-one", "sk-two"]);
const OK = "ok";

const CASES: [
  string,
  Record<string, string>,
  readonly ProxyApiKey[],
  "ok" | "missing" | "invalid",
][] = [
  ["accepts a Bearer key", { authorization: "Bearer sk-two" }, [
    "sk-one",
    "sk-two",
  ], "ok"],
  [
    "accepts an x-api-key",
    { "x-api-key": "sk-one" },
    ["sk-one", "sk-two"],
    "ok",
  ],
  [
    "accepts either header when one is wrong",
    { authorization: "Bearer nope", "x-api-key": "sk-one" },
    ["sk-one"],
    "ok",
  ],
  ["rejects a wrong key", { authorization: "Bearer sk-three" }, [
    "sk-one",
    "sk-two",
  ], "invalid"],
  [
    "rejects a prefix of a key",
    { "x-api-key": "sk-on" },
    ["sk-one"],
    "invalid",
  ],
  ["reports a missing key", {}, ["sk-one"], "missing"],
  [
    "reports a non-Bearer authorization as missing",
    { authorization: "Basic abc" },
    ["sk-one"],
    "missing",
  ],
  ["is open when no keys are configured", {}, [], "ok"],
  [
    "accepts a named key",
    { authorization: "Bearer sk-laptop-456" },
    [{ name: "laptop", key: "sk-laptop-456" }],
    "ok",
  ],
  [
    "rejects a named key's name sent as the key",
    { authorization: "Bearer laptop" },
    [{ name: "laptop", key: "sk-laptop-456" }],
    "invalid",
  ],
];

function outcome(result: AuthResult): string {
  return result.ok ? OK : result.reason;
}

for (const [name, headers, keys, want] of CASES) {
  Deno.test(`checkClientAuth() ${name}`, () => {
    assert.equal(
      outcome(checkClientAuth(new Headers(headers), encodeKeys(keys))),
      want,
    );
  });
}

Deno.test("checkClientAuth() names the accepted key: its name, or a plain key's masked form", () => {
  const keys = encodeKeys([
    "sk-proxy-plain-123",
    { name: "laptop-agent", key: "sk-proxy-456" },
  ]);
  assert.deepStrictEqual(
    checkClientAuth(new Headers({ "x-api-key": "sk-proxy-456" }), keys),
    { ok: true, name: "laptop-agent" },
  );
  assert.deepStrictEqual(
    checkClientAuth(
      new Headers({ authorization: "Bearer sk-proxy-plain-123" }),
      keys,
    ),
    { ok: true, name: "***-123" },
  );
  assert.deepStrictEqual(checkClientAuth(new Headers(), []), {
    ok: true,
    name: null,
  });
});

Deno.test("plainKeyName() is the admin API's masked form and never the key", () => {
  for (
    const key of [
      "sk-proxy-123",
      "short",
      "12345678",
      "123456789",
      "k".repeat(200),
    ]
  ) {
    assert.equal(plainKeyName(key), maskKey(key));
    assert.notEqual(plainKeyName(key), key);
  }
});

Deno.test("constantTimeEqual() compares bytes and lengths", () => {
  const e = new TextEncoder();
  assert.equal(constantTimeEqual(e.encode("abc"), e.encode("abc")), true);
  assert.equal(constantTimeEqual(e.encode("abc"), e.encode("abd")), false);
  assert.equal(constantTimeEqual(e.encode("abc"), e.encode("abcd")), false);
  assert.equal(constantTimeEqual(e.encode(""), e.encode("")), true);
  assert.equal(KEYS.length, 2);
});
