/**
 * The islands' admin API client: same-origin `fetch` with the session cookie, JSON in and out,
 * and `{"error": "..."}` bodies turned into {@link ApiError}.
 *
 * @module
 */

/** A non-2xx admin API answer; `message` is the API's `error` text. */
export class ApiError extends Error {
  readonly status: number;
  constructor(status: number, message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = "ApiError";
    this.status = status;
  }
}

function errorText(body: unknown, status: number): string {
  if (
    typeof body === "object" && body !== null && "error" in body &&
    typeof body.error === "string"
  ) return body.error;
  return `Request failed with status ${status}`;
}

/**
 * Calls the admin API and resolves to the parsed JSON body (`null` for 204). The caller names
 * the shape it expects: the admin API's responses are CONTRACT.md's shapes.
 */
export async function api<T>(
  method: "GET" | "POST" | "PUT" | "DELETE",
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
  if (!res.ok) throw new ApiError(res.status, errorText(parsed, res.status));
  return parsed as T;
}

/** The message to show for a failed call. */
export function errorMessage(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
