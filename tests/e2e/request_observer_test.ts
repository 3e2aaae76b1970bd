/**
 * The observer seam (usage records, issue 15; body capture, issue 17) through the real server:
 * one `recorded` call per request, after its log entry, and — through the watcher it asks for —
 * the four bodies of a plain and of a translated request, streamed or not, as they passed.
 */
import assert from "node:assert/strict";
import {
  type BodyKind,
  type RecordedRequest,
  type RequestObserver,
} from "../../gateway/mod.ts";
import { startMockUpstream } from "../_helpers/mock_upstream.ts";
import {
  loggedEntries,
  makeSnapshot,
  startGateway,
} from "../_helpers/gateway_server.ts";

interface Seen {
  recorded: RecordedRequest[];
  bodies: Map<string, Map<BodyKind, string>>;
}

function recordingObserver(): { observer: RequestObserver; seen: Seen } {
  const seen: Seen = { recorded: [], bodies: new Map() };
  const decoder = new TextDecoder();
  const add = (id: string, kind: BodyKind, text: string) => {
    const bodies = seen.bodies.get(id) ?? new Map<BodyKind, string>();
    bodies.set(kind, (bodies.get(kind) ?? "") + text);
    seen.bodies.set(id, bodies);
  };
  return {
    seen,
    observer: {
      recorded: (request) => seen.recorded.push(request),
      watch: ({ id }) => ({
        body: (kind, bytes) => add(id, kind, decoder.decode(bytes)),
        planned: () => {},
        forwarded: (request) =>
          add(id, "forwarded", decoder.decode(request.body ?? undefined)),
        upstream: () => {},
        returned(response, whole) {
          if (whole) {
            response.clone().text().then((t) => add(id, "returned", t));
          }
        },
        recorded: () => {},
      }),
    },
  };
}

async function withGateway(
  fn: (url: string, seen: Seen, log: () => Promise<unknown>) => Promise<void>,
) {
  const mock = startMockUpstream();
  const { observer, seen } = recordingObserver();
  const gw = startGateway(
    makeSnapshot({
      downstreams: [
        {
          id: "oai",
          name: "oai",
          apiFormats: ["openai"],
          baseUrl: `${mock.url}/v1`,
          apiKey: "k",
          outputModelIds: ["gpt-mock"],
        },
        {
          id: "ant",
          name: "ant",
          apiFormats: ["anthropic"],
          baseUrl: mock.url,
          apiKey: "k",
          outputModelIds: ["claude-mock"],
        },
      ],
    }),
    { observer },
  );
  try {
    await fn(gw.url, seen, () => loggedEntries(gw.requestLog, 4));
  } finally {
    await gw.close();
    await mock.close();
  }
}

Deno.test("[e2e] the observer is told of every request once, with its log entry, and sees its four bodies", async () => {
  await withGateway(async (url, seen, logged) => {
    const answers: { id: string; sent: string; got: string }[] = [];
    for (const model of ["gpt-mock", "claude-mock"]) {
      for (const stream of [false, true]) {
        const sent = JSON.stringify({
          model,
          stream,
          messages: [{ role: "user", content: "hi" }],
        });
        const res = await fetch(`${url}/v1/chat/completions`, {
          method: "POST",
          headers: { "content-type": "application/json" },
          body: sent,
        });
        assert.equal(res.status, 200);
        const got = await res.text();
        answers.push({
          id: res.headers.get("x-tresor-request-id")!,
          sent,
          got,
        });
      }
    }
    await logged();
    // A whole answer's returned body is read from a clone, off the request path: bounded wait.
    const deadline = Date.now() + 5_000;
    while (
      answers.some((a) => !seen.bodies.get(a.id)?.has("returned")) &&
      Date.now() < deadline
    ) await new Promise((resolve) => setTimeout(resolve, 1));
    assert.deepStrictEqual(
      seen.recorded.map((r) => r.entry.id).toSorted(),
      answers.map((a) => a.id).toSorted(),
    );
    for (const { id, sent, got } of answers) {
      const bodies = seen.bodies.get(id)!;
      assert.deepStrictEqual([...bodies.keys()].toSorted(), [
        "forwarded",
        "received",
        "returned",
        "upstream",
      ]);
      assert.equal(bodies.get("received"), sent);
      assert.equal(bodies.get("returned"), got);
    }
    // The passthrough requests forward the client's bytes and return the upstream's.
    const plain = seen.bodies.get(answers[0].id)!;
    assert.equal(plain.get("forwarded"), answers[0].sent);
    assert.equal(plain.get("upstream"), answers[0].got);
    // A translated request forwards Anthropic's format and returns OpenAI's.
    const translated = seen.bodies.get(answers[3].id)!;
    assert.match(translated.get("upstream")!, /event: message_start/);
    assert.match(translated.get("returned")!, /chat\.completion\.chunk/);
    assert.equal(
      JSON.parse(translated.get("forwarded")!).model,
      "claude-mock",
    );
  });
});
