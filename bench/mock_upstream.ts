/**
 * The benchmark's mock upstream: answers `POST …/chat/completions` (OpenAI) and
 * `POST …/messages` (Anthropic) from precomputed bodies, as JSON or — when the body asks for
 * `"stream":true` — as a 100-event SSE stream written one event per chunk. Run as its own
 * process (`deno run -P=bench bench/mock_upstream.ts [--port N]`); it prints
 * `mock listening on PORT` and serves until killed. Loopback only.
 *
 * @module
 */
import {
  ANTHROPIC_JSON,
  ANTHROPIC_SSE,
  OPENAI_JSON,
  OPENAI_SSE,
} from "./payloads.ts";

const JSON_HEADERS = { "content-type": "application/json" } as const;
const SSE_HEADERS = {
  "content-type": "text/event-stream",
  "cache-control": "no-cache",
} as const;
const STREAM_REGEXP = /"stream"\s*:\s*true/;

function streamOf(events: readonly Uint8Array[]): ReadableStream<Uint8Array> {
  return new ReadableStream({
    start(controller) {
      for (const event of events) controller.enqueue(event);
      controller.close();
    },
  });
}

/** Answers one request from the precomputed bodies. */
export async function handleMock(req: Request): Promise<Response> {
  const path = new URL(req.url).pathname;
  const openai = path.endsWith("/chat/completions");
  const anthropic = !openai && path.endsWith("/messages");
  if (req.method !== "POST" || (!openai && !anthropic)) {
    await req.body?.cancel();
    return new Response("not found", { status: 404 });
  }
  const stream = STREAM_REGEXP.test(await req.text());
  if (stream) {
    return new Response(streamOf(openai ? OPENAI_SSE : ANTHROPIC_SSE), {
      headers: SSE_HEADERS,
    });
  }
  return new Response(openai ? OPENAI_JSON : ANTHROPIC_JSON, {
    headers: JSON_HEADERS,
  });
}

/** Serves the mock on 127.0.0.1:`port` (0 = any free port). */
export function serveMock(
  port: number,
  onListen: (port: number) => void,
): Deno.HttpServer<Deno.NetAddr> {
  return Deno.serve(
    { hostname: "127.0.0.1", port, onListen: (addr) => onListen(addr.port) },
    handleMock,
  );
}

if (import.meta.main) {
  const index = Deno.args.indexOf("--port");
  const port = index === -1 ? 0 : Number(Deno.args[index + 1]);
  // deno-lint-ignore no-console -- the parent process reads the port from stdout
  serveMock(port, (p) => console.log(`mock listening on ${p}`));
}
