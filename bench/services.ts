/**
 * The processes the benchmark runs — the mock upstream, the relay and Tresor — each pinned to a
 * core with `taskset` when the machine has two, the way every server is spawned and stopped (the
 * peers of bench/peers.ts too), and the Debian packages a full run needs (wrk, node). Every
 * server listens on loopback only.
 *
 * @module
 */
import { fileURLToPath } from "node:url";

/** The repository root. */
export const ROOT: string = fileURLToPath(new URL("../", import.meta.url));

/** A started server process. */
export interface Service {
  readonly name: string;
  readonly pid: number;
  /** Every process whose CPU time and memory count as the server's (`pid` first). */
  readonly pids: readonly number[];
  readonly port: number;
  /** Milliseconds from spawn to listening. */
  readonly startMs: number;
  /** Everything it wrote to stderr (and stdout when not parsed), for failure reports. */
  output(): string;
  stop(): Promise<void>;
}

/** Runs `cmd args…` and returns whether it succeeded, with its output. */
export async function run(
  cmd: string,
  args: string[],
  options: { cwd?: string; env?: Record<string, string> } = {},
): Promise<{ ok: boolean; out: string }> {
  try {
    const result = await new Deno.Command(cmd, {
      args,
      cwd: options.cwd,
      env: options.env,
      stdin: "null",
      stdout: "piped",
      stderr: "piped",
    }).output();
    const decoder = new TextDecoder();
    return {
      ok: result.success,
      out: decoder.decode(result.stdout) + decoder.decode(result.stderr),
    };
  } catch (err) {
    if (err instanceof Deno.errors.NotFound) return { ok: false, out: "" };
    throw err;
  }
}

/** Whether `cmd` is on PATH. */
export async function has(cmd: string): Promise<boolean> {
  return (await run("sh", ["-c", `command -v ${cmd}`])).ok;
}

/** A free loopback TCP port (bound and released). */
export function freePort(): number {
  const listener = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const port = listener.addr.port;
  listener.close();
  return port;
}

/** Collects a byte stream into text until it ends, so the child never blocks on a full pipe. */
function drain(
  stream: ReadableStream<Uint8Array<ArrayBuffer>>,
  onText: (all: string) => void,
): Promise<void> {
  let all = "";
  return stream.pipeThrough(new TextDecoderStream()).pipeTo(
    new WritableStream({
      write(chunk) {
        // Keep the output bounded: only its end matters for a failure report.
        all = (all + chunk).slice(-20_000);
        onText(all);
      },
    }),
  ).catch(() => {});
}

