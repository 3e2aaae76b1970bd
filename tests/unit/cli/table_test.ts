import assert from "node:assert/strict";
import { formatTable } from "../../../cli/table.ts";

Deno.test("formatTable() aligns columns without trailing blanks", () => {
  assert.equal(
    formatTable(["ID", "NAME", "N"], [["alpha", "A", "1"], [
      "b",
      "Beta long",
      "",
    ]]),
    "ID     NAME       N\nalpha  A          1\nb      Beta long",
  );
  assert.equal(formatTable(["ID"], []), "ID");
});
