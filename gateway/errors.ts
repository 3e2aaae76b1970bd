/**
 * The gateway's errors and their only renderers. One {@link ErrorKind} table decides each kind's
 * HTTP status and its type in both client error shapes:
 * openai `{"error":{"message","type","code"}}` (also used for the Responses API) and
 * anthropic `{"type":"error","error":{"type","message"}}`.
 *
 * @module
 */
import { PluginError } from "../plugins/mod.ts";
import type { ApiFormat } from "../plugins/mod.ts";

/** What went wrong, as far as a client needs to know. */
export type ErrorKind =
  | "invalid_request"
  | "authentication"
  | "forbidden"
  | "not_found"
  | "method_not_allowed"
  | "model_not_found"
  | "payload_too_large"
  | "not_implemented"
  | "upgrade_required"
  | "upstream_unreachable"
  | "upstream_bad_response"
  | "upstream_timeout"
  | "internal";

interface KindInfo {
  readonly status: number;
  readonly openai: string;
  readonly code: string | null;
  readonly anthropic: string;
}

/** Status and wire types per kind; the only place the gateway maps errors to HTTP statuses. */
const KINDS = {
  invalid_request: {
    status: 400,
    openai: "invalid_request_error",
    code: null,
    anthropic: "invalid_request_error",
  },
  authentication: {
    status: 401,
    openai: "invalid_request_error",
    code: "invalid_api_key",
    anthropic: "authentication_error",
  },
  forbidden: {
    status: 403,
    openai: "invalid_request_error",
    code: "forbidden",
    anthropic: "permission_error",
  },
  not_found: {
    status: 404,
    openai: "invalid_request_error",
    code: "not_found",
    anthropic: "not_found_error",
  },
  method_not_allowed: {
    status: 405,
    openai: "invalid_request_error",
    code: "method_not_allowed",
    anthropic: "invalid_request_error",
  },
  model_not_found: {
    status: 404,
    openai: "invalid_request_error",
    code: "model_not_found",
    anthropic: "not_found_error",
  },
  payload_too_large: {
    status: 413,
    openai: "invalid_request_error",
    code: "payload_too_large",
    anthropic: "request_too_large",
  },
  not_implemented: {
    status: 501,
    openai: "invalid_request_error",
    code: "not_implemented",
    anthropic: "invalid_request_error",
  },
  // Codex CLI falls back from its WebSocket transport to HTTP at once on a 426; on other
  // statuses it retries the upgrade with backoff (about 6 s) or gives up.
  upgrade_required: {
    status: 426,
    openai: "invalid_request_error",
    code: "websocket_not_supported",
    anthropic: "invalid_request_error",
  },
  upstream_unreachable: {
    status: 502,
    openai: "api_error",
    code: "upstream_unreachable",
    anthropic: "api_error",
  },
  upstream_bad_response: {
    status: 502,
    openai: "api_error",
    code: "bad_upstream_response",
    anthropic: "api_error",
  },
  upstream_timeout: {
    status: 504,
    openai: "api_error",
    code: "upstream_timeout",
    anthropic: "timeout_error",
  },
  internal: {
    status: 500,
    openai: "api_error",
    code: null,
    anthropic: "api_error",
  },
} as const satisfies Record<ErrorKind, KindInfo>;

/** A failure the gateway reports to the client in its own error shape. */
export class GatewayError extends Error {
  readonly kind: ErrorKind;
  constructor(kind: ErrorKind, message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = "GatewayError";
    this.kind = kind;
  }
}

/**
 * An upstream answered with an error status; its status is kept (a 529 stays a 529), and so is
 * its body when it is JSON. A text body (an HTML error page, a proxy's plain-text answer) is
 * rendered as the client format's JSON error, with the text in its message.
 */
export class UpstreamError extends Error {
  readonly status: number;
  /** The upstream's error body: parsed JSON, or text. */
  readonly body: unknown;
  constructor(
    status: number,
    body: unknown,
    options?: ErrorOptions & { message?: string },
  ) {
    super(
      options?.message ?? `Upstream answered with status ${status}`,
      options,
    );
    this.name = "UpstreamError";
    this.status = status;
    this.body = body;
  }
}

/** HTTP status of a gateway error kind. */
export function statusOf(kind: ErrorKind): number {
  return KINDS[kind].status;
}

/**
 * Turns anything thrown on the request path into a {@link GatewayError} (or keeps an
 * {@link UpstreamError}). A {@link PluginError} becomes `invalid_request`/`internal` with the
 * plugin id prefixed to its message; any other error becomes `internal` without leaking details.
 */
