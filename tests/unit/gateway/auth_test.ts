import assert from "node:assert/strict";
import {
  type AuthResult,
  checkClientAuth,
  constantTimeEqual,
  encodeKeys,
} from "../../../gateway/auth.ts";

const KEYS = encodeKeys(["sk-one", "sk-two"]);

const CASES: [string, Record<string, string>, readonly string[], AuthResult][] =
  [
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
  ];

for (const [name, headers, keys, want] of CASES) {
  Deno.test(`checkClientAuth() ${name}`, () => {
    assert.equal(checkClientAuth(new Headers(headers), encodeKeys(keys)), want);
  });
}

Deno.test("constantTimeEqual() compares bytes and lengths", () => {
  const e = new TextEncoder();
  assert.equal(constantTimeEqual(e.encode("abc"), e.encode("abc")), true);
  assert.equal(constantTimeEqual(e.encode("abc"), e.encode("abd")), false);
  assert.equal(constantTimeEqual(e.encode("abc"), e.encode("abcd")), false);
  assert.equal(constantTimeEqual(e.encode(""), e.encode("")), true);
  assert.equal(KEYS.length, 2);
});
