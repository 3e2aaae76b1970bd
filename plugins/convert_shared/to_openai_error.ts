/**
 * Upstream Anthropic errors → OpenAI error bodies. The HTTP status is kept by the caller (a 529
 * stays a 529); the type is mapped and the Anthropic type kept in `code`.
 * https://docs.anthropic.com/en/api/errors → https://platform.openai.com/docs/guides/error-codes
 *
 * @module
 */
import type * as anthropic from "../protocol/anthropic/types.ts";
import type * as openai from "../protocol/openai/types.ts";
import { parseError } from "../protocol/anthropic/parse_response.ts";

/** Anthropic error type → OpenAI error type. */
export const OPENAI_ERROR_TYPE = {
  invalid_request_error: "invalid_request_error",
  authentication_error: "authentication_error",
  billing_error: "insufficient_quota",
  permission_error: "permission_error",
  not_found_error: "not_found_error",
  request_too_large: "invalid_request_error",
  rate_limit_error: "rate_limit_error",
  api_error: "server_error",
  timeout_error: "timeout",
  overloaded_error: "server_error",
} as const satisfies Record<anthropic.ErrorType, string>;

/** An OpenAI error body for an Anthropic error (body or event), or any other upstream body. */
export function toOpenAiError(
  body: unknown,
  status: number,
): openai.ErrorResponse {
  const err = parseError(body);
  if (err) {
    return {
      error: {
        message: err.message,
        type: OPENAI_ERROR_TYPE[err.type],
        code: err.type,
      },
    };
  }
  const text = typeof body === "string" ? body : JSON.stringify(body) ?? "";
  return {
    error: {
      message: `Upstream returned status ${status}${
        text ? `: ${text.slice(0, 500)}` : ""
      }`,
      type: status >= 500 ? "server_error" : "invalid_request_error",
      code: null,
    },
  };
}
