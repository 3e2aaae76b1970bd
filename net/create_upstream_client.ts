/**
 * The upstream client the gateway pools per downstream, as the composition root builds it:
 * through a proxy, Deno's `fetch`; direct, the lean HTTP/1.1 client for `http:` and `fetch` for
 * everything else.
 *
 * @module
 */
import type { UpstreamClient } from "../gateway/mod.ts";
import { createFetchClient } from "./fetch_client.ts";
import { createHttp1Client } from "./http1_client.ts";

/**
 * Creates one downstream's client (an `UpstreamClientFactory`); `proxyUrl` absent means a
 * direct connection.
 */
export function createUpstreamClient(
  options: { readonly proxyUrl?: string },
): UpstreamClient {
  const viaFetch = createFetchClient(options);
  if (options.proxyUrl) return viaFetch;
  const lean = createHttp1Client({ fallback: viaFetch });
  return {
    send: (request, signal) => lean.send(request, signal),
    close() {
      lean.close();
      viaFetch.close();
    },
  };
}
