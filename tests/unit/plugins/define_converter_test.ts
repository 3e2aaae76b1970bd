/**
 * `defineConverter()`, the skeleton every converter is declared on, with a made-up converter
 * whose functions record what they were given: paths, local answers, warnings logged at their
 * level (also when the conversion fails), the query string, errors, pass-through and the
 * stream state's life.
 */
import assert from "node:assert/strict";
import { defineConverter } from "../../../plugins/define_converter.ts";
import { PluginError } from "../../../plugins/errors.ts";
import type { SseEvent } from "../../../plugins/sse.ts";
import { createRun, forwarded } from "../../_helpers/converter_run.ts";

interface Stream {
  seen: number;
}

const streams: Stream[] = [];

/** Upper-cases `text` upstream and back; warns about `loud`; `fail` throws after warning. */
const shout = defineConverter({
  id: "shout",
  description: "Test converter",
  converts: { from: "openai", to: "anthropic" },
  paths: { "/say": "/shout" },
  answers: {
    "/count": (body, call) =>
      Promise.resolve({
        body: { n: Object.keys(body).length },
        headers: { "x-aborted": String(call.signal.aborted) },
      }),
  },
  upstreamHeaders: (headers) => {
    const out = new Headers(headers);
    out.delete("x-client-only");
    return out;
  },
  parseRequest(body, call) {
    if (body.loud === true) call.warnings.info("Toned down", { loud: true });
    if (typeof body.text !== "string") {
      throw new PluginError("Invalid request: text: expected a string", {
        param: "text",
      });
    }
    return body.text;
  },
  mapRequest(text, call) {
    call.warnings.debug("Dropped nothing");
    if (text === "fail") throw new PluginError("no", { param: "text" });
    return { body: { text: text.toUpperCase() }, state: { asked: text } };
  },
  mapResponse: (body, { state }) => ({ asked: state.asked, got: body }),
  mapError: (body, status) => ({ error: { status, body } }),
  createStream: () => {
    const stream = { seen: 0 };
    streams.push(stream);
    return stream;
  },
  mapStreamEvent: (event, { stream, warnings }): SseEvent[] => {
    stream.seen++;
    if (event.data === "odd") warnings.warn("Odd event");
    return [{ data: event.data.toLowerCase() }];
  },
  flushStream: ({ stream }) => [{ data: `end after ${stream.seen}` }],
});

const SSE = new TextEncoder().encode("data: A\n\ndata: odd\n\n");

Deno.test("defineConverter() converts the paths it declares and rewrites path, query and headers", async () => {
  const run = createRun(shout);
  const req = forwarded(
    await run.request("/say", { text: "hi" }, "?beta=true", {
      "x-client-only": "1",
      "x-kept": "2",
    }),
  );
  assert.deepStrictEqual([req.path, req.query, req.body], ["/shout", "", {
    text: "HI",
  }]);
  assert.deepStrictEqual([...req.headers.keys()], ["x-kept"]);
  assert.deepStrictEqual(run.log.lines, [
    {
      level: "debug",
      message: "Dropped the query string",
      fields: { query: "?beta=true" },
    },
    { level: "debug", message: "Dropped nothing", fields: undefined },
  ]);
});

Deno.test("defineConverter() answers a local path itself and refuses a path it does not take", async () => {
  const run = createRun(shout);
  const outcome = await run.request("/count", { a: 1, b: 2 });
  assert.ok("respond" in outcome);
  assert.equal(outcome.respond.status, 200);
  assert.deepStrictEqual(outcome.respond.body, { n: 2 });
  assert.equal(outcome.respond.headers.get("x-aborted"), "false");
  await assert.rejects(
    () => run.request("/embeddings", { text: "x" }),
    (err: unknown) =>
      err instanceof PluginError &&
      err.message ===
        'Cannot translate "/embeddings" to the Anthropic Messages API',
  );
});

Deno.test("defineConverter() logs the warnings at their level, also when the conversion fails", async () => {
  const run = createRun(shout);
  await assert.rejects(
    () => run.request("/say", { text: "fail", loud: true }),
    PluginError,
  );
  assert.deepStrictEqual(run.log.lines.map((l) => [l.level, l.message]), [
    ["info", "Toned down"],
    ["debug", "Dropped nothing"],
  ]);
});

Deno.test("defineConverter() maps answers and errors, keeping the upstream status, as JSON", async () => {
  const run = createRun(shout);
  forwarded(await run.request("/say", { text: "hi" }));
  const ok = await run.response(200, "HELLO");
  assert.deepStrictEqual(ok.body, { asked: "hi", got: "HELLO" });
  const err = await run.response(529, "busy");
  assert.equal(err.status, 529);
  assert.deepStrictEqual(err.body, { error: { status: 529, body: "busy" } });
  assert.equal(err.headers.get("content-type"), "application/json");
});

Deno.test("defineConverter() creates one stream state per request, on the first event, and flushes with it", async () => {
  const run = createRun(shout, { stream: true });
  forwarded(await run.request("/say", { text: "hi" }));
  const before = streams.length;
  const events = run.stream(SSE, 1);
  assert.equal(streams.length, before + 1);
  assert.deepStrictEqual(events.map((e) => e.data), [
    "a",
    "odd",
    "end after 2",
  ]);
  assert.deepStrictEqual(run.log.lines.at(-1)?.message, "Odd event");
});

Deno.test("defineConverter() passes through what it did not convert", async () => {
  const run = createRun(shout);
  const body = { anything: true };
  assert.equal((await run.response(200, body)).body, body);
  assert.deepStrictEqual(run.stream(SSE, Infinity).map((e) => e.data), [
    "A",
    "odd",
  ]);
});
