/**
 * HTTP plumbing of the admin API: JSON responses, body parsing and the one error renderer.
 *
 * @module
 */
import {
  ConflictError,
  type ErrorJson,
  NotFoundError,
  ValidationError,
} from "../../store/mod.ts";
import type { Logger } from "../../gateway/mod.ts";

/** Largest admin request body accepted (configs are small; this only bounds memory). */
export const MAX_ADMIN_BODY_BYTES = 1024 * 1024;

/** An error that already knows its HTTP status; rendered as `{"error": message}`. */
export class HttpError extends Error {
  readonly status: number;
  readonly headers: HeadersInit | undefined;
  constructor(
    status: number,
    message: string,
    options?: ErrorOptions & { headers?: HeadersInit },
  ) {
    super(message, options);
    this.name = "HttpError";
    this.status = status;
    this.headers = options?.headers;
  }
}

/** A JSON response; `no-store` because every admin answer is live state. */
export function json(
  body: unknown,
  init: { status?: number; headers?: HeadersInit } = {},
): Response {
  const headers = new Headers(init.headers);
  headers.set("content-type", "application/json; charset=utf-8");
  headers.set("cache-control", "no-store");
  return new Response(JSON.stringify(body), {
    status: init.status ?? 200,
    headers,
  });
}

/** `204 No Content`. */
export function noContent(headers?: HeadersInit): Response {
  return new Response(null, { status: 204, headers });
}

/** Reads the request body as a JSON value; throws `HttpError(400|413)`. */
export async function readJson(req: Request): Promise<unknown> {
  const declared = Number(req.headers.get("content-length") ?? "0");
  if (declared > MAX_ADMIN_BODY_BYTES) {
    await req.body?.cancel();
    throw new HttpError(413, "Request body too large");
  }
  const text = await req.text();
  if (text.length > MAX_ADMIN_BODY_BYTES) {
    throw new HttpError(413, "Request body too large");
  }
  if (text.trim() === "") {
    throw new HttpError(400, "Request body is empty: expected JSON");
  }
  try {
    return JSON.parse(text);
  } catch (err) {
    throw new HttpError(400, "Request body is not valid JSON", { cause: err });
  }
}

/** Reads a JSON object body; throws `HttpError(400)` for any other JSON value. */
export async function readJsonObject(
  req: Request,
): Promise<Record<string, unknown>> {
  const body = await readJson(req);
  if (body === null || typeof body !== "object" || Array.isArray(body)) {
    throw new HttpError(400, "Request body must be a JSON object");
  }
  return body as Record<string, unknown>;
}

/**
 * The admin API's only error renderer: typed errors become `{"error": "..."}` with their
 * status, a `ValidationError` also names the bad field's path (`{"error", "field"}`, 400) so
 * pages and the CLI can point at it; anything else is logged and becomes a 500 without details.
 */
export function renderError(err: unknown, log: Logger): Response {
  if (err instanceof HttpError) {
    return json({ error: err.message }, {
      status: err.status,
      headers: err.headers,
    });
  }
  if (err instanceof ValidationError) {
    const body: ErrorJson = err.field === ""
      ? { error: err.message }
      : { error: err.message, field: err.field };
    return json(body, { status: 400 });
  }
  if (err instanceof NotFoundError) {
    return json({ error: err.message }, { status: 404 });
  }
  if (err instanceof ConflictError) {
    return json({ error: err.message }, { status: 409 });
  }
  log.error("Admin API request failed", { error: String(err) });
  return json({ error: "Internal error" }, { status: 500 });
}
