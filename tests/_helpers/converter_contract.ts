/**
 * The one contract every converter passes (Hono runs one shared suite for all its routers the
 * same way): `runConverterContract({ plugin, skip })` registers the same cases for every
 * format pair — text, tools over many deltas, images, errors keeping their status in the
 * client's shape, usage forwarded when present, stop reasons, and streams that always end
 * with the format's terminal event — reading the client's answers through the client format's
 * kit and answering through the upstream format's (`contract/`).
 * Streams run through the gateway's production stream path in 1-byte, 7-byte and whole
 * chunks, which must all give the same events. A converter that cannot pass a case names it
 * in `skip`, with the reason.
 */
import assert from "node:assert/strict";
import { PluginError } from "../../plugins/errors.ts";
import type { SseEvent } from "../../plugins/sse.ts";
import type { AnyPlugin, JsonObject } from "../../plugins/types.ts";
import type { ApiFormat } from "../../plugins/types.ts";
import {
  type AnswerFacts,
  type ClientKit,
  type UpstreamKit,
  WEATHER_TOOL,
} from "./contract/kits.ts";
import { CHAT_CLIENT } from "./contract/client_chat.ts";
import { ANTHROPIC_CLIENT } from "./contract/client_anthropic.ts";
import { RESPONSES_CLIENT } from "./contract/client_responses.ts";
import { ANTHROPIC_UPSTREAM } from "./contract/upstream_anthropic.ts";
import { CHAT_UPSTREAM } from "./contract/upstream_chat.ts";
import { createRun, forwarded, type PluginRun } from "./converter_run.ts";
import { parseSseText } from "./golden.ts";

/** Cases a converter does not run, each group with the reason. */
export interface ContractSkip {
  readonly reason: string;
  readonly tests: readonly string[];
}

/** Options of {@link runConverterContract}. */
export interface ContractOptions {
  readonly plugin: AnyPlugin;
  readonly skip?: readonly ContractSkip[];
}

/** The kit of each format a client speaks. */
const CLIENT_KITS: Record<ApiFormat, ClientKit> = {
  openai: CHAT_CLIENT,
  anthropic: ANTHROPIC_CLIENT,
  responses: RESPONSES_CLIENT,
};

/** The kit of each format a converter sends upstream. */
const UPSTREAM_KITS: Partial<Record<ApiFormat, UpstreamKit>> = {
  openai: CHAT_UPSTREAM,
  anthropic: ANTHROPIC_UPSTREAM,
};

/** How the contract feeds streams: byte by byte, 7 bytes, whole. */
export const CHUNK_SIZES: readonly number[] = [1, 7, Infinity];

const IMAGE = "data:image/png;base64,iVBORw0KGgo=";
const USAGE = { input: 11, output: 7 };
const ARGS = { city: "Paris" };
/** The tool arguments as a stream sends them: in many small pieces. */
const ARG_FRAGMENTS = ['{"ci', 'ty"', ': "P', "ar", 'is"', "}"];

interface Context {
  plugin: AnyPlugin;
  client: ClientKit;
  upstream: UpstreamKit;
}

type Case = (c: Context) => void | Promise<void>;

async function start(
  c: Context,
  body: JsonObject,
  stream = false,
): Promise<{ run: PluginRun; upstream: JsonObject }> {
  const run = createRun(c.plugin, { stream });
  const req = forwarded(await run.request(c.client.path, body));
  return { run, upstream: req.body };
}

async function whole(c: Context, request: JsonObject, answer: unknown) {
  const { run } = await start(c, request);
  const res = await run.response(200, answer);
  assert.equal(res.status, 200);
  return c.client.answer(res.body);
}

/** Streams `bytes` in every chunk size; all give the same events, whose facts are returned. */
async function streamed(
  c: Context,
  request: JsonObject,
  bytes: Uint8Array,
): Promise<{ facts: AnswerFacts; events: SseEvent[] }> {
  const outputs: SseEvent[][] = [];
  for (const size of CHUNK_SIZES) {
    const { run } = await start(c, request, true);
    outputs.push(run.stream(bytes, size));
  }
  for (const out of outputs.slice(1)) {
    assert.deepStrictEqual(normalise(out), normalise(outputs[0]));
  }
  return { facts: c.client.streamed(outputs[0]), events: outputs[0] };
}

/** Events with generated ids and clocks blanked, so runs compare. */
function normalise(events: readonly SseEvent[]): string[] {
  return events.map((e) =>
    `${e.event ?? ""}|${
      e.data.replace(/\b(resp|msg|fc|rs|call)_[0-9a-f]{32}\b/g, "$1_x")
        .replace(/"created(_at)?":\d+/g, '"created$1":0')
    }`
  );
}

