/**
 * The CLI as a subprocess (`deno run -P main.ts …`) against a daemon started the same way.
 */
import assert from "node:assert/strict";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { SECRET_KEY, startMockProvider } from "../_helpers/api_server.ts";

const ROOT = join(dirname(fileURLToPath(import.meta.url)), "..", "..");
const PASSWORD = "hunter2";

/** Environment for children: no TRESOR_* from the developer's shell leaks in. */
function childEnv(extra: Record<string, string> = {}): Record<string, string> {
  const env: Record<string, string> = { NO_COLOR: "1" };
  for (const name of ["HOME", "PATH", "DENO_DIR", "XDG_CACHE_HOME"]) {
    const value = Deno.env.get(name);
    if (value !== undefined) env[name] = value;
  }
  return { ...env, ...extra };
}

function denoArgs(args: string[]): string[] {
  return ["run", "-P", "--no-prompt", "main.ts", ...args];
}

/** Deno's own notices on stderr (not the program's output). */
function programLines(text: string): string[] {
  return text.split("\n").filter((line) =>
    line !== "" &&
    !line.includes("Permissions in the config file is an experimental feature")
  );
}

interface CliResult {
  code: number;
  stdout: string;
  /** stderr without Deno's own notices. */
  stderr: string[];
}

async function cli(
  args: string[],
  env: Record<string, string> = {},
): Promise<CliResult> {
  const out = await new Deno.Command(Deno.execPath(), {
    args: denoArgs(args),
    cwd: ROOT,
    clearEnv: true,
    env: childEnv(env),
    stdout: "piped",
    stderr: "piped",
  }).output();
  const decoder = new TextDecoder();
  return {
    code: out.code,
    stdout: decoder.decode(out.stdout),
    stderr: programLines(decoder.decode(out.stderr)),
  };
}

/** Spawns the CLI with `args`; its stdout is read as text, its stderr dropped. */
function spawnCli(args: string[]): {
  process: Deno.ChildProcess;
  stdout: ReadableStreamDefaultReader<string>;
} {
  const process = new Deno.Command(Deno.execPath(), {
    args: denoArgs(args),
    cwd: ROOT,
    clearEnv: true,
    env: childEnv(),
    stdout: "piped",
    stderr: "null",
  }).spawn();
  const stdout = process.stdout.pipeThrough(new TextDecoderStream())
    .getReader();
  return { process, stdout };
}

/** `args` with the daemon's URL and the admin password in front. */
function withDaemon(daemon: Daemon, args: string[]): string[] {
  return ["--url", daemon.url, "--password", PASSWORD, ...args];
}

/** Runs the CLI with the daemon's URL and password and expects success. */
async function ok(daemon: Daemon, args: string[]): Promise<string> {
  const result = await cli(withDaemon(daemon, args));
  assert.equal(
    result.code,
    0,
    `${args.join(" ")}: ${result.stderr.join("\n")}`,
  );
  assert.deepStrictEqual(result.stderr, []);
  return result.stdout;
}

/** Runs the CLI with the daemon's URL and password and expects exactly one error line. */
async function fails(daemon: Daemon, args: string[]): Promise<string> {
  const result = await cli(withDaemon(daemon, args));
  assert.notEqual(result.code, 0, args.join(" "));
  assert.equal(result.stderr.length, 1, result.stderr.join("\n"));
  assert.equal(result.stdout, "");
  return result.stderr[0];
}

interface Daemon {
  url: string;
  process: Deno.ChildProcess;
  stdout: ReadableStreamDefaultReader<string>;
}

/** Starts `tresor run --config FILE` and waits for its listening line. */
async function startDaemon(configPath: string): Promise<Daemon> {
  const { process, stdout } = spawnCli(["run", "--config", configPath]);
  let text = "";
  while (!text.includes("\n")) {
    const { value, done } = await stdout.read();
    if (done) throw new Error(`the daemon exited before listening: ${text}`);
    text += value;
  }
  const match = /^tresor listening on (http:\/\/\S+)$/m.exec(text);
  assert.ok(match, text);
  return { url: match[1], process, stdout };
}

