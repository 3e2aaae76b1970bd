/**
 * Starts the admin API on 127.0.0.1:0 over the real store in a temporary config folder, with a
 * captured log sink, for the `[e2e]` API tests.
 */
import { createProbeClient, createUpstreamClient } from "../../net/mod.ts";
import { join } from "node:path";
import { openStore } from "../../store/mod.ts";
import type { Store } from "../../store/types.ts";
import {
  CaptureStore,
  createGateway,
  createLogger,
  isGatewayPath,
  type Logger,
  RequestLog,
} from "../../gateway/mod.ts";
import { PLUGINS } from "../../plugins/mod.ts";
import {
  type AdminApi,
  type AdminApiDeps,
  createAdminApi,
  SessionStore,
  type UpstreamFetcher,
} from "../../routes/api/mod.ts";

/** A key planted in configs so tests can grep every response and log line for it. */
export const SECRET_KEY = "sk-secret-planted-0123456789";

/** A config with one downstream, one rule and an alias group of two. */
export function sampleConfig(
  options: { adminPassword?: string; baseUrl?: string } = {},
): string {
  return `# my tresor config
listen: 127.0.0.1:11510
admin_password: "${options.adminPassword ?? "hunter2"}"
proxy_api_keys: [sk-proxy-abcdefgh1234]
log_level: info
downstreams:
  - id: alpha
    name: Alpha
    api_formats: [openai]
    base_url: ${options.baseUrl ?? "http://127.0.0.1:9/v1"}
    api_key: ${SECRET_KEY}
    output_model_ids: [alpha-1]
  - id: beta
    name: Beta
    api_formats: [anthropic]
    base_url: http://127.0.0.1:9
    api_key: ${SECRET_KEY}-beta
    output_model_ids: [beta-1]
rules:
  - id: tag
    name: Tag
    pattern_path: /v1/chat/completions
    match_downstreams: [beta]
    is_enabled: true
    pipeline_config:
      - plugin_id: custom_header
        is_enabled: true
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
    is_active: false
`;
}

/** A running admin API with its store and captured diagnostics. */
export interface ApiServer {
  readonly url: string;
  readonly store: Store;
  readonly requestLog: RequestLog;
  readonly captures: CaptureStore;
  readonly log: Logger;
  readonly configPath: string;
  readonly dir: string;
  /** The API object itself, for calls with a forged peer address. */
  readonly api: AdminApi;
  /** Every diagnostics line written so far. */
  readonly logLines: string[];
  /** `fetch(url + path)` with `Authorization: Bearer <password>` unless `auth` is given (`null`: none). */
  call(
    path: string,
    init?: RequestInit & { auth?: string | null },
  ): Promise<Response>;
  /** Stops the server and closes the store; removes the temp folder unless `keep`. */
  close(options?: { keep?: boolean }): Promise<void>;
}

/** Options of {@link startApiServer}. */
export interface ApiServerOptions {
  config?: string;
  /** Password the `call` helper sends; defaults to "hunter2". */
  password?: string;
  /** Replaces the real gateway's `fetchUpstream` (the real gateway still serves `/v1/...`). */
  gateway?: UpstreamFetcher;
  now?: () => number;
  dir?: string;
}

