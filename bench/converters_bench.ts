/**
 * In-process micro-benchmark of the four converters on the gateway's own plugin path
 * (`bindPipeline`, `runRequestPipeline`, `runResponsePipeline`, `createSseTransformer`), with
 * the load benchmark's bodies: `deno bench -P=bench bench/converters_bench.ts`. It measures the
 * converters' CPU alone (no sockets), so a change to them can be compared run against run on
 * the same machine; `deno task bench` measures the whole gateway.
 *
 * @module
 */
import {
  bindPipeline,
  type BoundPipeline,
  createSseTransformer,
  runRequestPipeline,
  runResponsePipeline,
} from "../gateway/pipeline.ts";
import { type AnyPlugin, PLUGINS } from "../plugins/mod.ts";
import {
  ANTHROPIC_JSON,
  ANTHROPIC_MODEL,
  ANTHROPIC_SSE,
  chatRequest,
  messagesRequest,
  OPENAI_JSON,
  OPENAI_MODEL,
  OPENAI_SSE,
} from "./payloads.ts";

const SILENT = { debug() {}, info() {}, warn() {}, error() {} };
const DECODER = new TextDecoder();

/** A Responses API request like the Chat one: instructions, one user message. */
function responsesRequest(model: string, stream: boolean): string {
  const chat = JSON.parse(chatRequest(model, stream));
  return JSON.stringify({
    model,
    instructions: chat.messages[0].content,
    input: chat.messages[1].content,
    temperature: chat.temperature,
    max_output_tokens: chat.max_tokens,
    store: false,
    ...(stream && { stream: true }),
  });
}

interface Case {
  plugin: AnyPlugin;
  path: string;
  request(stream: boolean): string;
  upstreamJson: Uint8Array;
  upstreamSse: readonly Uint8Array[];
}

const CASES: Case[] = [
  {
    plugin: PLUGINS.openai2anthropic,
    path: "/chat/completions",
    request: (stream) => chatRequest(ANTHROPIC_MODEL, stream),
    upstreamJson: ANTHROPIC_JSON,
    upstreamSse: ANTHROPIC_SSE,
  },
  {
    plugin: PLUGINS.anthropic2openai,
    path: "/messages",
    request: (stream) => messagesRequest(OPENAI_MODEL, stream),
    upstreamJson: OPENAI_JSON,
    upstreamSse: OPENAI_SSE,
  },
  {
    plugin: PLUGINS.responses2anthropic,
    path: "/responses",
    request: (stream) => responsesRequest(ANTHROPIC_MODEL, stream),
    upstreamJson: ANTHROPIC_JSON,
    upstreamSse: ANTHROPIC_SSE,
  },
  {
    plugin: PLUGINS.responses2chat,
    path: "/responses",
    request: (stream) => responsesRequest(OPENAI_MODEL, stream),
    upstreamJson: OPENAI_JSON,
    upstreamSse: OPENAI_SSE,
  },
];

function bind(c: Case, stream: boolean): BoundPipeline {
  const converts = c.plugin.converts!;
  return bindPipeline([{ plugin: c.plugin, config: {} }], {
    requestId: "bench",
    log: SILENT,
    signal: new AbortController().signal,
    clientFormat: converts.from,
    downstream: { id: "down", apiFormats: [converts.to] },
    stream,
  });
}

async function convertRequest(
  pipeline: BoundPipeline,
  c: Case,
  body: string,
): Promise<void> {
  const result = await runRequestPipeline(pipeline, {
    path: c.path,
    query: "",
    headers: new Headers({ "content-type": "application/json" }),
    body: JSON.parse(body),
  });
  if (result.kind !== "forward") throw new TypeError("expected a forward");
  // The gateway serialises the converted body once per request.
  JSON.stringify(result.request.body);
}

for (const c of CASES) {
  const whole = c.request(false);
  const streamed = c.request(true);
  const upstreamText = DECODER.decode(c.upstreamJson);
  Deno.bench(`${c.plugin.id} request`, {
    group: "request",
  }, async () => {
    await convertRequest(bind(c, false), c, whole);
  });
  Deno.bench(`${c.plugin.id} whole response`, {
    group: "response",
  }, async () => {
    const pipeline = bind(c, false);
    await convertRequest(pipeline, c, whole);
    const res = await runResponsePipeline(pipeline, {
      status: 200,
      headers: new Headers({ "content-type": "application/json" }),
      body: JSON.parse(upstreamText),
    });
    JSON.stringify(res.body);
  });
  Deno.bench(`${c.plugin.id} 100-event stream`, {
    group: "stream",
  }, async () => {
    const pipeline = bind(c, true);
    await convertRequest(pipeline, c, streamed);
    const transformer = createSseTransformer(pipeline);
    for (const chunk of c.upstreamSse) transformer.push(chunk);
    transformer.end();
  });
}
