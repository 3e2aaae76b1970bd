/**
 * The config file's watch and editors' ways of saving: written in place, truncated then written
 * in pieces, and a temp file renamed over it — twice, since a watch on the file itself would lose
 * the file after the first rename. Each save is reported once it settles.
 */
import assert from "node:assert/strict";
import { watchConfigFile } from "../../../net/mod.ts";

async function withWatch(
  fn: (file: string, nextChange: () => Promise<void>) => Promise<void>,
): Promise<void> {
  const dir = await Deno.makeTempDir({ prefix: "tresor-watch-" });
  const file = `${dir}/tresor.yaml`;
  await Deno.writeTextFile(file, "log_level: info\n");
  const waiters: (() => void)[] = [];
  let pending = 0;
  const watch = watchConfigFile(file, {
    debounceMs: 30,
    onChange: () => {
      const waiter = waiters.shift();
      if (waiter) waiter();
      else pending++;
    },
    onError: (err) => {
      throw err;
    },
  });
  const nextChange = () => {
    if (pending > 0) {
      pending--;
      return Promise.resolve();
    }
    return new Promise<void>((resolve) => waiters.push(resolve));
  };
  try {
    await fn(file, nextChange);
  } finally {
    watch.close();
    await Deno.remove(dir, { recursive: true });
  }
}

Deno.test("watchConfigFile() reports a temp file renamed over the config, save after save", async () => {
  await withWatch(async (file, nextChange) => {
    for (const level of ["debug", "warn", "error"]) {
      const temp = `${file}.swp-${level}`;
      await Deno.writeTextFile(temp, `log_level: ${level}\n`);
      await Deno.rename(temp, file);
      await nextChange();
      assert.equal(await Deno.readTextFile(file), `log_level: ${level}\n`);
    }
  });
});

Deno.test("watchConfigFile() reports a truncate-then-write save once it settles", async () => {
  await withWatch(async (file, nextChange) => {
    const handle = await Deno.open(file, { write: true, truncate: true });
    const encoder = new TextEncoder();
    for (const piece of ["log_level: ", "debug", "\n"]) {
      await handle.write(encoder.encode(piece));
    }
    handle.close();
    await nextChange();
    assert.equal(await Deno.readTextFile(file), "log_level: debug\n");
  });
});
