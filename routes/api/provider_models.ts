/**
 * A downstream's own model list (`GET {base_url}/models`), shared by fetch-models and
 * refresh-prices: fetched through the gateway's pooled client with the downstream's
 * credentials, bounded in time, and failing as a 502 whose message never holds the key.
 *
 * @module
 */
import { providerErrorMessage } from "../../gateway/mod.ts";
import { HttpError } from "./_http.ts";
import type { ApiState } from "./_router.ts";

/** Waits at least this long for the whole answer (the connect timeout when longer). */
const FETCH_MODELS_MIN_TIMEOUT_MS = 30_000;

/** Longest provider error text quoted back in a 502. */
const MAX_PROVIDER_MESSAGE = 300;

/**
 * Asks the provider for its models (`GET {base_url}/models`, through the downstream's pooled
 * client with its credentials) and returns the answer's `data` list. Provider failures become a
 * 502 with a message that never contains the key.
 */
export async function fetchModelList(
  deps: ApiState["deps"],
  downstream: { id: string; apiKey: string },
): Promise<unknown[]> {
  const timeoutMs = Math.max(
    deps.store.snapshot().settings.upstreamConnectTimeoutMs,
    FETCH_MODELS_MIN_TIMEOUT_MS,
  );
  const fail = (detail: string, cause?: unknown): never => {
    const scrubbed = downstream.apiKey
      ? detail.replaceAll(downstream.apiKey, "***")
      : detail;
    throw new HttpError(
      502,
      `Cannot fetch models from downstream "${downstream.id}": ${scrubbed}`,
      { cause },
    );
  };
  let res: Response;
  try {
    // Bounded by its own timer, not the client's signal: Deno also aborts `request.signal`
    // when a response completes, which is not a reason to stop.
    res = await deps.gateway.fetchUpstream(downstream.id, "/models", {
      signal: AbortSignal.timeout(timeoutMs),
    });
  } catch (err) {
    if (err instanceof DOMException && err.name === "TimeoutError") {
      return fail(`no answer within ${timeoutMs / 1000} s`, err);
    }
    return fail(err instanceof Error ? err.message : String(err), err);
  }
  const text = await res.text();
  if (!res.ok) {
    return fail(
      `provider answered ${res.status}: ${
        providerErrorMessage(text, MAX_PROVIDER_MESSAGE) ?? "empty body"
      }`,
    );
  }
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch (err) {
    return fail("provider answered with something other than JSON", err);
  }
  const data = (body as { data?: unknown } | null)?.data;
  if (!Array.isArray(data)) {
    return fail('provider answered without a "data" list of models');
  }
  return data;
}
