/**
 * The gateway: the request path from client to downstream and back (ARCHITECTURE.md "The
 * stages of a request"). `cli/run.ts` composes it; `routes/` may use its public surface: this
 * module, plus `log.ts` (diagnostics) and `request_log.ts` (the request log), re-exported here.
 * `net/` implements its upstream client contract (`upstream_client.ts`) and imports only its
 * types, from here.
 *
 * @module
 */
export {
  createGateway,
  type Gateway,
  type GatewayOptions,
} from "./create_gateway.ts";
export { isGatewayPath, toRequestTarget } from "./paths.ts";
export { providerErrorMessage } from "./provider_error.ts";
export {
  decideOrigin,
  type OriginDecision,
  preflightResponse,
  renderForbidden,
  withCorsHeaders,
} from "./browser_origin.ts";
export {
  createHostCheck,
  HostAllowlist,
  isLoopbackListen,
  isLoopbackName,
  parseHost,
  requestHosts,
} from "./host_allowlist.ts";
export {
  type ErrorKind,
  GatewayError,
  renderAnthropicError,
  renderOpenAiError,
  UpstreamError,
} from "./errors.ts";
export type {
  HeaderList,
  UpstreamClient,
  UpstreamClientFactory,
  UpstreamRequest,
  UpstreamResponse,
} from "./upstream_client.ts";
export type {
  BodyKind,
  RecordedRequest,
  RequestObserver,
  RequestWatcher,
  WatchedRequest,
} from "./request_observer.ts";
export type { PriceLookup } from "./cost.ts";
export { GatewayMetrics } from "./metrics.ts";
export {
  PROMETHEUS_CONTENT_TYPE,
  toPrometheusText,
} from "./prometheus_text.ts";
export { combineObservers } from "./combine_observers.ts";
export type { Replay, ReplayTarget } from "./request_context.ts";
export {
  type CaptureStatus,
  CaptureStore,
  type CaptureStoreOptions,
  LIVE_LEASE_MS,
  maxCaptureBytes,
} from "./capture/capture_store.ts";
export type {
  CapturedMessage,
  CapturedRequest,
} from "./capture/captured_request.ts";
export { REDACTED, Redactor } from "./capture/redactor.ts";
export {
  readReplayAnswer,
  ReplayError,
  toReplayRequest,
} from "./capture/replay_request.ts";
export {
  createLogger,
  type Logger,
  type LogLevel,
  type LogSink,
  redact,
} from "./log.ts";
export {
  matchesQuery,
  RequestLog,
  type RequestLogEntry,
  type RequestLogQuery,
} from "./request_log.ts";
/** The built-in plugin registry the gateway uses unless given another (for the composition root). */
export { PLUGINS } from "../plugins/mod.ts";
