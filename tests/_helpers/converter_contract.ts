/**
 * Running converter plugins outside the gateway, and the contract every converter passes:
 * `runConverterContract(plugin)` registers tests that tool calls survive a round trip, upstream
 * errors keep their status in the client's shape, usage is forwarded when present, and streams
 * always end with the format's terminal event.
 */
import assert from "node:assert/strict";
import { PluginError } from "../../plugins/errors.ts";
import { SseEvent, SseParseStream } from "../../plugins/sse.ts";
import type {
  AnyPlugin,
  ApiFormat,
  DownstreamInfo,
  JsonObject,
  PluginCallContext,
  PluginLog,
  PluginRequest,
  PluginResponse,
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
}

/** One request's worth of plugin calls sharing state, like the pipeline makes them. */
export interface PluginRun {
  readonly ctx: PluginCallContext<unknown, unknown>;
  readonly log: RecordingLog;
  request(
    path: string,
    body: JsonObject,
    query?: string,
    headers?: HeadersInit,
  ): Promise<
    PluginRequest | { respond: PluginResponse }
  >;
  response(status: number, body: unknown): Promise<PluginResponse>;
  /** Feeds SSE bytes in chunks of `chunkSize` through the stream transform and flush. */
  stream(bytes: Uint8Array, chunkSize: number): Promise<SseEvent[]>;
}

/** Creates a run of `plugin` for one request. */
export function createRun(plugin: AnyPlugin, opts: RunOptions = {}): PluginRun {
  const log = createRecordingLog();
  const to: ApiFormat = plugin.converts?.to ?? "openai";
  const ctx: PluginCallContext<unknown, unknown> = {
    config: {},
    state: plugin.createState?.(),
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
  };
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
    async stream(bytes, chunkSize) {
      const out: SseEvent[] = [];
      const source = ReadableStream.from(splitBytes(bytes, chunkSize));
      for await (const event of source.pipeThrough(new SseParseStream())) {
        out.push(...(plugin.transformStreamEvent?.(event, ctx) ?? [event]));
      }
      out.push(...(plugin.flushStream?.(ctx) ?? []));
      return out;
    },
  };
}

