/**
 * Running one plugin for one request outside the gateway but on its own plugin path: the
 * state comes from the gateway's `bindPipeline`, and streams go through the production
 * `createSseTransformer` (bytes in, bytes out), fed in chunks of any size.
 */
import assert from "node:assert/strict";
import {
  bindPipeline,
  type BoundPipeline,
  createSseTransformer,
} from "../../gateway/pipeline.ts";
import { type SseEvent, SseParser } from "../../plugins/sse.ts";
import type {
  AnyPlugin,
  ApiFormat,
  DownstreamInfo,
  JsonObject,
  PluginCallContext,
  PluginLog,
  PluginRequest,
  PluginResponse,
  ResponseStore,
} from "../../plugins/types.ts";
import { splitBytes } from "./golden.ts";

/** A log that records lines, for assertions on what a converter dropped or adjusted. */
export interface RecordingLog extends PluginLog {
  readonly lines: {
    level: string;
    message: string;
    fields?: Record<string, unknown>;
  }[];
}

/** A fresh recording log. */
export function createRecordingLog(): RecordingLog {
  const lines: RecordingLog["lines"] = [];
  const at =
    (level: string) => (message: string, fields?: Record<string, unknown>) => {
      lines.push({ level, message, fields });
    };
  return {
    lines,
    debug: at("debug"),
    info: at("info"),
    warn: at("warn"),
    error: at("error"),
  };
}

/** Options of {@link createRun}. */
export interface RunOptions {
  maxOutputTokens?: number;
  defaultMaxTokens?: number;
  stream?: boolean;
  /** More of what the plugin sees of the downstream (capabilities, settings). */
  downstream?: Partial<DownstreamInfo>;
  /** The Responses API store the plugin may read and write. */
  responses?: ResponseStore;
}

/** One request's worth of plugin calls sharing state, as the gateway's pipeline makes them. */
export interface PluginRun {
  readonly ctx: PluginCallContext<unknown, unknown>;
  readonly log: RecordingLog;
  request(
    path: string,
    body: JsonObject,
    query?: string,
    headers?: HeadersInit,
  ): Promise<PluginRequest | { respond: PluginResponse }>;
  response(status: number, body: unknown): Promise<PluginResponse>;
  /** Feeds SSE bytes in chunks of `chunkSize` through the gateway's stream path. */
  stream(bytes: Uint8Array, chunkSize: number): SseEvent[];
}

const DECODER = new TextDecoder();

/** The client's events out of the production SSE transformer, upstream bytes fed in chunks. */
export function streamThrough(
  pipeline: BoundPipeline,
  bytes: Uint8Array,
  chunkSize: number,
): SseEvent[] {
  const transformer = createSseTransformer(pipeline);
  let text = "";
  for (const chunk of splitBytes(bytes, chunkSize)) {
    const out = transformer.push(chunk);
    if (out) text += DECODER.decode(out);
  }
  const last = transformer.end();
  if (last) text += DECODER.decode(last);
  const parser = new SseParser();
  return [...parser.push(text), ...parser.end()];
}

/** Creates a run of `plugin` for one request. */
export function createRun(plugin: AnyPlugin, opts: RunOptions = {}): PluginRun {
  const log = createRecordingLog();
  const to: ApiFormat = plugin.converts?.to ?? "openai";
  const pipeline = bindPipeline([{ plugin, config: plugin.config.parse({}) }], {
    requestId: "req-test",
    log,
    signal: new AbortController().signal,
    clientFormat: plugin.converts?.from ?? "openai",
    downstream: {
      id: "down",
      apiFormats: [to],
      maxOutputTokens: opts.maxOutputTokens,
      defaultMaxTokens: opts.defaultMaxTokens,
      ...opts.downstream,
    },
    stream: opts.stream ?? false,
    ...(opts.responses && { responses: opts.responses }),
  });
  const ctx = pipeline.contexts[0];
  return {
    ctx,
    log,
    async request(path, body, query = "", headers = {}) {
      assert.ok(plugin.transformRequest);
      return await plugin.transformRequest(
        { path, query, headers: new Headers(headers), body },
        ctx,
      );
    },
    async response(status, body) {
      assert.ok(plugin.transformResponse);
      return await plugin.transformResponse(
        {
          status,
          headers: new Headers({ "content-type": "application/json" }),
          body,
        },
        ctx,
      );
    },
    stream: (bytes, chunkSize) => streamThrough(pipeline, bytes, chunkSize),
  };
}

/** The forwarded request of an outcome, failing when the plugin answered locally. */
export function forwarded(
  outcome: PluginRequest | { respond: PluginResponse },
): PluginRequest {
  assert.ok(!("respond" in outcome), "expected the request to be forwarded");
  return outcome;
}
