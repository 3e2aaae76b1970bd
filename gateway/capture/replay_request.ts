/**
 * A captured request made into a request again, for a replay (issue 17): the client's path,
 * query string, headers and body as captured (redacted: credential headers are left out, a
 * secret in the body stays `[redacted]`), optionally asking for another model; and the replay's
 * answer read back within the capture's bound, redacted like a capture.
 *
 * @module
 */
import type { CaptureSettings } from "../../store/types.ts";
import { CapturedBody } from "./captured_body.ts";
import type { CapturedRequest } from "./captured_request.ts";
import { HEADERS_CUT_FIELD, REDACTED, type Redactor } from "./redactor.ts";

/** Why a captured request cannot be replayed. */
export class ReplayError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "ReplayError";
  }
}

/** Fields the runtime sets for a body it sends, or that belong to one connection. */
const NOT_REPLAYED = new Set([
  "host",
  "content-length",
  "transfer-encoding",
  "connection",
  "keep-alive",
  "te",
  "upgrade",
  HEADERS_CUT_FIELD,
]);

/** The origin replayed requests claim (never reached: the gateway takes them in-process). */
const REPLAY_ORIGIN = "http://replay.tresor.invalid";

/**
 * The request to send again: `model`, when given, replaces the body's `model` (the replay then
 * resolves like a client asking for it). Throws {@link ReplayError} when the body was not
 * captured whole.
 */
export function toReplayRequest(
  captured: CapturedRequest,
  options: { model?: string; signal?: AbortSignal } = {},
): Request {
  const { received, entry } = captured;
  if (received.body === null) {
    throw new ReplayError(
      `Cannot replay request "${entry.id}": it had no body to send again`,
    );
  }
  if (received.truncated) {
    throw new ReplayError(
      `Cannot replay request "${entry.id}": its body was cut at capture.max_body_bytes`,
    );
  }
  const headers = new Headers();
  for (const [name, value] of Object.entries(received.headers)) {
    if (value === REDACTED || NOT_REPLAYED.has(name)) continue;
    headers.append(name, value);
  }
  return new Request(`${REPLAY_ORIGIN}${received.url}`, {
    method: entry.method,
    headers,
    body: options.model === undefined
      ? received.body
      : withModel(received.body, options.model, entry.id),
    signal: options.signal,
  });
}

function withModel(body: string, model: string, id: string): string {
  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch (err) {
    if (!(err instanceof SyntaxError)) throw err;
  }
  if (typeof json !== "object" || json === null || Array.isArray(json)) {
    throw new ReplayError(
      `Cannot replay request "${id}" with another model: its body is not a JSON object`,
    );
  }
  return JSON.stringify({ ...json, model });
}

/** The replay's answer body: read within `max_body_bytes`, redacted, cut with a marker past it. */
export async function readReplayAnswer(
  response: Response,
  options: { settings: CaptureSettings; redactor: Redactor },
): Promise<{ text: string | null; truncated: boolean }> {
  const { settings, redactor } = options;
  const limit = settings.maxBodyBytes + redactor.margin;
  const body = new CapturedBody();
  const reader = response.body?.getReader();
  if (!reader) return { text: null, truncated: false };
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      body.add(value, { limit, lent: true, reserve: () => true });
      if (body.seen > limit) break;
    }
  } finally {
    await reader.cancel().catch((err: unknown) => err);
  }
  return body.text(redactor, settings.maxBodyBytes);
}
