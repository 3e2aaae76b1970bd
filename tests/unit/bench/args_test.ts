import assert from "node:assert/strict";
import { readFlags } from "../../../bench/args.ts";

Deno.test("--streams reads a list of concurrency levels, or the default", () => {
  assert.deepStrictEqual(
    readFlags(["--streams", "1,100,1000"]).integers("--streams", [5]),
    [1, 100, 1000],
  );
  assert.deepStrictEqual(readFlags([]).integers("--streams", [5]), [5]);
});

Deno.test("a level that is not a whole number above 0 is refused with the flag's name", () => {
  for (const bad of ["1,,2", "0", "1.5", "ten", ""]) {
    assert.throws(
      () => readFlags(["--streams", bad]).integers("--streams", [1]),
      /--streams needs whole numbers above 0/,
      bad,
    );
  }
});