/** The cases, by name (the names skip lists use). */
const CASES: Record<string, Case> = {
  "declares a conversion and a config schema that accepts {}"({ plugin }) {
    assert.ok(plugin.converts);
    assert.notEqual(plugin.converts.from, plugin.converts.to);
    assert.ok(plugin.config.safeParse({}).success);
  },
  async "text: the client's text reaches the upstream"(c) {
    const { upstream } = await start(
      c,
      c.client.textRequest("hello there", false),
    );
    assert.ok(c.upstream.texts(upstream).includes("hello there"));
  },
  async "text: a whole answer's text reaches the client"(c) {
    const facts = await whole(
      c,
      c.client.textRequest("hi", false),
      c.upstream.text("Hello, world"),
    );
    assert.equal(facts.text, "Hello, world");
    assert.equal(facts.finish, "stop");
  },
  async "text: a streamed answer's text reaches the client, whatever the chunking"(
    c,
  ) {
    const pieces = ["Hel", "lo, ", "wörld 👋", "!"];
    const { facts } = await streamed(
      c,
      c.client.textRequest("hi", true),
      c.upstream.textStream(pieces, USAGE),
    );
    assert.equal(facts.text, pieces.join(""));
    assert.equal(facts.finish, "stop");
  },
  async "tools: the client's tools reach the upstream"(c) {
    const { upstream } = await start(c, c.client.toolRequest(false));
    assert.deepStrictEqual(c.upstream.toolNames(upstream), [WEATHER_TOOL]);
  },
  async "tools: a whole answer's tool call reaches the client"(c) {
    const facts = await whole(
      c,
      c.client.toolRequest(false),
      c.upstream.toolCall(WEATHER_TOOL, ARGS, USAGE),
    );
    assert.deepStrictEqual(facts.toolCalls, [[WEATHER_TOOL, ARGS]]);
    assert.equal(facts.finish, "tool");
  },
  async "tools: a tool call streamed over many deltas reaches the client whole, whatever the chunking"(
    c,
  ) {
    const { facts } = await streamed(
      c,
      c.client.toolRequest(true),
      c.upstream.toolStream(WEATHER_TOOL, ARG_FRAGMENTS, USAGE),
    );
    assert.deepStrictEqual(facts.toolCalls, [[WEATHER_TOOL, ARGS]]);
    assert.equal(facts.finish, "tool");
  },
  async "tools: a tool call and its result in the history reach the upstream"(
    c,
  ) {
    const { upstream } = await start(c, c.client.historyRequest());
    assert.deepStrictEqual(c.upstream.historyCalls(upstream), [[
      WEATHER_TOOL,
      ARGS,
    ]]);
    assert.deepStrictEqual(c.upstream.toolResults(upstream), ["sunny"]);
  },
  async "images: an image in the client's request reaches the upstream"(c) {
    const { upstream } = await start(c, c.client.imageRequest(IMAGE));
    assert.deepStrictEqual(c.upstream.images(upstream), [IMAGE]);
  },
  async "images: an image in a tool result reaches the upstream"(c) {
    assert.ok(
      c.client.toolImageRequest,
      "the client format has no images in tool results",
    );
    const { upstream } = await start(c, c.client.toolImageRequest(IMAGE));
    assert.deepStrictEqual(c.upstream.images(upstream), [IMAGE]);
    assert.ok(
      c.upstream.texts(upstream).concat(c.upstream.toolResults(upstream)).some((
        t,
      ) => t.includes("sunny")),
    );
  },
  async "reasoning: the upstream's reasoning reaches the client, whole and streamed"(
    c,
  ) {
    const answer = await whole(
      c,
      c.client.textRequest("hi", false),
      c.upstream.reasoning("Let me think.", "Done"),
    );
    assert.deepStrictEqual([answer.reasoning, answer.text], [
      "Let me think.",
      "Done",
    ]);
    const { facts } = await streamed(
      c,
      c.client.textRequest("hi", true),
      c.upstream.reasoningStream(["Let me ", "think."], "Done"),
    );
    assert.deepStrictEqual([facts.reasoning, facts.text], [
      "Let me think.",
      "Done",
    ]);
  },
  async "errors: an upstream error keeps its status in the client's shape"(c) {
    for (const status of [400, 401, 404, 429, 500, 503, 529]) {
      for (const body of [c.upstream.error, "upstream said no"]) {
        const { run } = await start(c, c.client.textRequest("hi", false));
        const res = await run.response(status, body);
        assert.equal(res.status, status);
        assert.ok(c.client.answer(res.body).error, JSON.stringify(res.body));
      }
    }
  },
  async "errors: an error event mid-stream ends the client's stream in its error shape"(
    c,
  ) {
    const { facts, events } = await streamed(
      c,
      c.client.textRequest("hi", true),
      c.upstream.errorStream("Hel"),
    );
    assert.ok(facts.error, JSON.stringify(events));
    assert.ok(c.client.terminated(events), JSON.stringify(events.at(-1)));
  },
  async "usage: a whole answer's usage is forwarded"(c) {
    const facts = await whole(
      c,
      c.client.textRequest("hi", false),
      c.upstream.text("ok", USAGE),
    );
    assert.deepStrictEqual(facts.usage, USAGE);
  },
  async "usage: a whole answer without usage reports none"(c) {
    const facts = await whole(
      c,
      c.client.textRequest("hi", false),
      c.upstream.text("ok"),
    );
    assert.equal(facts.usage, undefined);
  },
  async "usage: a stream's usage is forwarded"(c) {
    const { facts } = await streamed(
      c,
      c.client.textRequest("hi", true),
      c.upstream.textStream(["ok"], USAGE),
    );
    assert.deepStrictEqual(facts.usage, USAGE);
  },
  async "usage: a stream without usage reports none"(c) {
    const { facts } = await streamed(
      c,
      c.client.textRequest("hi", true),
      c.upstream.textStream(["ok"]),
    );
    assert.equal(facts.usage, undefined);
  },
  async "stop reasons: an answer cut at max tokens is reported as cut, whole and streamed"(
    c,
  ) {
    const answer = await whole(
      c,
      c.client.textRequest("hi", false),
      c.upstream.truncated("Hel"),
    );
    assert.equal(answer.finish, "length");
    const { facts } = await streamed(
      c,
      c.client.textRequest("hi", true),
      c.upstream.truncatedStream("Hel"),
    );
    assert.equal(facts.finish, "length");
  },
  async "streams: a stream cut off mid-way still ends with the terminal event"(
    c,
  ) {
    const { events } = await streamed(
      c,
      c.client.textRequest("hi", true),
      c.upstream.cutStream("Hel"),
    );
    assert.ok(c.client.terminated(events), JSON.stringify(events.at(-1)));
  },
  async "streams: an empty stream still ends with the terminal event"(c) {
    const { events } = await streamed(
      c,
      c.client.textRequest("hi", true),
      new Uint8Array(0),
    );
    assert.ok(c.client.terminated(events), JSON.stringify(events.at(-1)));
  },
  async "requests: unsupported input is a PluginError naming the parameter"(c) {
    const run = createRun(c.plugin);
    await assert.rejects(
      async () => await run.request(c.client.path, c.client.unsupported.body),
      (err: unknown) =>
        err instanceof PluginError && err.param === c.client.unsupported.param,
    );
  },
  async "requests: a path it does not translate is a PluginError"(c) {
    const run = createRun(c.plugin);
    await assert.rejects(
      async () => await run.request("/embeddings", { model: "m", input: "x" }),
      PluginError,
    );
  },
  async "responses: a request it did not convert gets its response and stream untouched"(
    c,
  ) {
    const run = createRun(c.plugin);
    const body = { anything: true };
    assert.equal((await run.response(200, body)).body, body);
    const bytes = c.upstream.textStream(["x"]);
    assert.deepStrictEqual(
      run.stream(bytes, 7),
      parseSseText(new TextDecoder().decode(bytes)),
    );
  },
};

/** The names of every contract case, for skip lists. */
export const CONTRACT_CASES: readonly string[] = Object.keys(CASES);

/** Registers the contract's cases for `plugin`, minus the ones it skips (see the module doc). */
export function runConverterContract(opts: ContractOptions): void {
  const { plugin } = opts;
  assert.ok(plugin.converts, `${plugin.id} is not a converter`);
  const upstream = UPSTREAM_KITS[plugin.converts.to];
  assert.ok(upstream, `no upstream kit for ${plugin.converts.to}`);
  const context: Context = {
    plugin,
    client: CLIENT_KITS[plugin.converts.from],
    upstream,
  };
  const skipped = new Map<string, string>();
  for (const group of opts.skip ?? []) {
    for (const name of group.tests) {
      assert.ok(name in CASES, `skip names no contract case: ${name}`);
      skipped.set(name, group.reason);
    }
  }
  for (const [name, run] of Object.entries(CASES)) {
    const reason = skipped.get(name);
    Deno.test({
      name: `[contract] ${plugin.id} ${name}${
        reason ? ` (skipped: ${reason})` : ""
      }`,
      ignore: reason !== undefined,
      fn: () => run(context),
    });
  }
}
