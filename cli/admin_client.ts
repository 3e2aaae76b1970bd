/**
 * The management commands' admin API client: JSON over HTTP with the admin password as Bearer,
 * every failure turned into one clear {@link CliError} line; an API error names the field it is
 * about (`base_url: not a URL`).
 *
 * @module
 */
import type { ErrorJson } from "../store/mod.ts";
import { CliError } from "./errors.ts";
import { createTrustingFetch } from "../net/mod.ts";

/** Where the daemon is and how to authenticate to it. */
export interface DaemonTarget {
  /** Base URL without a trailing slash, e.g. `http://127.0.0.1:11510`. */
  readonly url: string;
  /** The admin password; empty when the config sets none. */
  readonly password: string;
  /** Certificates (PEM) trusted besides the system's roots for an `https://` daemon. */
  readonly caCerts?: readonly string[];
}

/** HTTP methods the client sends. */
export type ApiMethod = "GET" | "POST" | "PUT" | "DELETE";

/** Calls the running daemon's admin API. */
export class AdminClient {
  readonly target: DaemonTarget;
  #fetch: typeof fetch;

  constructor(target: DaemonTarget, options: { fetch?: typeof fetch } = {}) {
    this.target = target;
    this.#fetch = options.fetch ??
      (target.caCerts ? createTrustingFetch(target.caCerts) : fetch);
  }

  /** Sends a request and resolves to the parsed JSON body (`null` for 204); throws `CliError`. */
  async request<T>(
    method: ApiMethod,
    path: string,
    body?: unknown,
  ): Promise<T> {
    const res = await this.open(method, path, { body });
    const text = await res.text();
    if (text === "") return null as T;
    try {
      return JSON.parse(text) as T;
    } catch (err) {
      if (!(err instanceof SyntaxError)) throw err;
      throw new CliError(
        `the daemon at ${this.target.url} answered ${method} ${path} with something other than JSON`,
        { cause: err },
      );
    }
  }

  /**
   * Sends a request and resolves to the successful `Response` (body unread, for streams);
   * throws `CliError` for an unreachable daemon, bad credentials or an API error.
   */
  async open(
    method: ApiMethod,
    path: string,
    options: { body?: unknown; signal?: AbortSignal } = {},
  ): Promise<Response> {
    const headers = new Headers({ accept: "application/json" });
    if (this.target.password !== "") {
      headers.set("authorization", `Bearer ${this.target.password}`);
    }
    if (options.body !== undefined) {
      headers.set("content-type", "application/json");
    }
    let res: Response;
    try {
      res = await this.#fetch(`${this.target.url}${path}`, {
        method,
        headers,
        body: options.body === undefined
          ? undefined
          : JSON.stringify(options.body),
        signal: options.signal,
      });
    } catch (err) {
      if (options.signal?.aborted) throw err;
      throw new CliError(
        `cannot reach the daemon at ${this.target.url}: is it running? (tresor run)`,
        { cause: err },
      );
    }
    if (res.ok) return res;
    const message = await errorMessage(res);
    if (res.status === 401) {
      throw new CliError(
        this.target.password === ""
          ? `the daemon at ${this.target.url} requires the admin password: pass --password or set TRESOR_PASSWORD`
          : `the daemon at ${this.target.url} rejected the admin password: check admin_password in the config, --password or TRESOR_PASSWORD`,
      );
    }
    throw new CliError(message);
  }
}

/**
 * The API's error text led by the field it names (`{"error", "field"}`, unless the text already
 * starts with it), or a generic line naming the status.
 */
async function errorMessage(res: Response): Promise<string> {
  const body = toErrorJson(await res.text());
  if (body === undefined) {
    return `the daemon answered ${res.status} ${res.statusText}`.trimEnd();
  }
  const { error, field } = body;
  return field === undefined || error.startsWith(`${field}: `)
    ? error
    : `${field}: ${error}`;
}

/** An admin API error body, or `undefined` when `text` is not one. */
export function toErrorJson(text: string): ErrorJson | undefined {
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch (err) {
    if (!(err instanceof SyntaxError)) throw err;
    return undefined;
  }
  if (typeof body !== "object" || body === null) return undefined;
  const { error, field } = body as Partial<Record<keyof ErrorJson, unknown>>;
  if (typeof error !== "string") return undefined;
  return typeof field === "string" && field !== ""
    ? { error, field }
    : { error };
}
