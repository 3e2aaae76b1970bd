/**
 * Testing a downstream's settings (issue 16's Test button, `tresor downstream test`): the
 * provider's models endpoint, then a 1-token request in each format the downstream declares,
 * each in the gateway's own URL and credential conventions, through a client the caller hands
 * in (the SSRF-guarded probe client of `net/`). Each check reports ok, the latency to the
 * answer's head, the status, and the provider's error as it came, the key masked.
 *
 * The 1-token requests: Chat Completions `max_tokens: 1` (sent again with
 * `max_completion_tokens: 1` when the provider refuses `max_tokens`, as OpenAI's reasoning models
 * do), Messages `max_tokens: 1`, Responses `max_output_tokens: 16` (the API's minimum). The
 * model is the downstream's first model, else the first the models check listed.
 *
 * @module
 */
import type { ApiFormat } from "../plugins/mod.ts";
import type { DownstreamCheckJson, DownstreamTestJson } from "../store/mod.ts";
import type { Downstream } from "../store/types.ts";
import { buildUpstreamUrl, withUpstreamAuth } from "./forward.ts";
import type { UpstreamClient, UpstreamRequest } from "./upstream_client.ts";
import { IdleReader } from "./upstream_body.ts";
import { providerErrorMessage } from "./provider_error.ts";

/** Longest body a check reads (an error message, a model list). */
const MAX_BODY_BYTES = 256 * 1024;
/** Longest provider error quoted back. */
const MAX_ERROR_CHARS = 2000;
const ENCODER = new TextEncoder();
const DECODER = new TextDecoder();
const PING = "Reply with one word.";

/** What a test needs besides the downstream. */
export interface TestOptions {
  readonly client: UpstreamClient;
  /** Milliseconds, for latencies. */
  readonly now: () => number;
  /** Each check's bound, from sending to the whole answer. */
  readonly timeoutMs: number;
}

/** One request and what came back. */
interface Exchange {
  readonly status: number | null;
  readonly latencyMs: number | null;
  readonly text: string;
  readonly error: string | null;
}

/** Runs the checks in order; never throws for what the provider or the network does. */
export async function testDownstream(
  downstream: Downstream,
  options: TestOptions,
): Promise<DownstreamTestJson> {
  const formats: readonly ApiFormat[] = downstream.apiFormats.length > 0
    ? downstream.apiFormats
    : ["openai"];
  const mask = (text: string) =>
    downstream.apiKey === "" ? text : text.replaceAll(downstream.apiKey, "***");
  const models = await exchange(options, {
    url: buildUpstreamUrl(downstream.baseUrl, formats[0], "/models"),
    method: "GET",
    headers: withUpstreamAuth(
      [],
      { format: formats[0], apiKey: downstream.apiKey },
      "none",
    ),
    body: null,
  });
  const checks: DownstreamCheckJson[] = [toCheck("models", models, mask)];
  const model = downstream.outputModelIds[0] ?? firstModel(models);
  for (const format of formats) {
    if (model === undefined) {
      checks.push({
        name: format,
        ok: false,
        latency_ms: null,
        status: null,
        error:
          "No model to send a 1-token request to: add a model id, or let the models check list one",
      });
      continue;
    }
    const answer = await ping(downstream, format, model, options);
    checks.push({ ...toCheck(format, answer, mask), model });
  }
  return { ok: checks.every((c) => c.ok), checks };
}

/** The 1-token request in `format`, with Chat Completions' `max_completion_tokens` retry. */
async function ping(
  downstream: Downstream,
  format: ApiFormat,
  model: string,
  options: TestOptions,
): Promise<Exchange> {
  const send = (body: Record<string, unknown>) =>
    exchange(options, {
      url: buildUpstreamUrl(downstream.baseUrl, format, PATHS[format]),
      method: "POST",
      headers: withUpstreamAuth(
        [],
        { format, apiKey: downstream.apiKey },
        "rewritten",
      ),
      body: ENCODER.encode(JSON.stringify(body)),
    });
  const answer = await send(pingBody(format, model));
  if (
    format === "openai" && answer.status === 400 &&
    answer.text.includes("max_completion_tokens")
  ) {
    const { max_tokens: _, ...rest } = pingBody(format, model);
    return await send({ ...rest, max_completion_tokens: 1 });
  }
  return answer;
}

