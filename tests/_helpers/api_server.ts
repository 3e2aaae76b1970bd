/**
 * Starts the admin API on 127.0.0.1:0 over the real store in a temporary config folder, with a
 * captured log sink, for the `[e2e]` API tests.
 */
import { join } from "node:path";
import { openStore } from "../../store/mod.ts";
import type { Store } from "../../store/types.ts";
import { createLogger, type Logger } from "../../gateway/log.ts";
import { RequestLog } from "../../gateway/request_log.ts";
import { PLUGINS } from "../../plugins/mod.ts";
import {
  type AdminApiDeps,
  createAdminApi,
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
  readonly log: Logger;
  readonly configPath: string;
  readonly dir: string;
  /** Every diagnostics line written so far. */
  readonly logLines: string[];
  /** `fetch(url + path)` with `Authorization: Bearer <password>` unless `auth` is given (`null`: none). */
  call(
    path: string,
    init?: RequestInit & { auth?: string | null },
  ): Promise<Response>;
  /** Stops the server and closes the store (the temp folder stays for `reopen`). */
  close(): Promise<void>;
}

/** Options of {@link startApiServer}. */
export interface ApiServerOptions {
  config?: string;
  /** Password the `call` helper sends; defaults to "hunter2". */
  password?: string;
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
  const deps: AdminApiDeps = {
    store,
    requestLog,
    log,
    gateway: options.gateway ?? {
      fetchUpstream: () => Promise.reject(new Error("no gateway in this test")),
    },
    plugins: PLUGINS,
    version: { version: "9.9.9", build: "test" },
    startedAt: new Date(),
    now: options.now,
  };
  const api = createAdminApi(deps);
  const server = Deno.serve(
    { hostname: "127.0.0.1", port: 0, onListen: () => {} },
    (req, info) => api.handle(req, info),
  );
  const url = `http://127.0.0.1:${server.addr.port}`;
  const password = options.password ?? "hunter2";
  return {
    url,
    store,
    requestLog,
    log,
    configPath,
    dir,
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
    async close() {
      await server.shutdown();
      await store.close();
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
