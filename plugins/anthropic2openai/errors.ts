/**
 * Upstream OpenAI errors → Anthropic error bodies. The HTTP status is kept by the caller; the
 * Anthropic error type follows the status, as Anthropic's own errors do.
 * https://platform.openai.com/docs/guides/error-codes → https://docs.anthropic.com/en/api/errors
 *
 * @module
 */
import type * as anthropic from "../protocol/anthropic/types.ts";
import { parseError } from "../protocol/openai/parse_response.ts";

/** HTTP status → Anthropic error type; other 5xx are `api_error`, other 4xx `invalid_request_error`. */
export const ANTHROPIC_ERROR_TYPE: Readonly<
  Record<number, anthropic.ErrorType>
> = {
  400: "invalid_request_error",
  401: "authentication_error",
  402: "billing_error",
  403: "permission_error",
  404: "not_found_error",
  413: "request_too_large",
  429: "rate_limit_error",
  500: "api_error",
  503: "overloaded_error",
  504: "timeout_error",
  529: "overloaded_error",
};

/** The Anthropic error type for a status. */
export function toAnthropicErrorType(status: number): anthropic.ErrorType {
  return ANTHROPIC_ERROR_TYPE[status] ??
    (status >= 500 ? "api_error" : "invalid_request_error");
}

/** An Anthropic error body for an OpenAI error body, or any other upstream body. */
export function toAnthropicError(
  body: unknown,
  status: number,
): anthropic.ErrorResponse {
  const err = parseError(body);
  const text = typeof body === "string" ? body : JSON.stringify(body) ?? "";
  const message = err?.message ||
    `Upstream returned status ${status}${
      text ? `: ${text.slice(0, 500)}` : ""
    }`;
  return {
    type: "error",
    error: { type: toAnthropicErrorType(status), message },
  };
}
