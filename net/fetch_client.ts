/**
 * The upstream client over Deno's `fetch` and its own `Deno.HttpClient`: `https:` downstreams,
 * HTTP/2, and every downstream reached through a proxy.
 *
 * @module
 */
import type {
  UpstreamClient,
  UpstreamRequest,
  UpstreamResponse,
} from "../gateway/mod.ts";

/** Environment variables through which Deno's HTTP client would pick a proxy by itself. */
const PROXY_ENV = ["HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY"].flatMap((name) => [
  name,
  name.toLowerCase(),
]);

/**
 * A `Deno.HttpClient` through `proxyUrl`, or direct. The gateway has already applied
 * `proxy_mode` and NO_PROXY: without `proxyUrl` the client must go direct. Deno reads the proxy
 * variables when a client is created, so they are hidden for that synchronous moment; otherwise
 * `proxy_mode: none` would still proxy.
 */
function createDenoClient(proxyUrl: string | undefined): Deno.HttpClient {
  if (proxyUrl) return Deno.createHttpClient({ proxy: { url: proxyUrl } });
  const saved = PROXY_ENV.flatMap((name) => {
    const value = Deno.env.get(name);
    return value === undefined ? [] : [[name, value] as const];
  });
  for (const [name] of saved) Deno.env.delete(name);
  try {
    return Deno.createHttpClient({});
  } finally {
    for (const [name, value] of saved) Deno.env.set(name, value);
  }
}

/** Creates the client; `proxyUrl` absent means a direct connection. */
export function createFetchClient(
  options: {
    readonly proxyUrl?: string;
    /** `manual` hands a 3xx back instead of following it (downstream tests). */
    readonly redirect?: RequestRedirect;
  } = {},
): UpstreamClient {
  const client = createDenoClient(options.proxyUrl);
  return {
    async send(
      request: UpstreamRequest,
      signal?: AbortSignal,
    ): Promise<UpstreamResponse> {
      const headers = new Headers();
      for (const [name, value] of request.headers) headers.append(name, value);
      const response = await fetch(request.url, {
        method: request.method,
        headers,
        body: request.body,
        signal,
        client,
        ...(options.redirect && { redirect: options.redirect }),
      });
      const fields: [string, string][] = [];
      response.headers.forEach((value, name) => {
        fields.push([name, value]);
      });
      return {
        status: response.status,
        headers: fields,
        body: response.body,
        freshChunks: false,
      };
    },
    close: () => client.close(),
  };
}
