/**
 * In-process micro-benchmark of what request capture (issue 17) costs the request path:
 * `deno bench -P=bench bench/capture_bench.ts`. The whole gateway (`createGateway`) answers the
 * load benchmark's passthrough and translated requests, whole and streamed, from an in-memory
 * upstream client (no sockets), without an observer (the baseline), and with the capture's
 * observer in each `capture.mode`, each group interleaved in one process. `deno task bench
 * --capture MODE` measures the same over sockets, where a shared machine's noise is larger.
 *
 * @module
 */
import {
  CaptureStore,
  createGateway,
  createLogger,
  type Gateway,
  RequestLog,
  type UpstreamClient,
  type UpstreamResponse,
} from "../gateway/mod.ts";
import { PLUGINS } from "../plugins/mod.ts";
import type { CaptureMode, RoutingSnapshot, Settings } from "../store/types.ts";
import { DEFAULT_SETTINGS } from "../store/mod.ts";
import {
  ANTHROPIC_JSON,
  ANTHROPIC_MODEL,
  ANTHROPIC_SSE,
  chatRequest,
  OPENAI_JSON,
  OPENAI_MODEL,
  OPENAI_SSE,
} from "./payloads.ts";

function snapshot(mode: CaptureMode): RoutingSnapshot {
  const settings: Settings = {
    ...DEFAULT_SETTINGS,
    capture: { ...DEFAULT_SETTINGS.capture, mode },
  };
  const downstreams = [
    {
      id: "openai",
      name: "openai",
      apiFormats: ["openai"] as const,
      baseUrl: "http://openai.bench/v1",
      apiKey: "sk-bench-openai",
      outputModelIds: [OPENAI_MODEL],
    },
    {
      id: "anthropic",
      name: "anthropic",
      apiFormats: ["anthropic"] as const,
      baseUrl: "http://anthropic.bench",
      apiKey: "sk-bench-anthropic",
      outputModelIds: [ANTHROPIC_MODEL],
    },
  ];
  return Object.freeze({
    version: 1,
    settings,
    downstreams,
    downstreamsById: new Map(downstreams.map((d) => [d.id, d])),
    aliases: [],
    rules: [],
  });
}

/** Answers from memory: JSON whole, SSE as its chunks, by the upstream's format and `stream`. */
const CLIENT: UpstreamClient = {
  send(request) {
    const anthropic = request.url.endsWith("/v1/messages");
    const stream = new TextDecoder().decode(request.body ?? undefined)
      .includes('"stream":true');
    const sse = anthropic ? ANTHROPIC_SSE : OPENAI_SSE;
    const response: UpstreamResponse = stream
      ? {
        status: 200,
        headers: [["content-type", "text/event-stream"]],
        body: new ReadableStream({
          start(controller) {
            for (const chunk of sse) controller.enqueue(chunk);
            controller.close();
          },
        }),
        freshChunks: true,
      }
      : {
        status: 200,
        headers: [["content-type", "application/json"]],
        body: anthropic ? ANTHROPIC_JSON : OPENAI_JSON,
        freshChunks: true,
      };
    return Promise.resolve(response);
  },
  close() {},
};

const SILENT = createLogger({ level: "error", sink: () => {} });

function gatewayFor(mode: CaptureMode | "none"): Gateway {
  const routing = snapshot(mode === "none" ? "off" : mode);
  const captures = new CaptureStore({ snapshot: () => routing, log: SILENT });
  return createGateway({
    snapshot: () => routing,
    log: SILENT,
    requestLog: new RequestLog(1000),
    plugins: PLUGINS,
    createUpstreamClient: () => CLIENT,
    env: () => undefined,
    ...(mode !== "none" && { observer: captures.observer }),
  });
}

const GATEWAYS = {
  none: gatewayFor("none"),
  off: gatewayFor("off"),
  errors: gatewayFor("errors"),
  all: gatewayFor("all"),
} as const;

const WORKLOADS = [
  { name: "passthrough", model: OPENAI_MODEL, stream: false },
  { name: "translate", model: ANTHROPIC_MODEL, stream: false },
  { name: "stream", model: OPENAI_MODEL, stream: true },
  { name: "stream_translate", model: ANTHROPIC_MODEL, stream: true },
] as const;

for (const workload of WORKLOADS) {
  const body = chatRequest(workload.model, workload.stream);
  for (const [mode, gateway] of Object.entries(GATEWAYS)) {
    Deno.bench({
      name: `${workload.name}, ${
        mode === "none" ? "no observer" : `capture ${mode}`
      }`,
      group: workload.name,
      baseline: mode === "none",
      async fn() {
        const res = await gateway.handle(
          new Request("http://tresor.bench/v1/chat/completions", {
            method: "POST",
            headers: { "content-type": "application/json" },
            body,
          }),
        );
        await res.bytes();
      },
    });
  }
}
