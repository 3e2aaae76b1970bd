/**
 * The admin API's way to a downstream (fetch-models): one GET through the downstream's pooled
 * upstream client, its proxy and credentials applied, answered as a `Response`.
 *
 * @module
 */
import type { RoutingSnapshot } from "../store/types.ts";
import { GatewayError } from "./errors.ts";
import { buildUpstreamUrl, toHeaders, withUpstreamAuth } from "./forward.ts";
import type { UpstreamClientPool } from "./upstream_pool.ts";

/**
 * GETs `path` (version-less, e.g. `/models`) from a downstream. The URL convention follows the
 * downstream's first `api_formats` entry (openai when empty). Throws `GatewayError("not_found")`
 * for an unknown downstream. `pool` must be synced with `snapshot`.
 */
export async function fetchUpstream(
  pool: UpstreamClientPool,
  snapshot: RoutingSnapshot,
  request: { downstreamId: string; path: string; signal?: AbortSignal },
): Promise<Response> {
  const downstream = snapshot.downstreamsById.get(request.downstreamId);
  if (!downstream) {
    throw new GatewayError(
      "not_found",
      `Cannot fetch from downstream "${request.downstreamId}": no such downstream`,
    );
  }
  const format = downstream.apiFormats[0] ?? "openai";
  const lease = pool.lease(downstream);
  try {
    const upstream = await lease.client.send({
      url: buildUpstreamUrl(downstream.baseUrl, format, request.path),
      method: "GET",
      headers: withUpstreamAuth(
        [],
        { format, apiKey: downstream.apiKey },
        "none",
      ),
      body: null,
    }, request.signal);
    return new Response(upstream.body, {
      status: upstream.status,
      headers: toHeaders(upstream.headers),
    });
  } finally {
    lease.release();
  }
}
