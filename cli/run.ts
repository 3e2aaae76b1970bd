/**
 * The composition root: `tresor run` opens the config and database, builds the gateway and the
 * admin routes over the store's snapshot, serves them on one port, and drains on a signal.
 *
 * @module
 */
import {
  ConfigError,
  openResponseStore,
  openStore,
  resolveConfigPath,
  type Store,
} from "../store/mod.ts";
import {
  CaptureStore,
  combineObservers,
  createGateway,
  createLogger,
  isLoopbackListen,
  PLUGINS,
  RequestLog,
} from "../gateway/mod.ts";
import { createAdminRoutes, SessionStore } from "../routes/mod.ts";
import { versionInfo } from "./version.ts";
import { createUpstreamClient, startIdleCollector } from "../net/mod.ts";
import { createServeHandler } from "./serve_handler.ts";
import { exitCodeFor, listenForStopSignals } from "./stop_signals.ts";

/** How long shutdown waits for in-flight requests (streams included) before closing them. */
const DRAIN_TIMEOUT_MS = 10_000;

/** Options of {@link runDaemon}; every field has a production default. */
export interface RunOptions {
  /** `--config FILE`; otherwise the CONTRACT lookup order. */
  readonly configPath?: string;
  /** `--listen HOST:PORT`, overriding the config's `listen`. */
  readonly listen?: string;
  /** Resolves when the daemon should stop; defaults to SIGINT/SIGTERM. */
  readonly stopSignal?: Promise<void>;
  /** Receives the listening line; defaults to stdout. */
  readonly print?: (line: string) => void;
  /** Receives error and warning lines; defaults to stderr. */
  readonly printError?: (line: string) => void;
}

// deno-lint-ignore no-console -- the listening line is the daemon's stdout contract
const PRINT = (line: string) => console.log(line);
// deno-lint-ignore no-console -- start-up errors and config warnings go to stderr
const PRINT_ERROR = (line: string) => console.error(line);

/** Splits `host:port` (IPv6 hosts in brackets); throws `RangeError` for anything else. */
export function parseListen(
  listen: string,
): { hostname: string; port: number } {
  const match = /^(?:\[([^\]]+)\]|([^:]+)):(\d{1,5})$/.exec(listen.trim());
  const port = match ? Number(match[3]) : NaN;
  if (!match || port > 65535) {
    throw new RangeError(`Cannot listen on "${listen}": expected HOST:PORT`);
  }
  return { hostname: match[1] ?? match[2], port };
}

async function openConfiguredStore(
  configPath: string | undefined,
  printError: (line: string) => void,
): Promise<Store> {
  const path = await resolveConfigPath({
    explicit: configPath,
    env: (name) => Deno.env.get(name),
    cwd: Deno.cwd(),
    home: Deno.env.get("HOME"),
  });
  const { store, warnings } = await openStore(path);
  for (const warning of warnings) printError(`tresor: warning: ${warning}`);
  return store;
}

/**
 * Runs the daemon until a stop signal; resolves to the exit code (0 after a clean drain, 1 when
 * it cannot start).
 */