function config(providerUrl: string, listen = "127.0.0.1:0"): string {
  return `listen: ${listen}
admin_password: ${PASSWORD}
proxy_api_keys: [sk-proxy-cli-0001]
downstreams:
  - id: alpha
    name: Alpha
    api_formats: [openai]
    base_url: ${providerUrl}
    api_key: ${SECRET_KEY}
    output_model_ids: [alpha-1]
  - id: beta
    api_formats: [openai]
    base_url: ${providerUrl}
    api_key: ${SECRET_KEY}
    output_model_ids: [beta-1]
rules:
  - id: tag
    pattern_path: /v1/chat/completions
    is_enabled: true
    pipeline_config:
      - plugin_id: custom_header
        config: { headers: { x-team: research } }
aliases:
  - id: smart-alpha
    input_model_id: smart
    downstream_id: alpha
    output_model_id: alpha-1
    is_active: true
  - id: smart-beta
    input_model_id: smart
    downstream_id: beta
    output_model_id: beta-1
`;
}

/** A loopback port nothing listens on. */
function closedPort(): number {
  const listener = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const port = (listener.addr as Deno.NetAddr).port;
  listener.close();
  return port;
}

Deno.test("[e2e] cli: management commands against a running daemon", async (t) => {
  const dir = await Deno.makeTempDir({ prefix: "tresor-cli-" });
  const provider = startMockProvider({
    name: "mock",
    key: SECRET_KEY,
    models: ["alpha-1", "alpha-2"],
  });
  const configPath = join(dir, "tresor.yaml");
  await Deno.writeTextFile(configPath, config(provider.baseUrl));
  const daemon = await startDaemon(configPath);
  try {
    await t.step(
      "version prints the version; a leading -- is ignored",
      async () => {
        const plain = await cli(["version"]);
        assert.equal(plain.code, 0);
        assert.match(
          plain.stdout,
          /^tresor \d+\.\d+\.\d+ \(.+, deno \d+\.\d+\.\d+\)\n$/,
        );
        const dashed = await cli(["--", "--json", "version"]);
        assert.equal(dashed.code, 0);
        assert.equal(typeof JSON.parse(dashed.stdout).version, "string");
      },
    );

    await t.step(
      "the daemon being down is one clear line and exit 1",
      async () => {
        const url = `http://127.0.0.1:${closedPort()}`;
        const result = await cli(["--url", url, "downstream", "list"]);
        assert.equal(result.code, 1);
        assert.deepStrictEqual(result.stderr, [
          `tresor: cannot reach the daemon at ${url}: is it running? (tresor run)`,
        ]);
      },
    );

    await t.step(
      "a wrong or missing password is one clear line and exit 1",
      async () => {
        const wrong = await cli([
          "--url",
          daemon.url,
          "--password",
          "nope",
          "rule",
          "list",
        ]);
        assert.equal(wrong.code, 1);
        assert.deepStrictEqual(wrong.stderr, [
          `tresor: the daemon at ${daemon.url} rejected the admin password: check admin_password in the config, --password or TRESOR_PASSWORD`,
        ]);
        const missing = await cli(["--url", daemon.url, "rule", "list"], {
          TRESOR_CONFIG: join(dir, "absent.yaml"),
          TRESOR_PASSWORD: "",
        });
        assert.equal(missing.code, 1);
        assert.equal(missing.stderr.length, 1);
      },
    );

    await t.step(
      "address and password come from the config or the environment",
      async () => {
        const clientConfig = join(dir, "client.yaml");
        const listen = new URL(daemon.url).host;
        await Deno.writeTextFile(
          clientConfig,
          config(provider.baseUrl, listen),
        );
        const byConfig = await cli([
          "--config",
          clientConfig,
          "downstream",
          "list",
        ]);
        assert.equal(byConfig.code, 0, byConfig.stderr.join("\n"));
        assert.match(byConfig.stdout, /^alpha\s+Alpha\s+openai\s/m);
        const byEnv = await cli(["alias", "list"], {
          TRESOR_URL: daemon.url,
          TRESOR_PASSWORD: PASSWORD,
        });
        assert.equal(byEnv.code, 0, byEnv.stderr.join("\n"));
        assert.match(
          byEnv.stdout,
          /^smart\s+\*\s+smart-alpha\s+alpha\s+alpha-1/m,
        );
      },
    );

    await t.step(
      "downstream list prints a table and --json the masked objects",
      async () => {
        const table = await ok(daemon, ["downstream", "list"]);
        assert.deepStrictEqual(
          table.trimEnd().split("\n").map((l) => l.split(/\s{2,}/)),
          [
            ["ID", "NAME", "FORMATS", "BASE URL", "KEY", "MODELS"],
            ["alpha", "Alpha", "openai", provider.baseUrl, "set", "1"],
            ["beta", "beta", "openai", provider.baseUrl, "set", "1"],
          ],
        );
        const json = JSON.parse(
          await ok(daemon, ["--json", "downstream", "list"]),
        );
        assert.deepStrictEqual(
          json.map((d: { api_key: string }) => d.api_key),
          ["***", "***"],
        );
        assert.ok(!table.includes(SECRET_KEY));
      },
    );

    await t.step(
      "downstream add, models, fetch-models and remove",
      async () => {
        assert.equal(
          await ok(daemon, [
            "downstream",
            "add",
            "gamma",
            "--base-url",
            "https://gamma.invalid/v1",
            "--format",
            "openai",
            "--model",
            "g-1,g-2",
          ]),
          "Added downstream gamma\n",
        );
        assert.equal(
          await fails(daemon, [
            "downstream",
            "add",
            "gamma",
            "--base-url",
            "https://x.invalid",
          ]),
          'tresor: Downstream "gamma" already exists',
        );
        assert.match(
          await fails(daemon, [
            "downstream",
            "add",
            "delta",
            "--base-url",
            "nope",
          ]),
          /^tresor: base_url: not a URL$/,
        );
        assert.equal(
          await ok(daemon, ["downstream", "models", "gamma"]),
          "g-1\ng-2\n",
        );
        assert.equal(
          await ok(daemon, ["downstream", "models", "gamma", "--add", "g-3"]),
          "g-1\ng-2\ng-3\n",
        );
        assert.equal(
          await ok(daemon, [
            "downstream",
            "models",
            "gamma",
            "--remove",
            "g-1",
          ]),
          "g-2\ng-3\n",
        );
        assert.equal(
          await ok(daemon, ["downstream", "fetch-models", "alpha"]),
          "Fetched 2 models from alpha: 1 new\n  alpha-2\n",
        );
        assert.equal(
          await ok(daemon, ["downstream", "remove", "gamma"]),
          "Removed downstream gamma\n",
        );
        assert.equal(
          await fails(daemon, ["downstream", "remove", "gamma"]),
          'tresor: Downstream "gamma" not found',
        );
        assert.match(await Deno.readTextFile(configPath), /alpha-2/);
      },
    );

    await t.step("rule add, list, disable, enable and delete", async () => {
      assert.equal(
        await ok(daemon, [
          "rule",
          "add",
          "extra",
          "--path",
          "*",
          "--downstream",
          "beta",
          "--plugin",
          'custom_header={"headers":{"x-extra":"1"}}',
        ]),
        "Added rule extra\n",
      );
      assert.match(
        await ok(daemon, ["rule", "list"]),
        /^extra\s+extra\s+\*\s+\*\s+yes\s+beta\s+custom_header$/m,
      );
      assert.equal(
        await ok(daemon, ["rule", "disable", "extra"]),
        "Disabled rule extra\n",
      );
      assert.match(
        await ok(daemon, ["rule", "list"]),
        /^extra\s+extra\s+\*\s+\*\s+no\s/m,
      );
      assert.equal(
        await ok(daemon, ["rule", "enable", "extra"]),
        "Enabled rule extra\n",
      );
      assert.equal(
        await ok(daemon, ["rule", "delete", "extra"]),
        "Deleted rule extra\n",
      );
      assert.doesNotMatch(await ok(daemon, ["rule", "list"]), /^extra/m);
      assert.equal(
        await fails(daemon, [
          "rule",
          "add",
          "bad",
          "--path",
          "*",
          "--plugin",
          "nope",
        ]),
        'tresor: pipeline_config[0].plugin_id: unknown plugin "nope"',
      );
      assert.equal(
        await fails(daemon, ["rule", "enable", "ghost"]),
        'tresor: Rule "ghost" not found',
      );
    });

    await t.step("alias add, switch by downstream or id, delete", async () => {
      assert.equal(
        await ok(daemon, [
          "alias",
          "add",
          "smart",
          "alpha",
          "alpha-2",
          "--id",
          "smart-alpha2",
        ]),
        "Added alias smart-alpha2: smart → alpha (alpha-2)\n",
      );
      assert.equal(
        await ok(daemon, ["alias", "switch", "smart", "beta"]),
        "Switched smart → beta (beta-1) [smart-beta]\n",
      );
      assert.match(
        await ok(daemon, ["alias", "list"]),
        /^smart\s+\*\s+smart-beta\s/m,
      );
      // The daemon's very next gateway request follows the switch.
      const res = await fetch(`${daemon.url}/v1/chat/completions`, {
        method: "POST",
        headers: {
          authorization: "Bearer sk-proxy-cli-0001",
          "content-type": "application/json",
        },
        body: JSON.stringify({
          model: "smart",
          messages: [{ role: "user", content: "hi" }],
        }),
      });
      assert.equal(res.status, 200);
      assert.equal((await res.json()).model, "beta-1");
      assert.match(
        await fails(daemon, ["alias", "switch", "smart", "alpha"]),
        /^tresor: "alpha" matches several aliases of "smart": name one by id: /,
      );
      assert.equal(
        await ok(daemon, ["alias", "switch", "smart", "smart-alpha2"]),
        "Switched smart → alpha (alpha-2) [smart-alpha2]\n",
      );
      assert.match(
        await fails(daemon, ["alias", "switch", "nobody", "beta"]),
        /^tresor: no alias group for input model "nobody"$/,
      );
      assert.match(
        await fails(daemon, ["alias", "add", "x", "nope", "y"]),
        /^tresor: downstream_id: unknown downstream "nope"$/,
      );
      assert.equal(
        await ok(daemon, ["alias", "delete", "smart-alpha2"]),
        "Deleted alias smart-alpha2\n",
      );
      assert.equal(
        await fails(daemon, ["alias", "delete", "smart-alpha2"]),
        'tresor: Alias "smart-alpha2" not found',
      );
    });

    await t.step(
      "logs shows gateway requests; --follow prints new ones until Ctrl-C",
      async () => {
        const gateway = (model: string) =>
          fetch(`${daemon.url}/v1/chat/completions`, {
            method: "POST",
            headers: {
              authorization: "Bearer sk-proxy-cli-0001",
              "content-type": "application/json",
            },
            body: JSON.stringify({
              model,
              messages: [{ role: "user", content: "hi" }],
            }),
          }).then((res) => res.body?.cancel());
        await gateway("cli-ghost-model");
        assert.match(
          await ok(daemon, ["logs"]),
          /^\S+\s+warn\s+404\s+POST\s+\/v1\/chat\/completions\s+cli-ghost-model\s/m,
        );
        const json = JSON.parse(
          await ok(daemon, ["--json", "logs", "--limit", "1"]),
        );
        assert.equal(json.length, 1);
        assert.equal(json[0].model_requested, "cli-ghost-model");

        const { process: follower, stdout: lines } = spawnCli(
          withDaemon(daemon, ["logs", "--follow", "--limit", "1"]),
        );
        let seen = "";
        const waitFor = async (needle: string) => {
          while (!seen.includes(needle)) {
            const { value, done } = await lines.read();
            if (done) throw new Error(`logs --follow ended early: ${seen}`);
            seen += value;
          }
        };
        await waitFor("cli-ghost-model"); // the initial batch
        await gateway("cli-followed-model");
        await waitFor("cli-followed-model");
        follower.kill("SIGINT");
        await lines.cancel();
        assert.equal((await follower.status).code, 0);
      },
    );
  } finally {
    daemon.process.kill("SIGTERM");
    await daemon.stdout.cancel();
    const status = await daemon.process.status;
    await provider.close();
    await Deno.remove(dir, { recursive: true });
    assert.equal(status.code, 0, "the daemon drains and exits 0");
  }
});

Deno.test("[e2e] cli: usage errors exit non-zero", async () => {
  const unknown = await cli(["frobnicate"]);
  assert.notEqual(unknown.code, 0);
  assert.match(unknown.stderr.join("\n"), /unknown command 'frobnicate'/);
  const missingArg = await cli(["rule", "enable"]);
  assert.notEqual(missingArg.code, 0);
  assert.match(missingArg.stderr.join("\n"), /missing required argument 'id'/);
});
