/**
 * The client side of `deno task bench:streams`: N streaming requests started in the same instant
 * (the N connections are opened first, as a client's warm pool, then every request is sent at
 * once), each on its own connection, each checked for its format's terminal event, with first-
 * and last-byte latency and the SSE events each delivered. Every stream is bounded by a deadline.
 *
 * @module
 */
import { HttpProbe, type RequestSpec, toRequestBytes } from "./http_probe.ts";
import { median, percentile } from "./load.ts";

/** How one stream ended. */
type Outcome =
  | { ok: true; ttfbUs: number; totalUs: number; events: number }
  | { ok: false; why: string };

/** What N concurrent streams gave. */
export interface StreamsOutcome {
  streams: number;
  /** Streams that answered 200 and ended with their terminal event, no error event. */
  ok: number;
  /** Why the others failed, with how many each. */
  failures: Record<string, number>;
  /** SSE events the completed streams delivered (`data:` lines). */
  events: number;
  ttfbP50Ms: number;
  ttfbP99Ms: number;
  lastByteP50Ms: number;
  lastByteP99Ms: number;
  /** From sending the requests to the last stream's end. */
  wallS: number;
}

const DECODER = new TextDecoder();

/** A chunked body's payload (the probe keeps the framing). */
export function dechunk(raw: Uint8Array): string {
  const text = DECODER.decode(raw);
  let out = "";
  let at = 0;
  for (;;) {
    const lineEnd = text.indexOf("\r\n", at);
    if (lineEnd < 0) return out;
    const size = parseInt(text.slice(at, lineEnd), 16);
    if (!(size > 0)) return out;
    out += text.slice(lineEnd + 2, lineEnd + 2 + size);
    at = lineEnd + 2 + size + 2;
  }
}

/** The SSE events in `body`: one `data:` line each (Anthropic's `event:` lines ride along). */
export function countEvents(body: string): number {
  return body.match(/^data:/gm)?.length ?? 0;
}

/** A connection to the target, or why there is none. */
type Connected = { probe: HttpProbe } | { why: string };

async function connect(port: number): Promise<Connected> {
  try {
    return { probe: await HttpProbe.connect("127.0.0.1", port) };
  } catch (err) {
    return { why: `connect: ${(err as Error).name}` };
  }
}

/** One stream on its own connection, checked for its terminal event; bounded by `deadline`. */
async function oneStream(
  connected: Connected,
  request: Uint8Array,
  terminal: string,
  deadline: number,
): Promise<Outcome> {
  if ("why" in connected) return { ok: false, why: connected.why };
  const probe = connected.probe;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let timedOut = false;
  try {
    timer = setTimeout(() => {
      timedOut = true;
      probe.close();
    }, Math.max(deadline - Date.now(), 0));
    const timing = await probe.request(request);
    if (timing.status !== 200) {
      return { ok: false, why: `status ${timing.status}` };
    }
    const body = dechunk(probe.lastBody());
    if (body.includes('"error"')) return { ok: false, why: "error event" };
    if (!body.includes(terminal)) return { ok: false, why: "incomplete" };
    return {
      ok: true,
      ttfbUs: timing.ttfbUs,
      totalUs: timing.totalUs,
      events: countEvents(body),
    };
  } catch (err) {
    return {
      ok: false,
      why: timedOut ? "timeout" : `read: ${(err as Error).message}`,
    };
  } finally {
    clearTimeout(timer);
    if (!timedOut) probe.close();
  }
}

/** `count` concurrent streams of `spec` to 127.0.0.1:`port`, each ended by `maxMs` at most. */
export async function runPacedStreams(
  port: number,
  spec: RequestSpec,
  count: number,
  maxMs: number,
): Promise<StreamsOutcome> {
  const request = toRequestBytes(spec, "127.0.0.1", port);
  // The answer is in the format of the path asked.
  const terminal = spec.path.endsWith("/messages")
    ? "event: message_stop"
    : "data: [DONE]";
  // Connections first (a client's pool is warm), then every request in the same instant: the
  // gateway meets N streams at once and must open N upstream connections at once.
  const connections = await Promise.all(
    Array.from({ length: count }, () => connect(port)),
  );
  const began = performance.now();
  const deadline = Date.now() + maxMs;
  const outcomes = await Promise.all(
    connections.map((c) => oneStream(c, request, terminal, deadline)),
  );
  const wallS = (performance.now() - began) / 1000;
  const ok = outcomes.filter((o): o is Extract<Outcome, { ok: true }> => o.ok);
  const failures: Record<string, number> = {};
  for (const o of outcomes) {
    if (!o.ok) failures[o.why] = (failures[o.why] ?? 0) + 1;
  }
  const ttfb = ok.map((o) => o.ttfbUs / 1000).sort((a, b) => a - b);
  const total = ok.map((o) => o.totalUs / 1000).sort((a, b) => a - b);
  return {
    streams: count,
    ok: ok.length,
    failures,
    events: ok.reduce((sum, o) => sum + o.events, 0),
    ttfbP50Ms: median(ttfb),
    ttfbP99Ms: percentile(ttfb, 99),
    lastByteP50Ms: median(total),
    lastByteP99Ms: percentile(total, 99),
    wallS,
  };
}
