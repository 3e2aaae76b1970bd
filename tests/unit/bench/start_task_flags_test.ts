import assert from "node:assert/strict";
import { startTaskFlags } from "../../../bench/services.ts";

Deno.test("the start task runs Tresor with its permission set and V8's gc exposed for the idle collector", async () => {
  const flags = await startTaskFlags();
  assert.ok(flags.includes("-P"), flags.join(" "));
  assert.ok(flags.includes("--v8-flags=--expose-gc"), flags.join(" "));
});

Deno.test("gc is exposed to a program run with the start task's flags", async () => {
  const v8Flags = (await startTaskFlags()).filter((f) =>
    f.startsWith("--v8-flags")
  );
  const output = await new Deno.Command(Deno.execPath(), {
    args: ["eval", ...v8Flags, "console.log(typeof gc)"],
    stdout: "piped",
    stderr: "piped",
  }).output();
  assert.equal(new TextDecoder().decode(output.stdout).trim(), "function");
});
