import assert from "node:assert/strict";
import { IdleReader } from "../../../gateway/upstream_body.ts";
import { GatewayError } from "../../../gateway/errors.ts";

const ENCODER = new TextEncoder();

function noTimeout(): never {
  throw new Error("the idle timeout must not fire");
}

Deno.test("IdleReader settles a read that a closed byte stream never answers, at the idle timeout", async () => {
  // A byte source that closes without respond(0): a pending BYOB read would wait forever.
  const body = new ReadableStream({
    type: "bytes",
    pull(controller: ReadableByteStreamController) {
      controller.close();
    },
  });
  let fired: GatewayError | undefined;
  const reader = new IdleReader(body, {
    idleMs: 20,
    onTimeout: (err) => fired = err,
  });
  await assert.rejects(reader.read(), (err) => {
    assert.ok(err instanceof GatewayError);
    assert.equal(err.kind, "upstream_timeout");
    return true;
  });
  assert.equal(fired?.kind, "upstream_timeout");
});

Deno.test("IdleReader reports a body that breaks off as upstream_bad_response", async () => {
  let sent = false;
  const body = new ReadableStream<Uint8Array>({
    pull(controller) {
      if (!sent) {
        sent = true;
        controller.enqueue(ENCODER.encode("data: 1\n\n"));
      } else {
        controller.error(new TypeError("Connection closed inside the body"));
      }
    },
  });
  const reader = new IdleReader(body, { idleMs: 60_000, onTimeout: noTimeout });
  assert.equal(new TextDecoder().decode(await reader.read()), "data: 1\n\n");
  await assert.rejects(reader.read(), (err) => {
    assert.ok(err instanceof GatewayError);
    assert.equal(err.kind, "upstream_bad_response");
    assert.equal(
      err.message,
      "Upstream response broke off: Connection closed inside the body",
    );
    return true;
  });
});

Deno.test("IdleReader.readUpTo() stops at the limit and cancels the rest", async () => {
  let cancelled = false;
  let pulls = 0;
  const body = new ReadableStream<Uint8Array>({
    pull(controller) {
      pulls++;
      controller.enqueue(new Uint8Array(1000).fill(65));
    },
    cancel() {
      cancelled = true;
    },
  });
  const reader = new IdleReader(body, { idleMs: 60_000, onTimeout: noTimeout });
  const { bytes, truncated } = await reader.readUpTo(2500);
  assert.equal(bytes.length, 2500);
  assert.equal(truncated, true);
  assert.equal(cancelled, true);
  assert.ok(pulls <= 4, `read ${pulls} chunks for 2500 bytes`);

  const short = new IdleReader(ReadableStream.from([ENCODER.encode("abc")]), {
    idleMs: 60_000,
    onTimeout: noTimeout,
  });
  const whole = await short.readUpTo(2500);
  assert.equal(new TextDecoder().decode(whole.bytes), "abc");
  assert.equal(whole.truncated, false);
});

Deno.test("IdleReader with byob: false hands over a byte stream's chunks as they are", async () => {
  const chunk = ENCODER.encode("data: fresh\n\n");
  const size = chunk.byteLength;
  const body = new ReadableStream({
    type: "bytes",
    start(controller: ReadableByteStreamController) {
      controller.enqueue(chunk);
      controller.close();
    },
  });
  const reader = new IdleReader(body, {
    idleMs: 60_000,
    onTimeout: noTimeout,
    byob: false,
  });
  const read = await reader.read();
  // The chunk's own buffer, moved to the reader: no reader buffer, no copy.
  assert.equal(chunk.byteLength, 0, "enqueue transferred the chunk's buffer");
  assert.equal(read?.byteLength, size);
  assert.equal(read?.buffer.byteLength, size);
  assert.equal(await reader.read(), undefined);
});
