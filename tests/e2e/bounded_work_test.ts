/**
 * No single request makes another wait (issue 12): a hostile `count_tokens` for a model on an
 * OpenAI-format downstream — text the local tokenizer needs minutes for — is answered with a
 * bounded estimate, and while it is being counted `/api/health` and other gateway requests keep
 * being answered (the daemon runs in this process, so a blocked event loop would hold the test's
 * own requests too). Asserted by completion order, not by timings.
 */
import assert from "node:assert/strict";
import { startInProcessDaemon } from "../_helpers/daemon.ts";
import { startMockUpstream } from "../_helpers/mock_upstream.ts";

/** A million characters without a break, then Han characters (the tokenizer's slowest text). */
const HOSTILE_TEXT = "A".repeat(1_000_000) +
  Array.from(
    { length: 300_000 },
    (_, i) => String.fromCharCode(0x4e00 + (i * 7919) % 20000),
  ).join("");

function countTokens(url: string, content: string): Promise<Response> {
  return fetch(`${url}/v1/messages/count_tokens`, {
    method: "POST",
    headers: {
      "content-type": "application/json",
      "anthropic-version": "2023-06-01",
    },
    body: JSON.stringify({
      model: "gpt-mock",
      messages: [{ role: "user", content }],
    }),
  });
}

Deno.test("[e2e] a hostile count_tokens is estimated in bounded slices while health checks and other requests are answered", async () => {
  const mock = startMockUpstream();
  const daemon = await startInProcessDaemon([
    "listen: 127.0.0.1:0",
    "log_level: warn",
    "downstreams:",
    "  - id: oai",
    "    name: OpenAI mock",
    "    api_formats: [openai]",
    `    base_url: ${mock.url}/v1`,
    "    api_key: sk-mock",
    "    output_model_ids: [gpt-mock]",
    "",
  ].join("\n"));
  try {
    // The first call loads the tokenizer's table; the hostile one should only count.
    const warm = await countTokens(daemon.url, "Hello there");
    assert.equal(warm.status, 200);
    assert.equal(warm.headers.get("x-tresor-token-count"), "tokenizer");
    assert.ok((await warm.json()).input_tokens > 0);

    const order: string[] = [];
    let hostileDone = false;
    const hostile = countTokens(daemon.url, HOSTILE_TEXT).then(async (res) => {
      hostileDone = true;
      order.push("hostile");
      return { res, body: await res.json() };
    });
    // Others keep asking while the hostile request is counted; each must be answered.
    let answeredMeanwhile = 0;
    while (!hostileDone) {
      const [health, chat] = await Promise.all([
        fetch(`${daemon.url}/api/health`),
        fetch(`${daemon.url}/v1/chat/completions`, {
          method: "POST",
          headers: { "content-type": "application/json" },
          body: JSON.stringify({
            model: "gpt-mock",
            messages: [{ role: "user", content: "hi" }],
          }),
        }),
      ]);
      assert.equal(health.status, 200);
      assert.deepStrictEqual(await health.json(), { status: "ok" });
      assert.equal(chat.status, 200);
      assert.equal(
        (await chat.json()).choices[0].message.content,
        "Hello",
      );
      if (!hostileDone) {
        answeredMeanwhile++;
        order.push("other");
      }
    }
    const { res, body } = await hostile;
    assert.equal(res.status, 200);
    assert.equal(res.headers.get("x-tresor-token-count"), "estimate");
    // 1,000,000 "A"s are 125,000 tokens; each Han character is at least one more.
    assert.ok(body.input_tokens > 400_000, String(body.input_tokens));
    assert.ok(
      answeredMeanwhile >= 3,
      `only ${answeredMeanwhile} requests were answered while counting: ${
        order.join(" ")
      }`,
    );
    assert.equal(order.at(-1), "hostile");
  } finally {
    daemon.stop();
    assert.equal(await daemon.exitCode, 0);
    await Deno.remove(daemon.dir, { recursive: true });
    await mock.close();
  }
});
