/**
 * Browser-test helpers: Debian's Chromium through `playwright-core`, the real daemon started as
 * `deno run -P main.ts run --config <temp yaml>`, and a mock upstream that records what the
 * gateway forwarded.
 */
// Must load before playwright-core (see the module's doc).
import "./node_fs_guard.ts";
import { type Browser, chromium } from "playwright-core";
import { buildClient } from "../../web/build.ts";
import { spawnRun } from "./spawn_daemon.ts";

/** Where CI (and `apt-get install chromium`) puts the browser. */
export const CHROMIUM_PATH = "/usr/bin/chromium";

const CHROMIUM_ARGS = [
  "--no-sandbox",
  "--disable-gpu",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--no-first-run",
  "--disable-quic",
];

/** Whether Chromium is installed; browser tests skip (with a message) when it is not. */
export function hasChromium(): boolean {
  try {
    return Deno.statSync(CHROMIUM_PATH).isFile;
  } catch (err) {
    if (err instanceof Deno.errors.NotFound) return false;
    throw err;
  }
}

/** Launches headless Chromium with the project's flags, plus `extraArgs`. */
export function launchBrowser(
  extraArgs: readonly string[] = [],
): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: [...CHROMIUM_ARGS, ...extraArgs],
  });
}

/** One request the mock upstream received. */
export interface UpstreamRequest {
  readonly path: string;
  readonly headers: Headers;
  readonly body: Record<string, unknown>;
}

/** A mock OpenAI-compatible upstream on 127.0.0.1 that records requests. */
export interface MockUpstream {
  readonly origin: string;
  readonly requests: UpstreamRequest[];
  close(): Promise<void>;
}

/**
 * Starts the mock upstream: chat completions and `/models` for any path prefix, and Anthropic
 * messages for paths ending in `/messages`.
 */
export function startMockUpstream(): MockUpstream {
  const requests: UpstreamRequest[] = [];
  const server = Deno.serve(
    { hostname: "127.0.0.1", port: 0, onListen: () => {} },
    async (req) => {
      const path = new URL(req.url).pathname;
      if (path.endsWith("/models")) {
        return Response.json({
          object: "list",
          data: [{ id: "fetched-model-1", object: "model" }, {
            id: "fetched-model-2",
            object: "model",
          }],
        });
      }
      const text = await req.text();
      const body = text ? JSON.parse(text) : {};
      requests.push({ path, headers: req.headers, body });
      if (path.endsWith("/messages")) {
        return Response.json({
          id: "msg_1",
          type: "message",
          role: "assistant",
          model: body.model ?? "m",
          content: [{ type: "text", text: `hello from ${path}` }],
          stop_reason: "end_turn",
          stop_sequence: null,
          usage: { input_tokens: 3, output_tokens: 4 },
        });
      }
      return Response.json({
        id: "chatcmpl-1",
        object: "chat.completion",
        created: 1,
        model: body.model ?? "m",
        choices: [{
          index: 0,
          message: { role: "assistant", content: `hello from ${path}` },
          finish_reason: "stop",
        }],
        usage: { prompt_tokens: 3, completion_tokens: 4, total_tokens: 7 },
      });
    },
  );
  return {
    origin: `http://127.0.0.1:${server.addr.port}`,
    requests,
    close: () => server.shutdown(),
  };
}

/** A running daemon. */
export interface Daemon {
  /** `http://127.0.0.1:PORT` */
  readonly url: string;
  readonly configPath: string;
  /** Everything the daemon wrote to stderr so far (its diagnostics). */
  stderr(): string;
  stop(): Promise<void>;
}

/** Builds the island bundle (skipped when up to date) so pages can hydrate. */
export async function ensureBundle(): Promise<void> {
  await buildClient();
}

/**
 * Starts `deno run -q -P main.ts run --config <dir>/tresor.yaml` with `yaml` and resolves once it
 * prints its listening line.
 */
export async function startDaemon(yaml: string): Promise<Daemon> {
  const dir = await Deno.makeTempDir({ prefix: "tresor-ui-" });
  const configPath = `${dir}/tresor.yaml`;
  await Deno.writeTextFile(configPath, yaml);
  const daemon = spawnRun(configPath);
  const url = await daemon.url;
  return {
    url,
    configPath,
    stderr: daemon.stderr,
    stop: async () => {
      daemon.process.kill("SIGTERM");
      await daemon.process.status;
      await Deno.remove(dir, { recursive: true });
    },
  };
}

/** Folder for screenshots (gitignored). */
export const SCREENSHOT_DIR = new URL(
  "../browser/screenshots/",
  import.meta.url,
);
