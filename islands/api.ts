/**
 * The islands' admin API client: same-origin `fetch` with the session cookie, JSON in and out,
 * and `{"error": "...", "field"?: "..."}` bodies turned into {@link ApiError}.
 *
 * @module
 */
import type { ErrorJson } from "../store/mod.ts";

/** HTTP methods the admin API uses. */
export type ApiMethod = "GET" | "POST" | "PUT" | "DELETE";

/** {@link api}'s signature, so callers (and tests) can pass another. */
export type ApiRequest = <T>(
  method: ApiMethod,
  path: string,
  body?: unknown,
) => Promise<T>;

/**
 * A non-2xx admin API answer; `message` is the API's `error` text, and `field` the path of the
 * bad field a 400 names (`base_url`, `pipeline_config[0].config.headers`).
 */
export class ApiError extends Error {
  readonly status: number;
  readonly field: string | undefined;
  constructor(
    status: number,
    message: string,
    options?: ErrorOptions & { field?: string },
  ) {
    super(message, options);
    this.name = "ApiError";
    this.status = status;
    this.field = options?.field;
  }
}

/** The error body of a failed call, or a generic one naming the status. */
export function toErrorJson(body: unknown, status: number): ErrorJson {
  if (
    typeof body !== "object" || body === null || !("error" in body) ||
    typeof body.error !== "string"
  ) return { error: `Request failed with status ${status}` };
  return "field" in body && typeof body.field === "string" && body.field !== ""
    ? { error: body.error, field: body.field }
    : { error: body.error };
}

/**
 * Calls the admin API and resolves to the parsed JSON body (`null` for 204). The caller names
 * the shape it expects: the admin API's responses are CONTRACT.md's shapes.
 */
export async function api<T>(
  method: ApiMethod,
  path: string,
  body?: unknown,
): Promise<T> {
  let res: Response;
  try {
    res = await fetch(path, {
      method,
      credentials: "same-origin",
      headers: body === undefined
        ? { accept: "application/json" }
        : { accept: "application/json", "content-type": "application/json" },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  } catch (err) {
    throw new ApiError(0, "Cannot reach Tresor: is the daemon running?", {
      cause: err,
    });
  }
  const text = await res.text();
  let parsed: unknown = null;
  if (text !== "") {
    try {
      parsed = JSON.parse(text);
    } catch (err) {
      if (!(err instanceof SyntaxError)) throw err;
      parsed = text;
    }
  }
  if (res.status === 401) {
    // The session expired or the daemon restarted: the login page brings the user back here.
    location.assign(`/login?next=${encodeURIComponent(location.pathname)}`);
  }
  if (!res.ok) {
    const { error, field } = toErrorJson(parsed, res.status);
    throw new ApiError(res.status, error, { field });
  }
  return parsed as T;
}

/** The message to show for a failed call. */
export function errorMessage(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
