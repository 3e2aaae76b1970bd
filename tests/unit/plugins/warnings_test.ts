/** `Warnings`: a conversion's warnings as data, logged once each at their level. */
import assert from "node:assert/strict";
import { Warnings } from "../../../plugins/warnings.ts";
import { createRecordingLog } from "../../_helpers/converter_run.ts";

Deno.test("Warnings keeps every warning in order and logs each once, at its level", () => {
  const warnings = new Warnings();
  const log = createRecordingLog();
  warnings.debug("Dropped a field", { field: "seed" });
  warnings.info("Clamped temperature", { from: 2, to: 1 });
  assert.equal(warnings.pending, true);
  warnings.logTo(log);
  assert.equal(warnings.pending, false);
  warnings.warn("Dropped tool arguments");
  warnings.logTo(log);
  warnings.logTo(log);
  assert.deepStrictEqual(log.lines, [
    { level: "debug", message: "Dropped a field", fields: { field: "seed" } },
    {
      level: "info",
      message: "Clamped temperature",
      fields: { from: 2, to: 1 },
    },
    { level: "warn", message: "Dropped tool arguments", fields: undefined },
  ]);
  assert.deepStrictEqual(warnings.all.map((w) => w.level), [
    "debug",
    "info",
    "warn",
  ]);
});
