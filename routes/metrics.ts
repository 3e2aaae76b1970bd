/**
 * `GET /metrics`: the gateway's metrics in the Prometheus text format, for the admin
 * credentials (as the admin API takes them: Bearer password or session, or a loopback client
 * when no password is set) or `Authorization: Bearer <metrics_token>`. The daemon's Host rule
 * applies as on every route.
 *
 * @module
 */
import { PROMETHEUS_CONTENT_TYPE, toPrometheusText } from "../gateway/mod.ts";
import type { AdminApi } from "./api/mod.ts";
import { bearerToken, timingSafeEqual } from "./api/auth.ts";
import type { AdminRoutesDeps } from "./_context.ts";

function plain(status: number, text: string, headers?: HeadersInit): Response {
  const h = new Headers(headers);
  h.set("content-type", "text/plain; charset=utf-8");
  h.set("cache-control", "no-store");
  return new Response(`${text}\n`, { status, headers: h });
}

/** Whether the request carries the configured `metrics_token` (never when none is set). */
function hasMetricsToken(req: Request, token: string): boolean {
  const presented = bearerToken(req);
  return token !== "" && presented !== undefined &&
    timingSafeEqual(presented, token);
}

/** Answers `/metrics`. */
export async function serveMetrics(
  req: Request,
  options: {
    readonly deps: AdminRoutesDeps;
    readonly api: AdminApi;
    readonly clientIp: string;
  },
): Promise<Response> {
  await req.body?.cancel();
  if (req.method !== "GET" && req.method !== "HEAD") {
    return plain(405, `${req.method} is not allowed here`, {
      allow: "GET, HEAD",
    });
  }
  const { deps, api, clientIp } = options;
  const metrics = deps.metrics;
  const token = deps.store.snapshot().settings.metricsToken ?? "";
  if (!hasMetricsToken(req, token)) {
    const access = api.access(req, clientIp);
    if (!access.ok) {
      return plain(access.status, access.message, {
        ...(access.status === 401 &&
          { "www-authenticate": 'Bearer realm="tresor-metrics"' }),
        ...(access.retryAfter !== undefined &&
          { "retry-after": String(access.retryAfter) }),
      });
    }
  }
  if (metrics === undefined) {
    return plain(404, "Metrics are not kept by this server");
  }
  const body = toPrometheusText(metrics, { version: deps.version.version });
  return new Response(req.method === "HEAD" ? null : body, {
    headers: {
      "content-type": PROMETHEUS_CONTENT_TYPE,
      "cache-control": "no-store",
    },
  });
}
