/**
 * The network and process side of Tresor that may use `Deno.*`: the upstream clients that
 * implement the gateway's `UpstreamClient` contract (`gateway/upstream_client.ts`) — the
 * SSRF-guarded probe client of downstream tests among them — and the process helpers: the idle
 * collector that gives memory back after traffic, and the config file's watch. `cli/` (the composition root) imports this
 * module; `net/` imports only types from `gateway/`.
 *
 * @module
 */
export { createUpstreamClient } from "./create_upstream_client.ts";
export {
  createProbeClient,
  type ProbeClientOptions,
  ProbeRefusedError,
} from "./probe_client.ts";
export { createFetchClient } from "./fetch_client.ts";
export { type ConfigWatch, watchConfigFile } from "./config_watcher.ts";
export { createTrustingFetch } from "./trusting_fetch.ts";
export { createHttp1Client, type Http1ClientOptions } from "./http1_client.ts";
export {
  IDLE_COLLECT_WITHIN_MS,
  startIdleCollector,
} from "./idle_collector.ts";
