/**
 * The composition root: `tresor run` opens the config and database, builds the gateway and the
 * admin routes over the store's snapshot, serves them on one port (HTTPS when `tls` is set),
 * watches the config file for edits, and drains on a signal.
 *
 * @module
 */
import {
  ConfigError,
  createPriceLookup,
  DEFAULT_USAGE_RETENTION_DAYS,
  openResponseStore,
  openStore,
  openUsageStore,
  type ReloadOutcome,
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
import {
  type AdminRoutes,
  createAdminRoutes,
  SessionStore,
} from "../routes/mod.ts";
import { versionInfo } from "./version.ts";
import {
  createProbeClient,
  createUpstreamClient,
  startIdleCollector,
} from "../net/mod.ts";
import { createServeHandler, type ServeInfo } from "./serve_handler.ts";
import { startConfigReload } from "./config_reload.ts";
import { loadTlsPem, TlsError, type TlsPem, tlsServeProblem } from "./tls.ts";
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
  /** Told what each look at the edited config file found (tests wait on it). */
  readonly onConfigReload?: (outcome: ReloadOutcome) => void;
  /** Receives the diagnostic log lines (JSON); defaults to stderr. */
  readonly logSink?: (line: string) => void;
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

/** Opens the configured store; `undefined` after printing why it cannot. */
async function openStoreOrReport(
  configPath: string | undefined,
  printError: (line: string) => void,
): Promise<Store | undefined> {
  try {
    return await openConfiguredStore(configPath, printError);
  } catch (err) {
    if (
      !(err instanceof ConfigError ||
        err instanceof Deno.errors.PermissionDenied)
    ) throw err;
    printError(`tresor: ${err.message}`);
    return undefined;
  }
}

/** The address to bind; `undefined` after printing why `listen` is not one. */
function parseListenOrReport(
  listen: string,
  printError: (line: string) => void,
): { hostname: string; port: number } | undefined {
  try {
    return parseListen(listen);
  } catch (err) {
    if (!(err instanceof RangeError)) throw err;
    printError(`tresor: ${err.message}`);
    return undefined;
  }
}

/**
 * The certificate and key `tls` names, `undefined` without `tls`, or `false` after printing why
 * they cannot be used.
 */
async function loadTlsOrReport(
  store: Store,
  printError: (line: string) => void,
): Promise<TlsPem | undefined | false> {
  const tls = store.snapshot().settings.tls;
  if (!tls) return undefined;
  try {
    return await loadTlsPem(store.configPath, tls);
  } catch (err) {
    if (!(err instanceof TlsError)) throw err;
    printError(`tresor: ${err.message}`);
    return false;
  }
}

/** What the daemon serves over its store, and how to release it. */
interface App {
  readonly handle: (req: Request, info: ServeInfo) => Promise<Response>;
  readonly admin: AdminRoutes;
  /** Stops the idle collector, the gateway, the Responses store, the config watch and the store. */
  close(): Promise<void>;
}

/** Builds the gateway, the admin routes and the serve handler over `store`. */
function composeApp(
  store: Store,
  hostname: string,
  options: RunOptions,
): App {
  const settings = store.snapshot().settings;
  const log = createLogger({ level: settings.logLevel, sink: options.logSink });
  const requestLog = new RequestLog(settings.logBufferSize);
  const unsubscribe = store.subscribe((snapshot) => {
    log.level = snapshot.settings.logLevel;
  });
  const stopReload = startConfigReload(store, log, options.onConfigReload);
  // Responses API state (previous_response_id): its own connection, written off the request path.
  const responses = openResponseStore({
    path: store.databasePath,
    maxStored: settings.responsesMaxStored,
    maxAgeHours: settings.responsesMaxAgeHours,
    onError: (err) =>
      log.error("Cannot keep Responses API responses", { error: String(err) }),
  });
  // Usage records: queued by the record stage, written by their own connection at most a
  // second later; the running total in the debug line is what tests wait for.
  let usageRowsWritten = 0;
  const usage = openUsageStore({
    path: store.databasePath,
    retentionDays: () =>
      store.snapshot().settings.usageRetentionDays ??
        DEFAULT_USAGE_RETENTION_DAYS,
    onFlush: (rows) => {
      usageRowsWritten += rows;
      log.debug("Usage rows written", { rows, total: usageRowsWritten });
    },
    onError: (err) =>
      log.error("Cannot write usage records", { error: String(err) }),
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
    createProbeClient,
    env: (name) => Deno.env.get(name),
    responses,
    observer: combineObservers([
      { recorded: ({ entry }) => usage.add(entry) },
      captures.observer,
    ]),
    prices: createPriceLookup(),
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
    usage,
    metrics: gateway.metrics,
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
    loopbackListen: isLoopbackListen(hostname),
  });
  return {
    handle: (req, info) => {
      requests++;
      return handle(req, info);
    },
    admin,
    async close() {
      stopCollector();
      stopReload();
      gateway.close();
      responses.close();
      // A stream's request is recorded on the turn after its last byte (usage is read off the
      // client's path): a turn later every such record has been queued, then it is written.
      await new Promise((resolve) => setTimeout(resolve, 0));
      usage.close();
      unsubscribe();
      await store.close();
    },
  };
}

/** Serves `app` on `address`; `undefined` after printing why it cannot listen there. */
function serveOrReport(
  app: App,
  target: {
    address: { hostname: string; port: number };
    listen: string;
    store: Store;
    pem: TlsPem | undefined;
  },
  print: (line: string) => void,
  printError: (line: string) => void,
): Deno.HttpServer<Deno.NetAddr> | undefined {
  const { address, listen, store, pem } = target;
  const scheme = pem ? "https" : "http";
  try {
    return Deno.serve({
      hostname: address.hostname,
      port: address.port,
      ...pem,
      onListen: ({ hostname, port }) => {
        const host = hostname.includes(":") ? `[${hostname}]` : hostname;
        print(`tresor listening on ${scheme}://${host}:${port}`);
      },
    }, app.handle);
  } catch (err) {
    const tls = store.snapshot().settings.tls;
    const tlsProblem = tls && tlsServeProblem(err, store.configPath, tls);
    if (tlsProblem) {
      printError(`tresor: ${tlsProblem}`);
      return undefined;
    }
    if (
      !(err instanceof Deno.errors.AddrInUse ||
        err instanceof Deno.errors.PermissionDenied)
    ) {
      throw err;
    }
    const reason = err instanceof Deno.errors.AddrInUse
      ? "address already in use"
      : err.message;
    printError(`tresor: cannot listen on ${listen}: ${reason}`);
    return undefined;
  }
}

/**
 * Waits for the stop signal, then drains: resolves to the exit code (0 after a clean drain, the
 * forcing signal's code when a third signal cuts it short).
 */
async function drainOnStop(
  server: Deno.HttpServer<Deno.NetAddr>,
  app: App,
  stopSignal: Promise<void> | undefined,
  printError: (line: string) => void,
): Promise<number> {
  const signals = stopSignal === undefined
    ? listenForStopSignals({ print: printError, drainMs: DRAIN_TIMEOUT_MS })
    : undefined;
  await (stopSignal ?? signals?.stop);
  // Log streams never finish by themselves; end them so the drain waits only for real requests.
  app.admin.close();
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
  await app.close();
  return forced === undefined ? 0 : exitCodeFor(forced);
}

/**
 * Runs the daemon until a stop signal; resolves to the exit code (0 after a clean drain, 1 when
 * it cannot start).
 */
export async function runDaemon(options: RunOptions = {}): Promise<number> {
  const print = options.print ?? PRINT;
  const printError = options.printError ?? PRINT_ERROR;
  const store = await openStoreOrReport(options.configPath, printError);
  if (store === undefined) return 1;
  const listen = options.listen ?? store.snapshot().settings.listen;
  const address = parseListenOrReport(listen, printError);
  if (address === undefined) {
    await store.close();
    return 1;
  }
  const pem = await loadTlsOrReport(store, printError);
  if (pem === false) {
    await store.close();
    return 1;
  }
  const app = composeApp(store, address.hostname, options);
  const server = serveOrReport(
    app,
    { address, listen, store, pem },
    print,
    printError,
  );
  if (server === undefined) {
    await app.close();
    return 1;
  }
  return await drainOnStop(server, app, options.stopSignal, printError);
}
