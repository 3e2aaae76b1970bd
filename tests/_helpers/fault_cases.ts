/**
 * The fault-injection table shared by the e2e fault tests: the gateway routes (client format,
 * model, translated or not), what issue 12 says a client must see for each upstream fault, and
 * the gateway in front of a fault upstream.
 *
 * @module
 */
import type { Fault, FaultUpstream } from "./fault_upstream.ts";
import { UPSTREAM_ERROR_MESSAGE } from "./fault_replies.ts";
import {
  type GatewayServer,
  makeSnapshot,
  startGateway,
} from "./gateway_server.ts";
import { PLUGINS } from "../../plugins/mod.ts";

/** Connect and idle timeouts of the gateway under test: the hang faults wait this long. */
export const TIMEOUT_MS = 1_000;

/** A client format. */
export type Format = "openai" | "anthropic" | "responses";

/** A gateway route: the client's path and model, and whether a converter is on it. */
export interface Route {
  readonly name: string;
  readonly path: string;
  readonly model: string;
  readonly client: Format;
  readonly translated: boolean;
}

/** The four routes of issue 12, plus the Responses API translated to each format. */
export const ROUTES: readonly Route[] = [
  {
    name: "openai passthrough",
    path: "/v1/chat/completions",
    model: "gpt-mock",
    client: "openai",
    translated: false,
  },
  {
    name: "anthropic passthrough",
    path: "/v1/messages",
    model: "claude-mock",
    client: "anthropic",
    translated: false,
  },
  {
    name: "openai→anthropic",
    path: "/v1/chat/completions",
    model: "claude-mock",
    client: "openai",
    translated: true,
  },
  {
    name: "anthropic→openai",
    path: "/v1/messages",
    model: "gpt-mock",
    client: "anthropic",
    translated: true,
  },
  {
    name: "responses→openai",
    path: "/v1/responses",
    model: "gpt-mock",
    client: "responses",
    translated: true,
  },
  {
    name: "responses→anthropic",
    path: "/v1/responses",
    model: "claude-mock",
    client: "responses",
    translated: true,
  },
];

/** What the client must see. */
export type Want =
  /** A complete answer in the client's format. */
  | { kind: "ok" }
  /** Exactly the bytes the upstream sent, then the end of the stream. */
  | { kind: "same_bytes" }
  /** A status and an error body in the client's shape, its message matching. */
  | { kind: "status"; status: number; message: RegExp }
  /**
   * A 200 stream ending with the client format's error event, its message matching; on a
   * passthrough route, after the upstream's bytes unchanged.
   */
  | { kind: "error_event"; message: RegExp };

const REACH = /^Cannot reach downstream "(oai|ant)"$/;
const BROKE_OFF =
  /^Upstream response broke off: Connection closed inside the response body$/;
const NO_HEADERS = new RegExp(`did not answer within ${TIMEOUT_MS} ms$`);
const IDLE = new RegExp(`^Upstream sent nothing for ${TIMEOUT_MS} ms$`);
const UPSTREAM_MESSAGE = new RegExp(`^${UPSTREAM_ERROR_MESSAGE}$`);

/** The expectation of issue 12 for one route, fault and mode. */
export function want(route: Route, fault: Fault, stream: boolean): Want {
  switch (fault) {
    case "none":
      return { kind: "ok" };
    case "reset":
      return { kind: "status", status: 502, message: REACH };
    case "malformed_sse":
      return stream && !route.translated ? { kind: "same_bytes" } : {
        kind: "ok",
      };
    case "truncated_json":
      if (stream) {
        return route.translated ? { kind: "ok" } : { kind: "same_bytes" };
      }
      return {
        kind: "status",
        status: 502,
        message: route.translated
          ? /^Upstream sent a body that is not a JSON object$/
          : /^Upstream sent malformed JSON$/,
      };
    case "cut_body":
      // A passthrough stream keeps the upstream's bytes up to the cut (see check()).
      return stream
        ? { kind: "error_event", message: BROKE_OFF }
        : { kind: "status", status: 502, message: BROKE_OFF };
    case "hang_before_headers":
      return { kind: "status", status: 504, message: NO_HEADERS };
    case "hang_mid_stream":
      // The passthrough stream stopped between two events, so its error event follows them.
      return stream
        ? { kind: "error_event", message: IDLE }
        : { kind: "status", status: 504, message: IDLE };
    case "html_500":
      return {
        kind: "status",
        status: 500,
        message:
          /^Upstream returned status 500: 500 Internal Server Error Internal Server Error$/,
      };
    case "error_json_200":
      if (!route.translated) return { kind: "same_bytes" };
      return stream
        ? { kind: "error_event", message: UPSTREAM_MESSAGE }
        : { kind: "status", status: 502, message: UPSTREAM_MESSAGE };
  }
}

/** A gateway whose `gpt-mock` and `claude-mock` downstreams are `upstream`, short timeouts. */
export function startFaultGateway(upstream: FaultUpstream): GatewayServer {
  return startGateway(
    makeSnapshot({
      settings: {
        upstreamConnectTimeoutMs: TIMEOUT_MS,
        upstreamIdleTimeoutMs: TIMEOUT_MS,
      },
      downstreams: [
        {
          id: "oai",
          name: "OpenAI-format fault upstream",
          apiFormats: ["openai"],
          baseUrl: `${upstream.url}/v1`,
          apiKey: "sk-oai",
          outputModelIds: ["gpt-mock"],
        },
        {
          id: "ant",
          name: "Anthropic-format fault upstream",
          apiFormats: ["anthropic"],
          baseUrl: upstream.url,
          apiKey: "sk-ant",
          outputModelIds: ["claude-mock"],
        },
      ],
    }),
    { plugins: PLUGINS, logLevel: "error", requestLogSize: 1000 },
  );
}
