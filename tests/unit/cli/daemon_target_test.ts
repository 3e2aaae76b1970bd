import assert from "node:assert/strict";
import { join } from "node:path";
import {
  resolveDaemonTarget,
  toDaemonUrl,
} from "../../../cli/daemon_target.ts";
import { CliError } from "../../../cli/errors.ts";

Deno.test("toDaemonUrl() reaches wildcard binds over loopback", () => {
  const cases: [string, string][] = [
    ["127.0.0.1:11510", "http://127.0.0.1:11510"],
    ["0.0.0.0:8080", "http://127.0.0.1:8080"],
    ["[::]:8080", "http://[::1]:8080"],
    ["[::1]:1", "http://[::1]:1"],
    ["localhost:9", "http://localhost:9"],
  ];
  for (const [listen, want] of cases) assert.equal(toDaemonUrl(listen), want);
  assert.throws(() => toDaemonUrl("nope"), CliError);
});

Deno.test("resolveDaemonTarget() prefers flags, then the environment, then the config", async () => {
  const dir = await Deno.makeTempDir({ prefix: "tresor-target-" });
  try {
    const config = join(dir, "tresor.yaml");
    await Deno.writeTextFile(
      config,
      "listen: 0.0.0.0:12345\nadmin_password: from-config\n",
    );
    const before = await Deno.readTextFile(config);
    const env = (vars: Record<string, string>) => (name: string) => vars[name];
    const base = { cwd: dir, home: dir };

    assert.deepStrictEqual(
      await resolveDaemonTarget({ ...base, config, env: env({}) }),
      { url: "http://127.0.0.1:12345", password: "from-config" },
    );
    assert.deepStrictEqual(
      await resolveDaemonTarget({
        ...base,
        config,
        env: env({ TRESOR_URL: "http://h:1/", TRESOR_PASSWORD: "from-env" }),
      }),
      { url: "http://h:1", password: "from-env" },
    );
    assert.deepStrictEqual(
      await resolveDaemonTarget({
        ...base,
        config,
        url: "http://flag:2",
        password: "from-flag",
        env: env({ TRESOR_URL: "http://h:1", TRESOR_PASSWORD: "from-env" }),
      }),
      { url: "http://flag:2", password: "from-flag" },
    );
    // ./tresor.yaml in the working folder is found without --config.
    assert.deepStrictEqual(
      await resolveDaemonTarget({ ...base, env: env({ TRESOR_PASSWORD: "" }) }),
      { url: "http://127.0.0.1:12345", password: "from-config" },
    );
    assert.equal(
      await Deno.readTextFile(config),
      before,
      "the config is not rewritten",
    );
    assert.deepStrictEqual(
      (await Array.fromAsync(Deno.readDir(dir))).map((e) => e.name),
      ["tresor.yaml"],
      "no database is created",
    );
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("resolveDaemonTarget() uses defaults when the default config does not exist", async () => {
  const dir = await Deno.makeTempDir({ prefix: "tresor-target-" });
  try {
    assert.deepStrictEqual(
      await resolveDaemonTarget({ cwd: dir, home: dir, env: () => undefined }),
      { url: "http://127.0.0.1:11510", password: "" },
    );
    await assert.rejects(
      resolveDaemonTarget({
        cwd: dir,
        home: dir,
        config: join(dir, "missing.yaml"),
        env: () => undefined,
      }),
      (err: unknown) =>
        err instanceof CliError && err.message.startsWith("cannot read config"),
    );
    const bad = join(dir, "bad.yaml");
    await Deno.writeTextFile(bad, "listen: [\n");
    await assert.rejects(
      resolveDaemonTarget({
        cwd: dir,
        home: dir,
        config: bad,
        env: () => undefined,
      }),
      (err: unknown) => err instanceof CliError && err.message.startsWith(bad),
    );
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
