/**
 * Finds the running daemon for the management commands: `--url`/`--password`, then
 * `TRESOR_URL`/`TRESOR_PASSWORD`, then the config file's `listen` and `admin_password`.
 *
 * HTTPS (issue 16): a daemon found through the config's `listen` is reached over `https://`
 * when the config sets `tls`, trusting the configured certificate (the daemon's own, on a
 * loopback address) besides the system's roots. `--ca FILE` / `TRESOR_CA` add a certificate to
 * trust for any daemon URL (a remote daemon with a private CA); a URL given by `--url` is
 * otherwise checked against the system's roots only.
 *
 * @module
 */
import {
  ConfigError,
  loadConfig,
  resolveConfigPath,
  type TlsFiles,
} from "../store/mod.ts";
import { parseListen } from "./run.ts";
import type { DaemonTarget } from "./admin_client.ts";
import { CliError } from "./errors.ts";
import { tlsPath } from "./tls.ts";

/** The global options and environment that locate the daemon. */
export interface TargetOptions {
  readonly config?: string;
  readonly url?: string;
  readonly password?: string;
  /** `--ca FILE`: a PEM certificate to trust. */
  readonly ca?: string;
  readonly env: (name: string) => string | undefined;
  readonly cwd: string;
  readonly home: string | undefined;
}

/** The listen address a config without `listen` uses (CONTRACT). */
const DEFAULT_LISTEN = "127.0.0.1:11510";

/** Turns a `listen` value into the URL a local client reaches it at (`https` with `tls`). */
export function toDaemonUrl(listen: string, scheme = "http"): string {
  let address: { hostname: string; port: number };
  try {
    address = parseListen(listen);
  } catch (err) {
    if (!(err instanceof RangeError)) throw err;
    throw new CliError(`cannot use listen "${listen}": expected HOST:PORT`);
  }
  let host = address.hostname;
  // A wildcard bind is reached over loopback.
  if (host === "0.0.0.0") host = "127.0.0.1";
  if (host === "::") host = "::1";
  return `${scheme}://${
    host.includes(":") ? `[${host}]` : host
  }:${address.port}`;
}

/** Resolves the daemon's URL and admin password; throws `CliError`. */
export async function resolveDaemonTarget(
  options: TargetOptions,
): Promise<DaemonTarget> {
  // An empty environment variable counts as unset.
  let url = options.url ?? (options.env("TRESOR_URL") || undefined);
  let password = options.password ??
    (options.env("TRESOR_PASSWORD") || undefined);
  const caCerts: string[] = [];
  const caFile = options.ca ?? (options.env("TRESOR_CA") || undefined);
  if (caFile !== undefined) caCerts.push(await readPem(caFile, "--ca"));
  if (url === undefined || url === "" || password === undefined) {
    const settings = await readClientSettings(options);
    if (url === undefined || url === "") {
      url = toDaemonUrl(settings.listen, settings.tls ? "https" : "http");
      if (settings.tls) {
        caCerts.push(
          await readPem(
            tlsPath(settings.path, settings.tls.certFile),
            "tls.cert_file",
          ),
        );
      }
    }
    password ??= settings.adminPassword;
  }
  if (!URL.canParse(url)) {
    throw new CliError(`cannot use daemon URL "${url}": not a URL`);
  }
  return {
    url: url.replace(/\/+$/, ""),
    password,
    ...(caCerts.length > 0 && { caCerts }),
  };
}

/** A certificate file's PEM; throws `CliError` naming where it was asked for. */
async function readPem(path: string, option: string): Promise<string> {
  try {
    return await Deno.readTextFile(path);
  } catch (err) {
    if (
      err instanceof Deno.errors.NotFound ||
      err instanceof Deno.errors.PermissionDenied ||
      err instanceof Deno.errors.IsADirectory
    ) {
      throw new CliError(`cannot read ${option} "${path}": ${err.message}`, {
        cause: err,
      });
    }
    throw err;
  }
}

/** `listen` and `admin_password` from the config; defaults when the default file does not exist. */
async function readClientSettings(
  options: TargetOptions,
): Promise<
  { listen: string; adminPassword: string; tls?: TlsFiles; path: string }
> {
  let path: string;
  try {
    path = await resolveConfigPath({
      explicit: options.config,
      env: options.env,
      cwd: options.cwd,
      home: options.home,
    });
  } catch (err) {
    if (err instanceof ConfigError) {
      throw new CliError(err.message, { cause: err });
    }
    throw err;
  }
  const named = (options.config ?? "") !== "" ||
    (options.env("TRESOR_CONFIG") ?? "") !== "";
  try {
    await Deno.stat(path);
  } catch (err) {
    if (err instanceof Deno.errors.NotFound && !named) {
      return { listen: DEFAULT_LISTEN, adminPassword: "", path };
    }
    if (
      err instanceof Deno.errors.NotFound ||
      err instanceof Deno.errors.PermissionDenied
    ) {
      throw new CliError(`cannot read config ${path}: ${err.message}`, {
        cause: err,
      });
    }
    throw err;
  }
  // The store's own parser reads the file without opening the database or creating anything.
  try {
    const { settings } = await loadConfig(path);
    return {
      listen: settings.listen,
      adminPassword: settings.adminPassword,
      ...(settings.tls && { tls: settings.tls }),
      path,
    };
  } catch (err) {
    if (err instanceof ConfigError) {
      throw new CliError(err.message, { cause: err });
    }
    throw err;
  }
}
