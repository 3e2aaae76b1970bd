/**
 * Shutdown as CONTRACT.md describes it: stop accepting, finish in-flight requests (streams
 * included), end live log streams, close the database, exit 0. Runs `runDaemon` in-process so the
 * test controls the stop signal.
 */
import assert from "node:assert/strict";
import { startInProcessDaemon } from "../_helpers/daemon.ts";
import {
  heldConfig,
  openHeldStream,
  readRest,
  startHeldUpstream,
} from "../_helpers/held_upstream.ts";

Deno.test("[e2e] shutdown finishes an in-flight stream, then exits 0", async () => {
  const upstream = startHeldUpstream();
  const daemon = await startInProcessDaemon(heldConfig(upstream));
  try {
    const { reader, text } = await openHeldStream(daemon.url);

    daemon.stop();
    // New connections are refused once shutdown has begun, while the stream stays open.
    await assert.rejects(fetch(`${daemon.url}/api/health`));
    upstream.release();
    const all = await readRest(reader, text);
    assert.match(all, /second/);
    assert.match(all, /data: \[DONE\]/);
    assert.equal(await daemon.exitCode, 0);
  } finally {
    daemon.stop();
    await daemon.exitCode;
    await upstream.close();
    await Deno.remove(daemon.dir, { recursive: true });
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
