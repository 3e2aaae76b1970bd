/**
 * Every upstream fault through every route, as raw bytes: the fault upstream
 * (`tests/_helpers/fault_upstream.ts`) resets, cuts, hangs, sends malformed SSE, truncated JSON,
 * an HTML 500 or a 200 carrying an error, behind the openai and anthropic passthroughs, both
 * converter directions and the Responses API translated to each format. Each case asserts the
 * exact status, the client format's error shape or terminal event, and the request-log entry.
 * `upstream_faults_sdk_test.ts` drives the same faults through the official SDK clients.
 */
import assert from "node:assert/strict";
import {
  type Fault,
  FAULTS,
  type FaultUpstream,
  startFaultUpstream,
} from "../_helpers/fault_upstream.ts";
import {
  type Format,
  type Route,
  ROUTES,
  startFaultGateway,
  want,
} from "../_helpers/fault_cases.ts";
import type { GatewayServer } from "../_helpers/gateway_server.ts";
import { type SseEvent, SseParser } from "../../plugins/mod.ts";
import type { RequestLogEntry } from "../../gateway/mod.ts";

function requestBody(route: Route, stream: boolean): string {
  if (route.client === "responses") {
    return JSON.stringify({ model: route.model, input: "hi", stream });
  }
  return JSON.stringify({
    model: route.model,
    max_tokens: 16,
    messages: [{ role: "user", content: "hi" }],
    stream,
  });
}

/** What came back: status, headers and every byte until the body ended. */
interface Received {
  readonly status: number;
  readonly headers: Headers;
  readonly bytes: Uint8Array;
  readonly text: string;
}

async function send(
  gw: GatewayServer,
  route: Route,
  stream: boolean,
  tag: string,
): Promise<Received> {
  const res = await fetch(`${gw.url}${route.path}`, {
    method: "POST",
    headers: { "content-type": "application/json", "x-fault-case": tag },
    body: requestBody(route, stream),
  });
  const bytes = new Uint8Array(await res.arrayBuffer());
  return {
    status: res.status,
    headers: res.headers,
    bytes,
    text: new TextDecoder().decode(bytes),
  };
}

function eventsOf(text: string): SseEvent[] {
  const parser = new SseParser();
  return [...parser.push(text), ...parser.end()];
}

/** The message of an error body in the client's shape (asserting the shape). */
function errorMessage(format: Format, body: unknown): string {
  const value = body as Record<string, Record<string, unknown>>;
  if (format === "anthropic") {
    assert.equal(value.type, "error");
    assert.equal(typeof value.error.type, "string");
  } else {
    assert.equal(typeof value.error.type, "string");
    assert.ok("code" in value.error, "an OpenAI error has a code");
  }
  assert.equal(typeof value.error.message, "string");
  return String(value.error.message);
}

function assertComplete(route: Route, got: Received, stream: boolean): void {
  assert.equal(got.status, 200, got.text);
  if (!stream) {
    const body = JSON.parse(got.text);
    const expected = { openai: "chat.completion", responses: "response" };
    if (route.client === "anthropic") assert.equal(body.type, "message");
    else assert.equal(body.object, expected[route.client]);
    return;
  }
  const events = eventsOf(got.text);
  assert.ok(!events.some((e) => e.event === "error"), got.text);
  const last = events.at(-1);
  if (route.client === "openai") assert.equal(last?.data, "[DONE]");
  if (route.client === "anthropic") assert.equal(last?.event, "message_stop");
  if (route.client === "responses") {
    assert.equal(last?.event, "response.completed");
  }
}

