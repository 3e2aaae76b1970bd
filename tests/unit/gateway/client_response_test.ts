import assert from "node:assert/strict";
import { tapBody } from "../../../gateway/client_response.ts";
import { createLogger } from "../../../gateway/log.ts";
import { UsageTap } from "../../../gateway/usage.ts";

const ENCODER = new TextEncoder();
const ERROR_EVENT = "event: error\ndata: {}\n\n";

/** The client's bytes when the upstream sends `chunks` and then fails. */
async function cutAfter(
  chunks: readonly string[],
  sse = true,
): Promise<{ text: string; error: string | undefined }> {
  let i = 0;
  let error: string | undefined;
  const body = tapBody(
    () => {
      if (i < chunks.length) {
        return Promise.resolve(ENCODER.encode(chunks[i++]));
      }
      return Promise.reject(new TypeError("Connection reset"));
    },
    {
      sse,
      requestId: "r",
      log: createLogger({ level: "error", sink: () => {} }),
      cancel: () => Promise.resolve(),
      tap: new UsageTap({ sse, format: "openai" }),
      tapSent: true,
      onEnd: (_usage, failure) => error = failure?.error,
      errorEvent: () => ENCODER.encode(ERROR_EVENT),
    },
  );
  return { text: await new Response(body).text(), error };
}

const CASES: { name: string; chunks: string[]; ending: string }[] = [
  { name: "at an event boundary (LF)", chunks: ["data: 1\n\n"], ending: "" },
  {
    name: "at an event boundary (CRLF)",
    chunks: ["data: 1\r\n\r\n"],
    ending: "",
  },
  { name: "at an event boundary (CR)", chunks: ["data: 1\r\r"], ending: "" },
  {
    name: "at a boundary split across chunks",
    chunks: ["data: 1\r\n\r", "\n"],
    ending: "",
  },
  {
    name: "at a boundary whose last LF came alone",
    chunks: ["data: 1\n", "\n"],
    ending: "",
  },
  { name: "inside a line", chunks: ['data: {"cu'], ending: "\n\n" },
  { name: "after a line (LF)", chunks: ["data: 1\n"], ending: "\n" },
  { name: "after a line (CRLF)", chunks: ["data: 1\r\n"], ending: "\n" },
  { name: "after a lone CR", chunks: ["data: 1\r"], ending: "\n\n" },
];

for (const c of CASES) {
  Deno.test(`tapBody() ends a stream cut ${c.name} with its bytes, then the error event`, async () => {
    const { text, error } = await cutAfter(c.chunks);
    assert.equal(text, c.chunks.join("") + c.ending + ERROR_EVENT);
    assert.equal(error, "Upstream connection failed");
  });
}

Deno.test("tapBody() ends a body that is not an event stream right after its bytes", async () => {
  const { text } = await cutAfter(['{"choices":[{"te'], false);
  assert.equal(text, '{"choices":[{"te');
});
