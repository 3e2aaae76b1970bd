/**
 * The client's answer when the upstream's body is read whole before anything goes out: an
 * upstream error status, a body a response transform (a converter) must read, and a small
 * passthrough body. Each returns the response and what the log says about it; the respond stage
 * records it.
 *
 * @module
 */
import type { ApiFormat, PluginResponse } from "../plugins/mod.ts";
import {
  GatewayError,
  renderError,
  textExcerpt,
  UpstreamError,
} from "./errors.ts";
import {
  cleanResponse,
  isRecord,
  parseJsonBody,
  toClientResponse,
} from "./client_response.ts";
import {
  appendResponseHeaders,
  headerValue,
  toHeaderList,
  toHeaders,
} from "./forward.ts";
import { type BoundPipeline, runResponsePipeline } from "./pipeline.ts";
import type { RequestContext } from "./request_context.ts";
import type { HeaderList, UpstreamResponse } from "./upstream_client.ts";
import type { BoundedRead } from "./upstream_body.ts";
import type { Failure } from "./request_draft.ts";
import { hasCounts, readUsage, type Usage } from "./usage_fields.ts";
import { estimateTokens } from "./usage_estimate.ts";

const JSON_CONTENT_TYPE_REGEXP = /[/+]json\b/i;

/** A response made before the first byte went out, and what to log about it. */
export interface Answered {
  readonly response: Response;
  readonly usage?: Usage;
  readonly failure?: Failure;
}

/**
 * The usage a whole 2xx upstream body reports (in the upstream's `format`), or an estimate of
 * its output when it reports none.
 */
function usageOfBody(
  body: unknown,
  bytes: number,
  format: ApiFormat,
): Usage {
  const usage = readUsage(body, format);
  if (hasCounts(usage) || bytes === 0) return usage;
  return { output_tokens: estimateTokens(body, bytes), estimated: true };
}

/**
 * An upstream error status: JSON bodies go to the response transforms (a converter translates
 * them) or pass as bytes; a text or HTML body becomes the client format's JSON error with the
 * upstream's status.
 */
export async function answerError(
  ctx: RequestContext,
  read: BoundedRead,
): Promise<Answered> {
  const { upstream, pipeline } = ctx.attempt;
  const raw = read.bytes;
  const parsed = read.truncated ? undefined : parseJsonBody(raw);
  const json = isRecord(parsed);
  const failure: Failure = {
    error: `Upstream returned status ${upstream.status}`,
    errorKind: "upstream_error",
  };
  if (pipeline.hasResponseTransform) {
    // A converter quotes a text body in its error message: an excerpt, not a whole HTML page.
    const body = json ? parsed : textExcerpt(new TextDecoder().decode(raw));
    const transformed = await transformUpstream(pipeline, {
      status: upstream.status,
      headers: toHeaders(upstream.headers),
      body,
    });
    if (transformed.body !== body || transformed.status !== upstream.status) {
      return { response: finalResponse(transformed, ctx.format), failure };
    }
  }
  if (json) return { response: cleanResponse(raw, upstream), failure };
  const response = renderError(
    ctx.format,
    new UpstreamError(upstream.status, new TextDecoder().decode(raw)),
  );
  appendResponseHeaders(response.headers, errorHeadersOf(upstream.headers));
  return { response, failure };
}

/**
 * A 2xx body a response transform (a converter) must read: it must be JSON; an error object in
 * it (some upstreams answer 200 with one) is handed on as a 502, so the converter renders it
 * as the client format's error.
 */
export async function answerTransformed(
  ctx: RequestContext,
  raw: Uint8Array<ArrayBuffer>,
): Promise<Answered> {
  const { upstream, pipeline } = ctx.attempt;
  const parsed = parseJsonBody(raw);
  if (!isRecord(parsed)) {
    throw new GatewayError(
      "upstream_bad_response",
      "Upstream sent a body that is not a JSON object",
    );
  }
  const errorObject = isErrorObject(parsed);
  if (errorObject) {
    ctx.services.log.warn("Upstream answered 2xx with an error object", {
      request_id: ctx.draft.id,
      status: upstream.status,
    });
  }
  const status = errorObject ? 502 : upstream.status;
  const transformed = await transformUpstream(pipeline, {
    status,
    headers: toHeaders(upstream.headers),
    body: parsed,
  });
  const response = transformed.body === parsed &&
      transformed.status === upstream.status
    ? cleanResponse(raw, upstream)
    : finalResponse(transformed, ctx.format);
  if (errorObject) {
    return {
      response,
      failure: {
        error: "Upstream answered with an error object",
        errorKind: "upstream_error",
      },
    };
  }
  // The upstream's own usage, in its format (a translation may drop details such as the
  // cache-write TTLs).
  const format = ctx.attempt.planned.plan.formatOut;
  return { response, usage: usageOfBody(parsed, raw.length, format) };
}

/**
 * A small passthrough body (in the upstream's `format`), checked when it says it is JSON (a
 * cut-short one is a 502).
 */
export function answerWhole(
  raw: Uint8Array<ArrayBuffer>,
  upstream: UpstreamResponse,
  format: ApiFormat,
): Answered {
  const type = headerValue(upstream.headers, "content-type") ?? "";
  let usage: Usage | undefined;
  if (raw.length > 0 && JSON_CONTENT_TYPE_REGEXP.test(type)) {
    const parsed = parseJsonBody(raw);
    if (parsed === undefined) {
      throw new GatewayError(
        "upstream_bad_response",
        "Upstream sent malformed JSON",
      );
    }
    usage = usageOfBody(parsed, raw.length, format);
  }
  return { response: cleanResponse(raw, upstream), usage };
}

/** Whether a 2xx body is an error object: OpenAI's `{"error":{…}}` or Anthropic's `type: "error"`. */
function isErrorObject(body: Record<string, unknown>): boolean {
  return body.type === "error" ||
    (isRecord(body.error) && !Array.isArray(body.choices) &&
      !Array.isArray(body.output));
}

/**
 * Runs the response transforms on an upstream answer. A transform that cannot make sense of
 * what the upstream sent (or fails on it) makes the answer a 502: the upstream's response was
 * unusable, the request itself was fine.
 */
async function transformUpstream(
  pipeline: BoundPipeline,
  response: PluginResponse,
): Promise<PluginResponse> {
  try {
    return await runResponsePipeline(pipeline, response);
  } catch (err) {
    if (err instanceof GatewayError && err.kind === "internal") {
      throw new GatewayError("upstream_bad_response", err.message, {
        cause: err.cause ?? err,
      });
    }
    throw err;
  }
}

/** A transformed response; a text body left by the transforms becomes a JSON error. */
function finalResponse(res: PluginResponse, format: ApiFormat): Response {
  if (typeof res.body !== "string" || res.status < 400) {
    return toClientResponse(res);
  }
  const response = renderError(format, new UpstreamError(res.status, res.body));
  appendResponseHeaders(
    response.headers,
    errorHeadersOf(toHeaderList(res.headers)),
  );
  return response;
}

/** The fields of an error answer worth keeping (`retry-after`, rate-limit and request ids). */
function errorHeadersOf(fields: HeaderList): HeaderList {
  return fields.filter(([name]) =>
    name === "retry-after" || name.startsWith("x-ratelimit-") ||
    name.startsWith("anthropic-ratelimit-") || name === "request-id" ||
    name === "x-request-id"
  );
}
