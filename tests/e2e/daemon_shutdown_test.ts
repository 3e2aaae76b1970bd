/**
 * Shutdown as CONTRACT.md describes it: stop accepting, finish in-flight requests (streams
 * included), end live log streams, close the database, exit 0. Runs `runDaemon` in-process so the
 * test controls the stop signal.
 */
import assert from "node:assert/strict";
import { startInProcessDaemon } from "../_helpers/daemon.ts";
import { encodeSseEvent } from "../../plugins/mod.ts";

/** An OpenAI-style upstream that sends one chunk, then waits for `release` before finishing. */
function startHeldUpstream(
  release: Promise<void>,
): { url: string; close(): Promise<void> } {
  const chunk = (content: string) =>
    encodeSseEvent({
      data: JSON.stringify({
        id: "chatcmpl-1",
        object: "chat.completion.chunk",
        created: 1,
        model: "gpt-held",
        choices: [{ index: 0, delta: { content }, finish_reason: null }],
      }),
    });
  const encoder = new TextEncoder();
  const server = Deno.serve({
    hostname: "127.0.0.1",
    port: 0,
    onListen: () => {},
  }, async (req) => {
    await req.body?.cancel();
    const body = new ReadableStream<Uint8Array>({
      async start(controller) {
        controller.enqueue(encoder.encode(chunk("first ")));
        await release;
        controller.enqueue(encoder.encode(chunk("second")));
        controller.enqueue(encoder.encode(encodeSseEvent({ data: "[DONE]" })));
        controller.close();
      },
    });
    return new Response(body, {
      headers: { "content-type": "text/event-stream" },
    });
  });
  return {
    url: `http://127.0.0.1:${server.addr.port}/v1`,
    close: () => server.shutdown(),
  };
}

Deno.test("[e2e] shutdown finishes an in-flight stream, then exits 0", async () => {
  const dir = await Deno.makeTempDir({ prefix: "tresor-shutdown-" });
  const { promise: release, resolve: releaseUpstream } = Promise.withResolvers<
    void
  >();
  const upstream = startHeldUpstream(release);
  try {
    const daemon = await startInProcessDaemon(
      [
        "listen: 127.0.0.1:0",
        "downstreams:",
        "  - id: held",
        "    name: Held",
        "    api_formats: [openai]",
        `    base_url: ${upstream.url}`,
        "    api_key: sk-upstream",
        "    output_model_ids: [gpt-held]",
        "",
      ].join("\n"),
      { dir },
    );
    const res = await fetch(`${daemon.url}/v1/chat/completions`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({
        model: "gpt-held",
        stream: true,
        messages: [{ role: "user", content: "hi" }],
      }),
    });
    assert.equal(res.status, 200);
    const reader = res.body!.pipeThrough(new TextDecoderStream()).getReader();
    let text = (await reader.read()).value ?? "";
    assert.match(text, /first /);

    daemon.stop();
    // New connections are refused once shutdown has begun, while the stream stays open.
    await assert.rejects(fetch(`${daemon.url}/api/health`));
    releaseUpstream();
    for (let r = await reader.read(); !r.done; r = await reader.read()) {
      text += r.value;
    }
    assert.match(text, /second/);
    assert.match(text, /data: \[DONE\]/);
    assert.equal(await daemon.exitCode, 0);
  } finally {
    releaseUpstream();
    await upstream.close();
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("[e2e] shutdown ends open log streams instead of waiting for them", async () => {
  const dir = await Deno.makeTempDir({ prefix: "tresor-shutdown-" });
  try {
    const daemon = await startInProcessDaemon("listen: 127.0.0.1:0\n", {
      dir,
    });
    const res = await fetch(`${daemon.url}/api/logs/stream`);
    assert.equal(res.status, 200);
    assert.equal(
      res.headers.get("content-type")?.split(";")[0],
      "text/event-stream",
    );
    const reader = res.body!.getReader();

    daemon.stop();
    // The stream ends (done) rather than hanging until the drain bound.
    for (let r = await reader.read(); !r.done; r = await reader.read()) {
      // Initial batch or heartbeat bytes; the loop ends when the server closes the stream.
    }
    assert.equal(await daemon.exitCode, 0);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
