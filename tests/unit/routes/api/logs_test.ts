import assert from "node:assert/strict";
import { parseLogQuery } from "../../../../routes/api/logs.ts";
import { ValidationError } from "../../../../store/errors.ts";

Deno.test("parseLogQuery() reads level, q and limit", () => {
  const cases: [string, unknown][] = [
    ["", {}],
    ["level=warn&q=gpt&limit=5", { level: "warn", q: "gpt", limit: 5 }],
    ["level=debug", {}],
    ["q=", {}],
  ];
  for (const [search, want] of cases) {
    assert.deepStrictEqual(
      parseLogQuery(new URLSearchParams(search)),
      want,
      search,
    );
  }
});

Deno.test("parseLogQuery() rejects bad values naming the parameter", () => {
  const cases: [string, string][] = [
    ["level=loud", "level"],
    ["limit=0", "limit"],
    ["limit=1.5", "limit"],
    ["limit=abc", "limit"],
  ];
  for (const [search, field] of cases) {
    assert.throws(
      () => parseLogQuery(new URLSearchParams(search)),
      (err: unknown) => err instanceof ValidationError && err.field === field,
      search,
    );
  }
});