/** The client format's terminal error event: its message. */
function terminalErrorMessage(route: Route, got: Received): string {
  assert.equal(got.status, 200);
  const events = eventsOf(got.text);
  if (route.client === "openai") {
    assert.equal(events.at(-1)?.data, "[DONE]", got.text);
    return errorMessage("openai", JSON.parse(events.at(-2)!.data));
  }
  if (route.client === "anthropic") {
    const last = events.at(-1)!;
    assert.equal(last.event, "error", got.text);
    return errorMessage("anthropic", JSON.parse(last.data));
  }
  // Responses: an `error` event, then possibly `response.failed`, and nothing after.
  const at = events.findIndex((e) => e.event === "error");
  assert.ok(at >= 0, got.text);
  const rest = events.slice(at + 1).map((e) => e.event);
  assert.ok(
    rest.length === 0 || (rest.length === 1 && rest[0] === "response.failed"),
    rest.join(", "),
  );
  return String(JSON.parse(events[at].data).message);
}

function concat(chunks: readonly Uint8Array[]): Uint8Array {
  const out = new Uint8Array(chunks.reduce((n, c) => n + c.length, 0));
  let offset = 0;
  for (const c of chunks) {
    out.set(c, offset);
    offset += c.length;
  }
  return out;
}

/** The body bytes the upstream sent for the request tagged `tag`. */
function sentBy(upstream: FaultUpstream, tag: string): Uint8Array {
  const request = upstream.requests.find((r) => r.tag === tag);
  assert.ok(request, "the upstream saw the request");
  return concat(request.sent);
}

/** The request-log entry of a response (streams are logged when they end). */
async function entryOf(
  gw: GatewayServer,
  got: Received,
): Promise<RequestLogEntry> {
  const id = got.headers.get("x-tresor-request-id");
  assert.ok(id, "every answer names its request id");
  const deadline = Date.now() + 5_000;
  for (;;) {
    const entry = gw.requestLog.list().find((e) => e.id === id);
    if (entry || Date.now() > deadline) {
      assert.ok(entry, `no log entry for ${id}`);
      return entry;
    }
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

async function check(
  gw: GatewayServer,
  upstream: FaultUpstream,
  route: Route,
  fault: Fault,
  stream: boolean,
): Promise<void> {
  const label = `${fault} ${stream ? "stream" : "json"} ${route.name}`;
  // Header values are bytes: the arrow in a route's name is not.
  const tag = label.replaceAll("→", "->");
  const got = await send(gw, route, stream, tag);
  const expected = want(route, fault, stream);
  const entry = await entryOf(gw, got);
  try {
    switch (expected.kind) {
      case "ok":
        assertComplete(route, got, stream);
        assert.equal(entry.status, 200);
        assert.equal(entry.error, undefined);
        break;
      case "same_bytes":
        assert.equal(got.status, 200);
        assert.deepStrictEqual(got.bytes, sentBy(upstream, tag));
        break;
      case "status": {
        assert.equal(got.status, expected.status, got.text);
        assert.match(
          got.headers.get("content-type") ?? "",
          /application\/json/,
        );
        const message = errorMessage(route.client, JSON.parse(got.text));
        assert.match(message, expected.message);
        assert.equal(entry.status, expected.status);
        assert.ok(entry.error, "the log entry says what went wrong");
        break;
      }
      case "error_event":
        assert.match(terminalErrorMessage(route, got), expected.message);
        if (!route.translated) {
          const sent = sentBy(upstream, tag);
          assert.deepStrictEqual(got.bytes.subarray(0, sent.length), sent);
        }
        assert.equal(entry.status, 200);
        assert.equal(entry.level, "error");
        break;
    }
  } catch (err) {
    throw new Error(`${label}: ${(err as Error).message}`, { cause: err });
  }
}

Deno.test("[e2e] every upstream fault through every route answers the client cleanly, in its format", async () => {
  await using upstream = startFaultUpstream();
  const gw = startFaultGateway(upstream);
  try {
    for (const fault of FAULTS) {
      upstream.fault = fault;
      // The cases of one fault overlap, so the hang faults cost one timeout each.
      await Promise.all(
        ROUTES.flatMap((route) =>
          [false, true].map((stream) =>
            check(gw, upstream, route, fault, stream)
          )
        ),
      );
    }
    assert.equal(
      gw.logLines.filter((l) => l.includes("Gateway failed unexpectedly"))
        .length,
      0,
    );
  } finally {
    await gw.close();
  }
});