export function toGatewayError(
  err: unknown,
  pluginId?: string,
): GatewayError | UpstreamError {
  if (err instanceof GatewayError || err instanceof UpstreamError) return err;
  if (err instanceof PluginError) {
    const message = pluginId ? `${pluginId}: ${err.message}` : err.message;
    return new GatewayError(err.kind, message, { cause: err });
  }
  const message = pluginId
    ? `${pluginId}: Plugin failed unexpectedly`
    : "Gateway failed unexpectedly";
  return new GatewayError("internal", message, { cause: err });
}

/** The error object inside an OpenAI error body. */
export interface OpenAiErrorObject {
  message: string;
  type: string;
  code: string | null;
}

/** The body of an OpenAI-shaped error. */
export function toOpenAiErrorBody(
  err: GatewayError,
): { error: OpenAiErrorObject } {
  const info: KindInfo = KINDS[err.kind];
  return {
    error: { message: err.message, type: info.openai, code: info.code },
  };
}

/** The body of an Anthropic-shaped error. */
export function toAnthropicErrorBody(
  err: GatewayError,
): { type: "error"; error: { type: string; message: string } } {
  return {
    type: "error",
    error: { type: KINDS[err.kind].anthropic, message: err.message },
  };
}

/** Anthropic's error type for an HTTP status (https://docs.anthropic.com/en/api/errors). */
const ANTHROPIC_TYPE_BY_STATUS: Readonly<Record<number, string>> = {
  400: "invalid_request_error",
  401: "authentication_error",
  403: "permission_error",
  404: "not_found_error",
  413: "request_too_large",
  429: "rate_limit_error",
  503: "overloaded_error",
  504: "timeout_error",
  529: "overloaded_error",
};

/** At most this much of an upstream's text error body is quoted in the message. */
const QUOTED_TEXT_CHARS = 200;
/** Only this much of the text is looked at (tags stripped): a bound on the work per error page. */
const SCANNED_TEXT_CHARS = 4096;

/** A readable excerpt of an upstream's text or HTML error body: tags stripped, bounded. */
export function textExcerpt(text: string): string {
  return text.slice(0, SCANNED_TEXT_CHARS).replace(/<[^<>]*>/g, " ")
    .replace(/\s+/g, " ").trim().slice(0, QUOTED_TEXT_CHARS);
}

/** The upstream error's body in the client's shape: its JSON as is, text wrapped. */
function upstreamErrorBody(format: ApiFormat, err: UpstreamError): unknown {
  if (typeof err.body !== "string") return err.body;
  const quoted = textExcerpt(err.body);
  const message = `Upstream returned status ${err.status}${
    quoted ? `: ${quoted}` : ""
  }`;
  if (format === "anthropic") {
    return {
      type: "error",
      error: {
        type: ANTHROPIC_TYPE_BY_STATUS[err.status] ??
          (err.status >= 500 ? "api_error" : "invalid_request_error"),
        message,
      },
    };
  }
  return {
    error: {
      message,
      type: err.status >= 500 ? "server_error" : "invalid_request_error",
      code: null,
    },
  };
}

function upstreamResponse(
  format: ApiFormat,
  err: UpstreamError,
  headers: HeadersInit,
): Response {
  const h = new Headers(headers);
  h.set("content-type", "application/json");
  return new Response(JSON.stringify(upstreamErrorBody(format, err)), {
    status: err.status,
    headers: h,
  });
}

/** `body` as JSON with the status of `err`'s kind. */
function jsonErrorResponse(
  body: unknown,
  err: GatewayError,
  headers: HeadersInit,
): Response {
  const h = new Headers(headers);
  h.set("content-type", "application/json");
  return new Response(JSON.stringify(body), {
    status: KINDS[err.kind].status,
    headers: h,
  });
}

/** Renders an error as an OpenAI (or Responses API) error response. */
export function renderOpenAiError(
  err: GatewayError | UpstreamError,
  headers: HeadersInit = {},
): Response {
  if (err instanceof UpstreamError) {
    return upstreamResponse("openai", err, headers);
  }
  return jsonErrorResponse(toOpenAiErrorBody(err), err, headers);
}

/** Renders an error as an Anthropic error response. */
export function renderAnthropicError(
  err: GatewayError | UpstreamError,
  headers: HeadersInit = {},
): Response {
  if (err instanceof UpstreamError) {
    return upstreamResponse("anthropic", err, headers);
  }
  return jsonErrorResponse(toAnthropicErrorBody(err), err, headers);
}

/** Renders an error in the shape of the client's format. */
export function renderError(
  format: ApiFormat,
  err: GatewayError | UpstreamError,
  headers: HeadersInit = {},
): Response {
  return format === "anthropic"
    ? renderAnthropicError(err, headers)
    : renderOpenAiError(err, headers);
}