async function waitForPort(
  port: number,
  exited: Promise<unknown>,
  timeoutMs: number,
): Promise<boolean> {
  let gone = false;
  exited.then(() => gone = true);
  const deadline = performance.now() + timeoutMs;
  while (!gone && performance.now() < deadline) {
    try {
      const conn = await Deno.connect({ hostname: "127.0.0.1", port });
      conn.close();
      return true;
    } catch (err) {
      if (!(err instanceof Deno.errors.ConnectionRefused)) throw err;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }
  return false;
}

/**
 * Spawns `cmd args…` (pinned by `pin`) and waits until it listens: on the port its stdout
 * names (`pattern`), or on `port` when given.
 */
export async function spawn(
  name: string,
  cmd: string,
  args: string[],
  options: {
    pin: readonly string[];
    cwd?: string;
    env?: Record<string, string>;
    pattern?: RegExp;
    port?: number;
    timeoutMs: number;
  },
): Promise<Service> {
  const [bin, ...pinArgs] = [...options.pin, cmd];
  const start = performance.now();
  const child = new Deno.Command(bin, {
    args: [...pinArgs, ...args],
    cwd: options.cwd,
    env: options.env,
    stdin: "null",
    stdout: "piped",
    stderr: "piped",
  }).spawn();
  let out = "";
  let err = "";
  let resolvePort: (port: number) => void = () => {};
  const announced = new Promise<number>((resolve) => resolvePort = resolve);
  const pattern = options.pattern;
  const drained = Promise.all([
    drain(child.stdout, (all) => {
      out = all;
      const match = pattern?.exec(all);
      if (match) resolvePort(Number(match[1]));
    }),
    drain(child.stderr, (all) => err = all),
  ]);
  const output = () => `${out}\n${err}`.trim();
  const status = child.status;
  let port: number | undefined;
  if (options.port !== undefined) {
    if (await waitForPort(options.port, status, options.timeoutMs)) {
      port = options.port;
    }
  } else {
    let timer: ReturnType<typeof setTimeout> | undefined;
    port = await Promise.race([
      announced,
      status.then(() => undefined),
      new Promise<undefined>((resolve) =>
        timer = setTimeout(() => resolve(undefined), options.timeoutMs)
      ),
    ]);
    clearTimeout(timer);
  }
  const startMs = performance.now() - start;
  let stopped = false;
  const stop = async () => {
    if (stopped) return;
    stopped = true;
    try {
      child.kill("SIGTERM");
    } catch (killErr) {
      if (!(killErr instanceof TypeError)) throw killErr; // already exited
    }
    let timer: ReturnType<typeof setTimeout> | undefined;
    const exited = await Promise.race([
      status.then(() => true),
      new Promise<false>((resolve) =>
        timer = setTimeout(() => resolve(false), 5000)
      ),
    ]);
    clearTimeout(timer);
    if (!exited) child.kill("SIGKILL");
    await status;
    await drained;
  };
  if (port === undefined) {
    await stop();
    throw new Error(`${name} did not start:\n${output()}`);
  }
  return {
    name,
    pid: child.pid,
    pids: [child.pid],
    port,
    startMs,
    output,
    stop,
  };
}

/** Whether process `pid` is still running (not gone, not a zombie waiting for its parent). */
async function alive(pid: number): Promise<boolean> {
  const status = await run("cat", [`/proc/${pid}/status`]);
  return status.ok && !/^State:\s+Z/m.test(status.out);
}

/**
 * Stops processes the benchmark started indirectly (a server's children): SIGTERM, up to
 * `graceMs` to exit, then SIGKILL.
 */
export async function stopProcesses(
  pids: readonly number[],
  graceMs = 5000,
): Promise<void> {
  const signal = async (pid: number, sig: Deno.Signal) => {
    if (!(await alive(pid))) return;
    try {
      Deno.kill(pid, sig);
    } catch (err) {
      if (await alive(pid)) throw err; // else it ended since the check
    }
  };
  for (const pid of pids) await signal(pid, "SIGTERM");
  const deadline = performance.now() + graceMs;
  for (const pid of pids) {
    while (performance.now() < deadline && await alive(pid)) {
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    await signal(pid, "SIGKILL");
  }
}

/** Starts the mock upstream (bench/mock_upstream.ts) on a free port; `args` pass through. */
export function startMock(
  pin: readonly string[],
  args: readonly string[] = [],
): Promise<Service> {
  return spawn("mock", Deno.execPath(), [
    "run",
    "-P=bench",
    "--no-prompt",
    "bench/mock_upstream.ts",
    ...args,
  ], {
    pin,
    cwd: ROOT,
    pattern: /mock listening on (\d+)/,
    timeoutMs: 30_000,
  });
}

/** Starts the zero-logic TCP relay (bench/relay.ts) in front of the mock on `mockPort`. */
export function startRelay(
  mockPort: number,
  pin: readonly string[],
): Promise<Service> {
  return spawn("relay", Deno.execPath(), [
    "run",
    "-P=bench",
    "--no-prompt",
    "bench/relay.ts",
    String(mockPort),
  ], {
    pin,
    cwd: ROOT,
    pattern: /relay listening on (\d+)/,
    timeoutMs: 30_000,
  });
}

/** Writes a Tresor config routing `gpt-bench` and `claude-bench` to the mock; returns its path. */
export async function writeTresorConfig(
  dir: string,
  mockUrl: string,
  options: { capture?: string } = {},
): Promise<string> {
  const path = `${dir}/tresor.yaml`;
  await Deno.writeTextFile(
    path,
    [
      "listen: 127.0.0.1:0",
      "log_level: warn",
      "proxy_mode: none",
      ...(options.capture ? [`capture: {mode: ${options.capture}}`] : []),
      "downstreams:",
      "  - id: openai",
      "    name: OpenAI (bench mock)",
      "    api_formats: [openai]",
      `    base_url: ${mockUrl}/v1`,
      "    api_key: sk-bench-openai",
      "    output_model_ids: [gpt-bench]",
      "  - id: anthropic",
      "    name: Anthropic (bench mock)",
      "    api_formats: [anthropic]",
      `    base_url: ${mockUrl}`,
      "    api_key: sk-bench-anthropic",
      "    output_model_ids: [claude-bench]",
      "",
    ].join("\n"),
  );
  return path;
}

/** deno.json's `start` task's command that runs Tresor: its environment assignments and flags. */
async function startTaskCommand(): Promise<{ env: string; flags: string }> {
  const config = JSON.parse(await Deno.readTextFile(`${ROOT}deno.json`));
  const task = String(config.tasks?.start ?? "");
  const match = /((?:[A-Z_]+=\S+ )*)deno run (.*?) main\.ts run/.exec(task);
  if (!match) {
    throw new Error(
      `deno.json's start task is not "… deno run … main.ts run": ${task}`,
    );
  }
  return { env: match[1], flags: match[2] };
}

/**
 * The `deno run` flags of deno.json's `start` task (between `deno run` and `main.ts`), so the
 * bench starts Tresor exactly as `deno task start` does, V8 flags included.
 */
export async function startTaskFlags(): Promise<string[]> {
  return (await startTaskCommand()).flags.split(" ").filter(Boolean);
}

/** The environment the `start` task sets for Tresor (`NAME=value` before `deno run`). */
export async function startTaskEnv(): Promise<Record<string, string>> {
  const { env } = await startTaskCommand();
  return Object.fromEntries(
    env.split(" ").filter(Boolean).map((pair) => {
      const at = pair.indexOf("=");
      return [pair.slice(0, at), pair.slice(at + 1)];
    }),
  );
}

/** Starts Tresor as `deno task start` does (`deno run <its flags> main.ts run --config FILE`). */
export async function startTresor(
  configPath: string,
  pin: readonly string[],
  extraDenoFlags: readonly string[] = [],
): Promise<Service> {
  return spawn("tresor", Deno.execPath(), [
    "run",
    ...await startTaskFlags(),
    ...extraDenoFlags,
    "main.ts",
    "run",
    "--config",
    configPath,
  ], {
    pin,
    cwd: ROOT,
    env: { ...await startTaskEnv(), NO_COLOR: "1" },
    pattern: /tresor listening on http:\/\/[^:]+:(\d+)/,
    timeoutMs: 30_000,
  });
}

/** Installs the Debian `packages` (as root, `apt-get update` once when the install fails). */
export async function aptInstall(
  packages: readonly string[],
  log: (line: string) => void,
): Promise<boolean> {
  if (!(await has("apt-get")) || Deno.uid() !== 0) return false;
  log(`bench: installing ${packages.join(" ")} (apt-get)`);
  const env = { DEBIAN_FRONTEND: "noninteractive" };
  if ((await run("apt-get", ["install", "-y", ...packages], { env })).ok) {
    return true;
  }
  await run("apt-get", ["update", "-qq"], { env });
  return (await run("apt-get", ["install", "-y", ...packages], { env })).ok;
}
