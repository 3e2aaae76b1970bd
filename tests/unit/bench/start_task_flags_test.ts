import assert from "node:assert/strict";
import { startTaskEnv, startTaskFlags } from "../../../bench/services.ts";

/** The V8 flags of a `deno run`/`deno compile` command line, as one list. */
function v8FlagsOf(flags: readonly string[]): string[] {
  return flags.filter((f) => f.startsWith("--v8-flags="))
    .flatMap((f) => f.slice("--v8-flags=".length).split(","));
}

/** Runs `code` with the start task's V8 flags; returns its stdout. */
async function evalWithStartFlags(code: string): Promise<string> {
  const v8Flags = (await startTaskFlags()).filter((f) =>
    f.startsWith("--v8-flags")
  );
  const output = await new Deno.Command(Deno.execPath(), {
    args: ["eval", ...v8Flags, code],
    stdout: "piped",
    stderr: "piped",
  }).output();
  assert.ok(output.success, new TextDecoder().decode(output.stderr));
  return new TextDecoder().decode(output.stdout).trim();
}

Deno.test("the start task runs Tresor with its permission set, V8's gc exposed and the heap sized for a gateway", async () => {
  const flags = await startTaskFlags();
  assert.ok(flags.includes("-P"), flags.join(" "));
  assert.deepEqual(v8FlagsOf(flags).sort(), [
    "--expose-gc",
    "--max-old-space-size=1024",
    "--max-semi-space-size=8",
  ]);
});

Deno.test("every task that runs Tresor passes the start task's V8 flags", async () => {
  const config = JSON.parse(
    await Deno.readTextFile(new URL("../../../deno.json", import.meta.url)),
  );
  const start = v8FlagsOf(await startTaskFlags());
  for (const name of ["start", "dev", "cli", "compile"]) {
    const words = String(config.tasks[name]).split(" ");
    assert.deepEqual(v8FlagsOf(words), start, name);
  }
});

Deno.test("gc is exposed to a program run with the start task's flags", async () => {
  assert.equal(await evalWithStartFlags("console.log(typeof gc)"), "function");
});

Deno.test("a program run with the start task's flags has V8's heap capped near 1 GiB", async () => {
  // Without the cap V8 sizes the heap from the machine's memory (4 GiB here) and, sized so,
  // lets the old generation grow to several times what is live before collecting it.
  const limitMib = Number(
    await evalWithStartFlags(
      'import v8 from "node:v8"; console.log(v8.getHeapStatistics().heap_size_limit / 2 ** 20)',
    ),
  );
  assert.ok(limitMib >= 1024 && limitMib < 1100, String(limitMib));
});

Deno.test("the start task folds malloc's arenas into one, and the bench starts Tresor with that environment", async () => {
  assert.deepEqual(await startTaskEnv(), { MALLOC_ARENA_MAX: "1" });
  const config = JSON.parse(
    await Deno.readTextFile(new URL("../../../deno.json", import.meta.url)),
  );
  for (const name of ["start", "dev", "cli"]) {
    assert.match(
      String(config.tasks[name]),
      /(^|&& )MALLOC_ARENA_MAX=1 deno run /,
      name,
    );
  }
});
