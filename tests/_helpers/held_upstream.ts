/**
 * An OpenAI-style streaming upstream that sends one chunk, then holds the stream open until the
 * test releases it: a stream "in flight" for shutdown and signal tests.
 */
import { encodeSseEvent } from "../../plugins/mod.ts";

/** A running held upstream. */
export interface HeldUpstream {
  /** Base URL with `/v1` (an openai downstream's convention). */
  readonly url: string;
  /** Lets every held stream send its second chunk and `[DONE]`. */
  release(): void;
  close(): Promise<void>;
}

function chunk(content: string): string {
  return encodeSseEvent({
    data: JSON.stringify({
      id: "chatcmpl-1",
      object: "chat.completion.chunk",
      created: 1,
      model: "gpt-held",
      choices: [{ index: 0, delta: { content }, finish_reason: null }],
    }),
  });
}

/** Starts the upstream on 127.0.0.1 (random port); the model is `gpt-held`. */
export function startHeldUpstream(): HeldUpstream {
  const { promise: released, resolve: release } = Promise.withResolvers<
    void
  >();
  const encoder = new TextEncoder();
  const server = Deno.serve(
    { hostname: "127.0.0.1", port: 0, onListen: () => {} },
    async (req) => {
      await req.body?.cancel();
      const body = new ReadableStream<Uint8Array>({
        async start(controller) {
          controller.enqueue(encoder.encode(chunk("first ")));
          await released;
          controller.enqueue(encoder.encode(chunk("second")));
          controller.enqueue(
            encoder.encode(encodeSseEvent({ data: "[DONE]" })),
          );
          controller.close();
        },
      });
      return new Response(body, {
        headers: { "content-type": "text/event-stream" },
      });
    },
  );
  return {
    url: `http://127.0.0.1:${server.addr.port}/v1`,
    release: () => release(),
    close: async () => {
      release();
      await server.shutdown();
    },
  };
}

/** A config whose one downstream is `upstream` (plus `extra` YAML lines). */
export function heldConfig(upstream: HeldUpstream, extra = ""): string {
  return [
    "listen: 127.0.0.1:0",
    "log_level: error",
    extra,
    "downstreams:",
    "  - id: held",
    "    name: Held",
    "    api_formats: [openai]",
    `    base_url: ${upstream.url}`,
    "    api_key: sk-upstream",
    "    output_model_ids: [gpt-held]",
    "",
  ].filter((line) => line !== "").join("\n") + "\n";
}

/** Opens a streaming chat request and returns its reader once the first chunk arrived. */
export async function openHeldStream(
  baseUrl: string,
): Promise<{ reader: ReadableStreamDefaultReader<string>; text: string }> {
  const res = await fetch(`${baseUrl}/v1/chat/completions`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({
      model: "gpt-held",
      stream: true,
      messages: [{ role: "user", content: "hi" }],
    }),
  });
  if (res.status !== 200) {
    throw new Error(
      `stream request answered ${res.status}: ${await res.text()}`,
    );
  }
  const reader = res.body!.pipeThrough(new TextDecoderStream()).getReader();
  let text = "";
  while (!text.includes("first ")) {
    const { value, done } = await reader.read();
    if (done) throw new Error(`stream ended before its first chunk: ${text}`);
    text += value;
  }
  return { reader, text };
}

/** Reads the rest of a stream; resolves with everything read, or rejects when it is cut. */
export async function readRest(
  reader: ReadableStreamDefaultReader<string>,
  text: string,
): Promise<string> {
  for (let r = await reader.read(); !r.done; r = await reader.read()) {
    text += r.value;
  }
  return text;
}
