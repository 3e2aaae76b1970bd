import assert from "node:assert/strict";
import { toInt, toOptionalInt, toText } from "../../../store/sql_values.ts";

Deno.test("toText() returns text and throws TypeError for other values", () => {
  assert.equal(toText("a"), "a");
  assert.throws(() => toText(1), TypeError);
  assert.throws(() => toText(null), TypeError);
});

Deno.test("toInt() reads numbers and bigints and throws TypeError for other values", () => {
  assert.equal(toInt(3), 3);
  assert.equal(toInt(4n), 4);
  assert.throws(() => toInt("3"), TypeError);
  assert.throws(() => toInt(undefined), TypeError);
});

Deno.test("toOptionalInt() maps NULL to undefined", () => {
  assert.equal(toOptionalInt(null), undefined);
  assert.equal(toOptionalInt(undefined), undefined);
  assert.equal(toOptionalInt(7n), 7);
  assert.throws(() => toOptionalInt("7"), TypeError);
});