export async function runDaemon(options: RunOptions = {}): Promise<number> {
  const print = options.print ?? PRINT;
  const printError = options.printError ?? PRINT_ERROR;

  let store: Store;
  try {
    store = await openConfiguredStore(options.configPath, printError);
  } catch (err) {
    if (
      !(err instanceof ConfigError ||
        err instanceof Deno.errors.PermissionDenied)
    ) throw err;
    printError(`tresor: ${err.message}`);
    return 1;
  }

  const settings = store.snapshot().settings;
  let address: { hostname: string; port: number };
  try {
    address = parseListen(options.listen ?? settings.listen);
  } catch (err) {
    if (!(err instanceof RangeError)) throw err;
    printError(`tresor: ${err.message}`);
    await store.close();
    return 1;
  }

  const log = createLogger({ level: settings.logLevel });
  const requestLog = new RequestLog(settings.logBufferSize);
  const unsubscribe = store.subscribe((snapshot) => {
    log.level = snapshot.settings.logLevel;
  });
  // Responses API state (previous_response_id): its own connection, written off the request path.
  const responses = openResponseStore({
    path: store.databasePath,
    maxStored: settings.responsesMaxStored,
    maxAgeHours: settings.responsesMaxAgeHours,
    onError: (err) =>
      log.error("Cannot keep Responses API responses", { error: String(err) }),
  });
  // Request capture for the inspector (issue 17), in memory only; admin session tokens are
  // secrets it redacts too.
  const sessions = new SessionStore();
  const captures = new CaptureStore({
    snapshot: () => store.snapshot(),
    log,
    secrets: () => sessions.tokens(),
  });
  const gateway = createGateway({
    snapshot: () => store.snapshot(),
    log,
    requestLog,
    plugins: PLUGINS,
    createUpstreamClient,
    env: (name) => Deno.env.get(name),
    responses,
    observer: combineObservers([captures.observer]),
  });
  const admin = createAdminRoutes({
    store,
    requestLog,
    log,
    gateway,
    plugins: PLUGINS,
    version: versionInfo(),
    startedAt: new Date(),
    capture: { store: captures, replay: gateway.replay },
    sessions,
    configPath: store.configPath,
    databasePath: store.databasePath,
  });

  let requests = 0;
  const stopCollector = startIdleCollector({
    activity: () => requests,
    onCollect: (ms) =>
      log.debug("Heap compacted after traffic stopped", {
        duration_ms: Math.round(ms),
      }),
  });

  const handle = createServeHandler({
    gateway,
    admin,
    settings: () => store.snapshot().settings,
    log,
    // Known at start: the Host rule follows the address actually bound, whatever TLS or a
    // later `listen` edit says.
    loopbackListen: isLoopbackListen(address.hostname),
  });
  let server: Deno.HttpServer<Deno.NetAddr>;
  try {
    server = Deno.serve({
      hostname: address.hostname,
      port: address.port,
      onListen: ({ hostname, port }) => {
        const host = hostname.includes(":") ? `[${hostname}]` : hostname;
        print(`tresor listening on http://${host}:${port}`);
      },
    }, (req, info) => {
      requests++;
      return handle(req, info);
    });
  } catch (err) {
    if (
      !(err instanceof Deno.errors.AddrInUse ||
        err instanceof Deno.errors.PermissionDenied)
    ) {
      throw err;
    }
    const reason = err instanceof Deno.errors.AddrInUse
      ? "address already in use"
      : err.message;
    printError(
      `tresor: cannot listen on ${
        options.listen ?? settings.listen
      }: ${reason}`,
    );
    stopCollector();
    gateway.close();
    responses.close();
    unsubscribe();
    await store.close();
    return 1;
  }

  const signals = options.stopSignal === undefined
    ? listenForStopSignals({ print: printError, drainMs: DRAIN_TIMEOUT_MS })
    : undefined;
  await (options.stopSignal ?? signals?.stop);
  // Log streams never finish by themselves; end them so the drain waits only for real requests.
  admin.close();
  // shutdown() stops accepting and resolves once in-flight responses (streams too) finish.
  // Past the bound, or on a third signal, we stop waiting; the caller exits the process, which
  // closes what is left.
  const drained = server.shutdown().then(() => undefined);
  printError(
    `tresor: stopping: finishing in-flight requests (up to ${
      DRAIN_TIMEOUT_MS / 1000
    } s)`,
  );
  let timer: ReturnType<typeof setTimeout> | undefined;
  const forced = await Promise.race([
    drained,
    new Promise<undefined>((resolve) => {
      timer = setTimeout(() => resolve(undefined), DRAIN_TIMEOUT_MS);
    }),
    signals?.force ?? new Promise<never>(() => {}),
  ]);
  clearTimeout(timer);
  stopCollector();
  gateway.close();
  responses.close();
  unsubscribe();
  await store.close();
  return forced === undefined ? 0 : exitCodeFor(forced);
}