/** Starts the admin API; pass `dir` to reopen a previous server's config folder. */
export async function startApiServer(
  options: ApiServerOptions = {},
): Promise<ApiServer> {
  const dir = options.dir ?? await Deno.makeTempDir({ prefix: "tresor-api-" });
  const configPath = join(dir, "tresor.yaml");
  if (options.config !== undefined) {
    await Deno.writeTextFile(configPath, options.config);
  }
  const { store } = await openStore(configPath);
  const logLines: string[] = [];
  const log = createLogger({
    level: "debug",
    sink: (line) => logLines.push(line),
  });
  const requestLog = new RequestLog(100);
  // As the daemon does: the capture redacts the admin sessions' tokens too.
  const sessions = new SessionStore({ now: options.now });
  const captures = new CaptureStore({
    snapshot: () => store.snapshot(),
    log,
    now: options.now,
    secrets: () => sessions.tokens(),
  });
  const gateway = createGateway({
    snapshot: () => store.snapshot(),
    log,
    requestLog,
    plugins: PLUGINS,
    createUpstreamClient,
    createProbeClient,
    env: () => undefined,
    observer: captures.observer,
  });
  const deps: AdminApiDeps = {
    store,
    requestLog,
    log,
    gateway: options.gateway ?? gateway,
    plugins: PLUGINS,
    version: { version: "9.9.9", build: "test" },
    startedAt: new Date(),
    capture: { store: captures, replay: gateway.replay },
    sessions,
    now: options.now,
  };
  const api = createAdminApi(deps);
  const server = Deno.serve(
    { hostname: "127.0.0.1", port: 0, onListen: () => {} },
    (req, info) =>
      isGatewayPath(new URL(req.url).pathname)
        ? gateway.handle(req)
        : api.handle(req, info),
  );
  const url = `http://127.0.0.1:${server.addr.port}`;
  const password = options.password ?? "hunter2";
  return {
    url,
    store,
    requestLog,
    captures,
    log,
    configPath,
    dir,
    api,
    logLines,
    call(path, init = {}) {
      const { auth, ...rest } = init;
      const headers = new Headers(rest.headers);
      const token = auth === undefined ? password : auth;
      if (token !== null) headers.set("authorization", `Bearer ${token}`);
      if (rest.body !== undefined && !headers.has("content-type")) {
        headers.set("content-type", "application/json");
      }
      return fetch(`${url}${path}`, { ...rest, headers });
    },
    async close(closeOptions = {}) {
      await server.shutdown();
      gateway.close();
      await store.close();
      if (!closeOptions.keep) await Deno.remove(dir, { recursive: true });
    },
  };
}

/** Reads a response as JSON (consuming the body) and returns status and body. */
export async function readJson(
  res: Response,
): Promise<{ status: number; body: unknown; text: string }> {
  const text = await res.text();
  return {
    status: res.status,
    text,
    body: text === "" ? null : JSON.parse(text),
  };
}

/** Calls the admin API with a JSON body (when given) and reads the JSON answer. */
export async function callJson(
  server: ApiServer,
  method: string,
  path: string,
  body?: unknown,
): Promise<{ status: number; body: unknown; text: string }> {
  return await readJson(
    await server.call(path, {
      method,
      body: body === undefined ? undefined : JSON.stringify(body),
    }),
  );
}

/** A mock provider: records requests and answers `/v1/models` and chat calls. */
export interface MockProvider {
  /** Base URL including `/v1` (an openai downstream's convention). */
  readonly baseUrl: string;
  /** `METHOD path authorization` of every request received. */
  readonly seen: string[];
  close(): Promise<void>;
}

/**
 * Starts a mock OpenAI-style provider named `name`. `GET /v1/models` lists `models` when the
 * request carries `Bearer key`, else answers 401 with an error that echoes the key it got.
 * `POST /v1/chat/completions` answers with a completion whose content is `name`.
 */
export function startMockProvider(
  options: { name: string; key: string; models?: string[]; status?: number },
): MockProvider {
  const seen: string[] = [];
  const server = Deno.serve(
    { hostname: "127.0.0.1", port: 0, onListen: () => {} },
    async (req) => {
      const path = new URL(req.url).pathname;
      const auth = req.headers.get("authorization") ?? "";
      seen.push(`${req.method} ${path} ${auth}`);
      if (auth !== `Bearer ${options.key}`) {
        await req.body?.cancel();
        return Response.json({
          error: {
            message: `Incorrect API key provided: ${auth.slice(7)}`,
            type: "invalid_request_error",
            code: "invalid_api_key",
          },
        }, { status: 401 });
      }
      if (req.method === "GET" && path === "/v1/models") {
        if (options.status) {
          return Response.json({ error: { message: "models unavailable" } }, {
            status: options.status,
          });
        }
        return Response.json({
          object: "list",
          data: (options.models ?? []).map((id) => ({ id, object: "model" })),
        });
      }
      if (req.method === "POST" && path === "/v1/chat/completions") {
        const body = await req.json() as { model: string };
        return Response.json({
          id: "chatcmpl-1",
          object: "chat.completion",
          created: 0,
          model: body.model,
          choices: [{
            index: 0,
            message: { role: "assistant", content: options.name },
            finish_reason: "stop",
          }],
          usage: { prompt_tokens: 1, completion_tokens: 1, total_tokens: 2 },
        });
      }
      await req.body?.cancel();
      return Response.json({ error: { message: "not found" } }, {
        status: 404,
      });
    },
  );
  return {
    baseUrl: `http://127.0.0.1:${server.addr.port}/v1`,
    seen,
    close: () => server.shutdown(),
  };
}
