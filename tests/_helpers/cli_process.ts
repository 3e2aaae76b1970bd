/**
 * The CLI as a subprocess (`deno run -P main.ts …`) and a daemon started the same way, for
 * `tests/e2e/cli_commands_test.ts` and its steps in `tests/e2e/cli/`: run a command and read its
 * exit code, stdout and stderr (without Deno's own notices), expect success or one error line.
 *
 * @module
 */
import assert from "node:assert/strict";
import { type MockProvider, SECRET_KEY } from "./api_server.ts";
import { ROOT } from "./spawn_daemon.ts";

/** The admin password of {@link cliConfig}. */
export const PASSWORD = "hunter2";

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

/** How a CLI run ended. */
export interface CliResult {
  code: number;
  stdout: string;
  /** stderr without Deno's own notices. */
  stderr: string[];
}

/** Runs the CLI with `args` (and `env` on top of a clean environment) to its end. */
export async function cli(
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
export function spawnCli(args: string[]): {
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

/** A daemon started by {@link startDaemon}. */
export interface Daemon {
  url: string;
  process: Deno.ChildProcess;
  stdout: ReadableStreamDefaultReader<string>;
}

/** What the CLI tests' steps share: the daemon, its provider, its config file and temp folder. */
export interface CliRig {
  readonly daemon: Daemon;
  readonly provider: MockProvider;
  readonly configPath: string;
  readonly dir: string;
}

/** `args` with the daemon's URL and the admin password in front. */
export function withDaemon(daemon: Daemon, args: string[]): string[] {
  return ["--url", daemon.url, "--password", PASSWORD, ...args];
}

/** Runs the CLI with the daemon's URL and password and expects success. */
export async function ok(daemon: Daemon, args: string[]): Promise<string> {
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
export async function fails(daemon: Daemon, args: string[]): Promise<string> {
  const result = await cli(withDaemon(daemon, args));
  assert.notEqual(result.code, 0, args.join(" "));
  assert.equal(result.stderr.length, 1, result.stderr.join("\n"));
  assert.equal(result.stdout, "");
  return result.stderr[0];
}

/** Starts `tresor run --config FILE` and waits for its listening line. */
export async function startDaemon(configPath: string): Promise<Daemon> {
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

/**
 * A config with downstreams `alpha` and `beta` at `providerUrl`, a `custom_header` rule and the
 * alias group `smart` (active: alpha).
 */
export function cliConfig(providerUrl: string, listen = "127.0.0.1:0"): string {
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
