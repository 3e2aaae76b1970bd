/**
 * claude-code-router (CCR, npm `@musistudio/claude-code-router`) as a peer: the gateway a
 * Claude Code user would pick. Installed with `npm ci` into `bench/ccr/`; two of its
 * dependencies (`@the-next-ai/ai-gateway`, `@the-next-ai/bot-gateway-sdk`) are not served by the
 * registry reachable here, so bench/ccr/package.json satisfies them with empty local packages
 * (bench/ccr/stubs/): CCR runs the gateway bundled in its own `dist/`, and the bot SDK only
 * serves chat-bot integrations. Its SQLite driver (better-sqlite3) is compiled after `npm ci`
 * with Node's own headers. It declares Node ≥ 22 and runs on Node 20.
 *
 * `ccr serve` runs a management service (web UI, configuration and usage databases, request
 * log) that forks the gateway: both processes are measured, summed. Each start gets a fresh
 * HOME (CCR writes its databases there and rewrites ~/.claude, ~/.codex and ~/.config to point
 * agents at itself) holding the legacy `config.json` the bench writes, which CCR imports into its
 * SQLite store at start.
 *
 * @module
 */
import { fileURLToPath } from "node:url";
import { installedVersion, LOOPBACK_ONLY_ENV, type Peer } from "./peer.ts";
import { processTree } from "./proc.ts";
import { freePort, run, spawn, stopProcesses } from "./services.ts";
import { ANTHROPIC_MODEL, OPENAI_MODEL } from "./payloads.ts";

/** The pinned CCR version (bench/ccr/package.json). */
export const CCR_VERSION = "3.1.1";
/** The client key CCR's gateway is configured to accept. */
export const CCR_API_KEY = "sk-bench-ccr";
const DIR = fileURLToPath(new URL("./ccr/", import.meta.url));
const CLI =
  `${DIR}node_modules/@musistudio/claude-code-router/dist/main/cli.js`;
const SQLITE_BINDING =
  `${DIR}node_modules/better-sqlite3/build/Release/better_sqlite3.node`;

/**
 * CCR's configuration (its legacy `~/.claude-code-router/config.json` format): the gateway on
 * 127.0.0.1:`port` with one client key, an OpenAI-compatible provider serving the OpenAI model
 * and an Anthropic Messages provider serving the Anthropic one, both the mock at `mockUrl`.
 */
export function ccrConfig(mockUrl: string, port: number): unknown {
  return {
    HOST: "127.0.0.1",
    PORT: port,
    APIKEY: CCR_API_KEY,
    Providers: [
      {
        name: "mock-openai",
        api_base_url: `${mockUrl}/v1/chat/completions`,
        api_key: "sk-bench-openai",
        models: [OPENAI_MODEL],
      },
      {
        name: "mock-anthropic",
        api_key: "sk-bench-anthropic",
        models: [ANTHROPIC_MODEL],
        capabilities: [{ type: "anthropic_messages", baseUrl: mockUrl }],
      },
    ],
    Router: { default: `mock-openai,${OPENAI_MODEL}` },
  };
}

/** Compiles better-sqlite3 against the running Node, with its headers when they are installed. */
async function compileSqlite(log: (line: string) => void) {
  log("bench: compiling better-sqlite3 for claude-code-router (npm rebuild)");
  const execPath = (await run("node", ["-p", "process.execPath"])).out.trim();
  const prefix = execPath.replace(/\/bin\/[^/]+$/, "");
  const nodedir = await exists(`${prefix}/include/node/common.gypi`)
    ? [`--nodedir=${prefix}`]
    : [];
  const result = await run("npm", [
    "rebuild",
    "better-sqlite3",
    "--build-from-source",
    ...nodedir,
  ], { cwd: DIR });
  return result.ok
    ? undefined
    : `npm rebuild better-sqlite3 failed: ${result.out.slice(-2000)}`;
}

async function exists(path: string): Promise<boolean> {
  try {
    await Deno.stat(path);
    return true;
  } catch (err) {
    if (err instanceof Deno.errors.NotFound) return false;
    throw err;
  }
}

/** claude-code-router 3.1.1: its management service and the gateway it forks. */
export const ccr: Peer = {
  name: "ccr",
  title: `claude-code-router ${CCR_VERSION}`,
  dir: DIR,
  processes:
    "two node processes (the management service and the gateway it forks), summed",
  async installed() {
    return await installedVersion(DIR, "@musistudio/claude-code-router") ===
        CCR_VERSION && await exists(SQLITE_BINDING);
  },
  finishInstall: compileSqlite,
  async start(mockUrl, pin) {
    const home = await Deno.makeTempDir({ prefix: "tresor-bench-ccr-" });
    const port = freePort();
    await Deno.mkdir(`${home}/.claude-code-router`);
    await Deno.writeTextFile(
      `${home}/.claude-code-router/config.json`,
      JSON.stringify(ccrConfig(mockUrl, port), null, 2),
    );
    const env = {
      ...LOOPBACK_ONLY_ENV,
      HOME: home,
      XDG_CONFIG_HOME: `${home}/.config`,
      XDG_DATA_HOME: `${home}/.local/share`,
      XDG_STATE_HOME: `${home}/.local/state`,
      XDG_CACHE_HOME: `${home}/.cache`,
    };
    try {
      const management = String(freePort());
      const service = await spawn("ccr", "node", [
        CLI,
        "serve",
        "--host",
        "127.0.0.1",
        "--port",
        management,
        "--no-open",
      ], { pin, cwd: home, env, port, timeoutMs: 60_000 });
      const pids = await processTree(service.pid);
      return {
        ...service,
        pids,
        async stop() {
          // The forked gateway shares the service's output pipes: both go before they drain.
          await stopProcesses(pids);
          await service.stop();
          await Deno.remove(home, { recursive: true });
        },
      };
    } catch (err) {
      await Deno.remove(home, { recursive: true });
      throw err;
    }
  },
};
