/**
 * The benchmark's mock upstream: answers `POST …/chat/completions` (OpenAI) and
 * `POST …/messages` (Anthropic) from precomputed bodies, as JSON or — when the body asks for
 * `"stream":true` — as a 100-event SSE stream written one event per chunk. Started with
 * `--pace-ms P`, it paces every stream like a model's: `--events E` events (default 20: the
 * opening ones, text deltas, the closing ones; the deltas repeat for more than 100), each P ms
 * after the one before, written only as the
 * connection takes them (so every gateway in front of it sees the same pacing, whatever headers
 * it forwards). Run as its own process
 * (`deno run -P=bench bench/mock_upstream.ts [--port N] [--pace-ms P] [--events E]`); it
 * prints `mock listening on PORT` and serves until killed. Loopback only.
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

/**
 * `events` made `count` long: the opening `head` ones, text deltas (the original ones cut short,
 * or repeated in turn when `count` asks for more) and the closing `tail` ones.
 */
export function resize(
  events: readonly Uint8Array[],
  count: number,
  head: number,
  tail: number,
): readonly Uint8Array[] {
  const deltas = events.slice(head, events.length - tail);
  const wanted = Math.max(count - head - tail, 0);
  return [
    ...events.slice(0, head),
    ...Array.from({ length: wanted }, (_, i) => deltas[i % deltas.length]),
    ...events.slice(events.length - tail),
  ];
}

/** `events` one every `paceMs`, each pulled when the connection has taken the one before. */
function pacedStreamOf(
  events: readonly Uint8Array[],
  paceMs: number,
): ReadableStream<Uint8Array> {
  let next = 0;
  let timer: ReturnType<typeof setTimeout> | undefined;
  return new ReadableStream({
    async pull(controller) {
      if (next > 0) {
        await new Promise((resolve) => timer = setTimeout(resolve, paceMs));
      }
      controller.enqueue(events[next++]);
      if (next === events.length) controller.close();
    },
    cancel() {
      clearTimeout(timer);
    },
  }, { highWaterMark: 0 });
}

/** How the mock paces its streams; absent: each stream is sent at once. */
export interface Pacing {
  readonly paceMs: number;
  readonly events: number;
}

/** Answers one request from the precomputed bodies. */
export async function handleMock(
  req: Request,
  pacing?: Pacing,
): Promise<Response> {
  const path = new URL(req.url).pathname;
  const openai = path.endsWith("/chat/completions");
  const anthropic = !openai && path.endsWith("/messages");
  if (req.method !== "POST" || (!openai && !anthropic)) {
    await req.body?.cancel();
    return new Response("not found", { status: 404 });
  }
  const stream = STREAM_REGEXP.test(await req.text());
  if (stream) {
    const events = openai ? OPENAI_SSE : ANTHROPIC_SSE;
    if (pacing) {
      const paced = openai
        ? resize(events, pacing.events, 1, 3)
        : resize(events, pacing.events, 2, 3);
      return new Response(pacedStreamOf(paced, pacing.paceMs), {
        headers: SSE_HEADERS,
      });
    }
    return new Response(streamOf(events), { headers: SSE_HEADERS });
  }
  return new Response(openai ? OPENAI_JSON : ANTHROPIC_JSON, {
    headers: JSON_HEADERS,
  });
}

/** Serves the mock on 127.0.0.1:`port` (0 = any free port). */
export function serveMock(
  port: number,
  onListen: (port: number) => void,
  pacing?: Pacing,
): Deno.HttpServer<Deno.NetAddr> {
  return Deno.serve(
    { hostname: "127.0.0.1", port, onListen: (addr) => onListen(addr.port) },
    (req) => handleMock(req, pacing),
  );
}

if (import.meta.main) {
  const flag = (name: string) => {
    const index = Deno.args.indexOf(name);
    return index === -1 ? undefined : Number(Deno.args[index + 1]);
  };
  const paceMs = flag("--pace-ms");
  serveMock(
    flag("--port") ?? 0,
    // deno-lint-ignore no-console -- the parent process reads the port from stdout
    (p) => console.log(`mock listening on ${p}`),
    paceMs === undefined
      ? undefined
      : { paceMs, events: flag("--events") ?? 20 },
  );
}
