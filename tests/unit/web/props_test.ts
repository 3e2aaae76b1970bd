import assert from "node:assert/strict";
import { toPropsJson, toPropsScript } from "../../../web/props.ts";
import { toJson, toJsonObject } from "../../../web/json.ts";

Deno.test("toPropsJson() escapes every < so no value can close the script element", () => {
  const props = [{ name: "</script><script>alert(1)</script>", note: "<!--" }];
  const text = toPropsJson(props);
  assert.equal(text.includes("<"), false);
  assert.ok(text.includes("\\u003c/script>"));
  assert.deepStrictEqual(JSON.parse(text), props);
});

Deno.test("toPropsScript() writes one JSON script element with the props id", () => {
  const html = toPropsScript([{ a: 1 }, { b: [true, null, "x"] }]);
  assert.equal(
    html,
    '<script type="application/json" id="tresor-props">[{"a":1},{"b":[true,null,"x"]}]</script>',
  );
});

Deno.test("toPropsJson() drops undefined members like JSON.stringify", () => {
  assert.equal(toPropsJson([{ a: undefined, b: 2 }]), '[{"b":2}]');
});

interface JsonCase {
  name: string;
  input: unknown;
  want?: unknown;
  error?: RegExp;
}

const JSON_CASES: JsonCase[] = [
  {
    name: "keeps scalars",
    input: [1, "s", true, null],
    want: [1, "s", true, null],
  },
  {
    name: "drops undefined members",
    input: { a: undefined, b: { c: 1 } },
    want: { b: { c: 1 } },
  },
  {
    name: "rejects functions with a path",
    input: { a: [() => 1] },
    error: /\$\.a\[0\] is a function/,
  },
  {
    name: "rejects non-finite numbers",
    input: { n: Infinity },
    error: /\$\.n is not finite/,
  },
];

for (const c of JSON_CASES) {
  Deno.test(`toJson() ${c.name}`, () => {
    if (c.error) assert.throws(() => toJson(c.input), c.error);
    else assert.deepStrictEqual(toJson(c.input), c.want);
  });
}

Deno.test("toJsonObject() rejects arrays", () => {
  assert.throws(() => toJsonObject([1]), TypeError);
});