const PATHS = {
  openai: "/chat/completions",
  anthropic: "/messages",
  responses: "/responses",
} as const satisfies Record<ApiFormat, string>;

function pingBody(format: ApiFormat, model: string): Record<string, unknown> {
  switch (format) {
    case "openai":
      return {
        model,
        max_tokens: 1,
        messages: [{ role: "user", content: PING }],
      };
    case "anthropic":
      return {
        model,
        max_tokens: 1,
        messages: [{ role: "user", content: PING }],
      };
    case "responses":
      return { model, max_output_tokens: 16, store: false, input: PING };
    default:
      throw new TypeError(`Unknown format ${format satisfies never}`);
  }
}

/** Sends `request` and reads the answer whole (bounded), under the check's timeout. */
async function exchange(
  options: TestOptions,
  request: UpstreamRequest,
): Promise<Exchange> {
  const abort = new AbortController();
  const timer = setTimeout(
    () => abort.abort(new Error(`no answer within ${options.timeoutMs} ms`)),
    options.timeoutMs,
  );
  const started = options.now();
  try {
    const answer = await options.client.send(request, abort.signal);
    const latencyMs = options.now() - started;
    const body = answer.body;
    let bytes: Uint8Array;
    if (body === null || body instanceof Uint8Array) {
      bytes = body ?? new Uint8Array(0);
    } else {
      const reader = new IdleReader(body, {
        idleMs: options.timeoutMs,
        onTimeout: (err) => abort.abort(err),
        byob: false,
      });
      bytes = (await reader.readUpTo(MAX_BODY_BYTES)).bytes;
    }
    const location = answer.headers.find(([name]) => name === "location")?.[1];
    return {
      status: answer.status,
      latencyMs,
      text: DECODER.decode(bytes),
      error: answer.status >= 300 && answer.status < 400
        ? `Redirected to ${
          location ?? "another URL"
        }: a test never follows redirects; use the final URL as the base URL`
        : null,
    };
  } catch (err) {
    const reason = abort.signal.aborted ? abort.signal.reason : err;
    return {
      status: null,
      latencyMs: null,
      text: "",
      error: reason instanceof Error ? reason.message : String(reason),
    };
  } finally {
    clearTimeout(timer);
  }
}

/** The check a request's answer makes: ok on a 2xx, else the provider's words. */
function toCheck(
  name: DownstreamCheckJson["name"],
  answer: Exchange,
  mask: (text: string) => string,
): DownstreamCheckJson {
  const ok = answer.status !== null && answer.status >= 200 &&
    answer.status < 300;
  const error = ok ? null : mask(
    answer.error ?? providerErrorMessage(answer.text, MAX_ERROR_CHARS) ??
      "The provider answered with an empty body",
  );
  return {
    name,
    ok,
    latency_ms: answer.latencyMs,
    status: answer.status,
    error,
  };
}

/** The first model id a models answer lists (`{"data": [{"id"}]}`), if any. */
function firstModel(answer: Exchange): string | undefined {
  if (answer.status === null || answer.status >= 300) return undefined;
  try {
    const body: unknown = JSON.parse(answer.text);
    if (typeof body !== "object" || body === null || !("data" in body)) {
      return undefined;
    }
    const data = body.data;
    if (!Array.isArray(data)) return undefined;
    for (const item of data) {
      if (typeof item?.id === "string" && item.id !== "") return item.id;
    }
    return undefined;
  } catch (err) {
    if (!(err instanceof SyntaxError)) throw err;
    return undefined;
  }
}
