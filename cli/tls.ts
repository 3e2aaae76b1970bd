/**
 * HTTPS for the daemon (`tls: {cert_file, key_file}`, issue 16): the PEM files read at start,
 * relative paths from the config file's folder, and every way they can be wrong turned into one
 * clear line (then exit 1): a file missing or unreadable, not PEM, or a key that is not the
 * certificate's.
 *
 * @module
 */
import { dirname, resolve } from "node:path";
import type { TlsFiles } from "../store/mod.ts";

/** The certificate and key, PEM, as `Deno.serve` takes them. */
export interface TlsPem {
  readonly cert: string;
  readonly key: string;
}

/** Why the daemon cannot serve HTTPS; the message is the line printed. */
export class TlsError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = "TlsError";
  }
}

/** The path `file` names, from the config file's folder when relative. */
export function tlsPath(configPath: string, file: string): string {
  return resolve(dirname(configPath), file);
}

/** Reads both files; throws {@link TlsError} naming the key and the file that cannot be read. */
export async function loadTlsPem(
  configPath: string,
  tls: TlsFiles,
): Promise<TlsPem> {
  const read = async (key: string, file: string) => {
    const path = tlsPath(configPath, file);
    try {
      return await Deno.readTextFile(path);
    } catch (err) {
      if (
        !(err instanceof Error) || !(err instanceof Deno.errors.NotFound ||
          err instanceof Deno.errors.PermissionDenied ||
          err instanceof Deno.errors.IsADirectory ||
          err instanceof TypeError)
      ) throw err;
      throw new TlsError(`cannot read tls.${key} "${path}": ${err.message}`, {
        cause: err,
      });
    }
  };
  return {
    cert: await read("cert_file", tls.certFile),
    key: await read("key_file", tls.keyFile),
  };
}

/**
 * The line for `Deno.serve`'s refusal of the PEM (no certificate in it, no key, a key that is
 * not the certificate's), or `undefined` when `err` is something else.
 */
export function tlsServeProblem(
  err: unknown,
  configPath: string,
  tls: TlsFiles,
): string | undefined {
  if (!(err instanceof Error)) return undefined;
  const pem = err instanceof Deno.errors.InvalidData ||
    /\b(key|cert|certificate)s?\b/i.test(err.message);
  if (!pem) return undefined;
  return `cannot serve HTTPS with tls.cert_file "${
    tlsPath(configPath, tls.certFile)
  }" and tls.key_file "${tlsPath(configPath, tls.keyFile)}": ${err.message}`;
}