/** The forwarded request of an outcome, failing when the plugin answered locally. */
export function forwarded(
  outcome: PluginRequest | { respond: PluginResponse },
): PluginRequest {
  assert.ok(!("respond" in outcome), "expected the request to be forwarded");
  return outcome;
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

const encoder = new TextEncoder();

function sse(events: { event?: string; data: unknown }[]): Uint8Array {
  return encoder.encode(
    events.map((e) =>
      `${e.event ? `event: ${e.event}\n` : ""}data: ${
        typeof e.data === "string" ? e.data : JSON.stringify(e.data)
      }\n\n`
    ).join(""),
  );
}

/** Canned client requests, upstream answers and client-shape checks for one direction. */
interface Direction {
  clientPath: string;
  /** A client request asking for a tool call. */
  toolRequest: JsonObject;
  /** The upstream's tool-call answer (non-streamed). */
  upstreamToolAnswer: unknown;
  /** Extracts `[name, arguments object]` pairs from the client-shaped response. */
  clientToolCalls(body: unknown): [string, unknown][];
  /** Extracts `[id, name, args]` pairs the translated request carries in history. */
  upstreamHistoryCalls(body: JsonObject): [string, string, unknown][];
  /** A client request whose history holds a tool call and its result. */
  historyRequest: JsonObject;
  upstreamError: unknown;
  isClientError(body: unknown): boolean;
  /** Reads the client-shaped usage: [input incl. cache, output]. */
  clientUsage(body: unknown): [number, number] | undefined;
  upstreamStream: Uint8Array;
  /** An upstream stream cut off mid-way. */
  truncatedStream: Uint8Array;
  isTerminal(events: SseEvent[]): boolean;
  /** A client request that must be rejected, and the parameter named. */
  unsupported: { body: JsonObject; param: string };
}

const OPENAI_CLIENT: Direction = {
  clientPath: "/chat/completions",
  toolRequest: {
    model: "m",
    messages: [{ role: "user", content: "weather?" }],
    tools: [{
      type: "function",
      function: { name: "get_weather", parameters: { type: "object" } },
    }],
  },
  upstreamToolAnswer: {
    id: "msg_1",
    type: "message",
    role: "assistant",
    model: "m",
    content: [{
      type: "tool_use",
      id: "toolu_1",
      name: "get_weather",
      input: { city: "Paris" },
    }],
    stop_reason: "tool_use",
    stop_sequence: null,
    usage: { input_tokens: 10, output_tokens: 5, cache_read_input_tokens: 3 },
  },
  clientToolCalls(body) {
    assert.ok(isObject(body) && Array.isArray(body.choices));
    const msg = body.choices[0].message;
    return msg.tool_calls.map((
      c: { function: { name: string; arguments: string } },
    ) => [c.function.name, JSON.parse(c.function.arguments)]);
  },
  historyRequest: {
    model: "m",
    messages: [
      { role: "user", content: "weather?" },
      {
        role: "assistant",
        content: null,
        tool_calls: [{
          id: "call_1",
          type: "function",
          function: { name: "get_weather", arguments: '{"city":"Paris"}' },
        }],
      },
      { role: "tool", tool_call_id: "call_1", content: "sunny" },
    ],
  },
  upstreamHistoryCalls(body) {
    const out: [string, string, unknown][] = [];
    for (const m of body.messages as { content: unknown }[]) {
      if (!Array.isArray(m.content)) continue;
      for (const b of m.content) {
        if (b.type === "tool_use") out.push([b.id, b.name, b.input]);
      }
    }
    return out;
  },
  upstreamError: {
    type: "error",
    error: { type: "overloaded_error", message: "Overloaded" },
  },
  isClientError: (body) =>
    isObject(body) && isObject(body.error) &&
    typeof body.error.message === "string" &&
    typeof body.error.type === "string",
  clientUsage(body) {
    if (!isObject(body) || !isObject(body.usage)) return undefined;
    return [
      Number(body.usage.prompt_tokens),
      Number(body.usage.completion_tokens),
    ];
  },
  upstreamStream: sse([
    {
      event: "message_start",
      data: {
        type: "message_start",
        message: {
          id: "msg_1",
          type: "message",
          role: "assistant",
          model: "m",
          content: [],
          stop_reason: null,
          stop_sequence: null,
          usage: { input_tokens: 10, output_tokens: 1 },
        },
      },
    },
    {
      event: "content_block_start",
      data: {
        type: "content_block_start",
        index: 0,
        content_block: { type: "text", text: "" },
      },
    },
    {
      event: "content_block_delta",
      data: {
        type: "content_block_delta",
        index: 0,
        delta: { type: "text_delta", text: "Hi" },
      },
    },
  ]),
  truncatedStream: sse([]),
  isTerminal: (events) => events.at(-1)?.data === "[DONE]",
  unsupported: {
    body: { model: "m", messages: [{ role: "user", content: "x" }], n: 2 },
    param: "n",
  },
};

const ANTHROPIC_CLIENT: Direction = {
  clientPath: "/messages",
  toolRequest: {
    model: "m",
    max_tokens: 100,
    messages: [{ role: "user", content: "weather?" }],
    tools: [{ name: "get_weather", input_schema: { type: "object" } }],
  },
  upstreamToolAnswer: {
    id: "chatcmpl-1",
    object: "chat.completion",
    created: 1,
    model: "m",
    choices: [{
      index: 0,
      message: {
        role: "assistant",
        content: null,
        tool_calls: [{
          id: "call_1",
          type: "function",
          function: { name: "get_weather", arguments: '{"city":"Paris"}' },
        }],
      },
      finish_reason: "tool_calls",
    }],
    usage: {
      prompt_tokens: 13,
      completion_tokens: 5,
      total_tokens: 18,
      prompt_tokens_details: { cached_tokens: 3 },
    },
  },
  clientToolCalls(body) {
    assert.ok(isObject(body) && Array.isArray(body.content));
    return body.content.filter((b: { type: string }) => b.type === "tool_use")
      .map((
        b: { name: string; input: unknown },
      ) => [b.name, b.input]);
  },
  historyRequest: {
    model: "m",
    max_tokens: 100,
    messages: [
      { role: "user", content: "weather?" },
      {
        role: "assistant",
        content: [{
          type: "tool_use",
          id: "toolu_1",
          name: "get_weather",
          input: { city: "Paris" },
        }],
      },
      {
        role: "user",
        content: [{
          type: "tool_result",
          tool_use_id: "toolu_1",
          content: "sunny",
        }],
      },
    ],
  },
  upstreamHistoryCalls(body) {
    const out: [string, string, unknown][] = [];
    for (const m of body.messages as { tool_calls?: unknown }[]) {
      if (!Array.isArray(m.tool_calls)) continue;
      for (const c of m.tool_calls) {
        out.push([c.id, c.function.name, JSON.parse(c.function.arguments)]);
      }
    }
    return out;
  },
  upstreamError: {
    error: { message: "Overloaded", type: "server_error", code: null },
  },
  isClientError: (body) =>
    isObject(body) && body.type === "error" && isObject(body.error) &&
    typeof body.error.type === "string" &&
    typeof body.error.message === "string",
  clientUsage(body) {
    if (!isObject(body) || !isObject(body.usage)) return undefined;
    const u = body.usage;
    return [
      Number(u.input_tokens) + Number(u.cache_read_input_tokens ?? 0) +
      Number(u.cache_creation_input_tokens ?? 0),
      Number(u.output_tokens),
    ];
  },
  upstreamStream: sse([
    {
      data: {
        id: "c1",
        object: "chat.completion.chunk",
        created: 1,
        model: "m",
        choices: [{
          index: 0,
          delta: { role: "assistant", content: "Hi" },
          finish_reason: null,
        }],
      },
    },
  ]),
  truncatedStream: sse([]),
  isTerminal: (events) => events.at(-1)?.event === "message_stop",
  unsupported: {
    body: {
      model: "m",
      max_tokens: 10,
      messages: [{
        role: "user",
        content: [{
          type: "document",
          source: { type: "url", url: "https://example.com/a.pdf" },
        }],
      }],
    },
    param: "messages[0].content[0].source.type",
  },
};

/** Registers the converter contract tests for `plugin`. */
export function runConverterContract(plugin: AnyPlugin): void {
  const from = plugin.converts?.from;
  const dir = from === "openai" ? OPENAI_CLIENT : ANTHROPIC_CLIENT;
  const name = `[contract] ${plugin.id}`;

  Deno.test(`${name} declares a conversion and a config schema that accepts {}`, () => {
    assert.ok(plugin.converts);
    assert.notEqual(plugin.converts.from, plugin.converts.to);
    assert.ok(plugin.config.safeParse({}).success);
  });

  Deno.test(`${name} tool calls survive a round trip`, async () => {
    const run = createRun(plugin);
    forwarded(await run.request(dir.clientPath, dir.toolRequest));
    const res = await run.response(200, dir.upstreamToolAnswer);
    assert.equal(res.status, 200);
    assert.deepStrictEqual(dir.clientToolCalls(res.body), [["get_weather", {
      city: "Paris",
    }]]);

    const history = forwarded(
      await createRun(plugin).request(dir.clientPath, dir.historyRequest),
    );
    const calls = dir.upstreamHistoryCalls(history.body);
    assert.equal(calls.length, 1);
    assert.deepStrictEqual(calls[0].slice(1), ["get_weather", {
      city: "Paris",
    }]);
  });

  for (const status of [400, 401, 429, 500, 529]) {
    Deno.test(`${name} upstream error ${status} keeps its status in the client's shape`, async () => {
      const run = createRun(plugin);
      forwarded(await run.request(dir.clientPath, dir.toolRequest));
      const res = await run.response(status, dir.upstreamError);
      assert.equal(res.status, status);
      assert.ok(dir.isClientError(res.body), JSON.stringify(res.body));
      const text = await createRun(plugin);
      forwarded(await text.request(dir.clientPath, dir.toolRequest));
      const raw = await text.response(status, "upstream said no");
      assert.equal(raw.status, status);
      assert.ok(dir.isClientError(raw.body), JSON.stringify(raw.body));
    });
  }

  Deno.test(`${name} forwards usage when present`, async () => {
    const run = createRun(plugin);
    forwarded(await run.request(dir.clientPath, dir.toolRequest));
    const res = await run.response(200, dir.upstreamToolAnswer);
    assert.deepStrictEqual(dir.clientUsage(res.body), [13, 5]);
  });

  for (
    const [label, bytes] of [["cut off", dir.upstreamStream], [
      "empty",
      dir.truncatedStream,
    ]] as const
  ) {
    Deno.test(`${name} a ${label} stream still ends with the terminal event`, async () => {
      const run = createRun(plugin, { stream: true });
      forwarded(
        await run.request(dir.clientPath, { ...dir.toolRequest, stream: true }),
      );
      const events = await run.stream(bytes, 7);
      assert.ok(dir.isTerminal(events), JSON.stringify(events.at(-1)));
    });
  }

  Deno.test(`${name} rejects unsupported input with a PluginError naming the parameter`, async () => {
    const run = createRun(plugin);
    await assert.rejects(
      async () => await run.request(dir.clientPath, dir.unsupported.body),
      (err: unknown) =>
        err instanceof PluginError && err.param === dir.unsupported.param,
    );
  });
}
