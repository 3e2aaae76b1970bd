/**
 * [e2e] What the gateway enforces on every request, passthrough included: the downstream's
 * max_output_tokens cap in each format, thinking Anthropic did not sign never reaching it, the
 * billing line where asked, and anthropic-beta filtered per downstream.
 */
import assert from "node:assert/strict";
import { startMockUpstream } from "../_helpers/mock_upstream.ts";
import { makeSnapshot, startGateway } from "../_helpers/gateway_server.ts";
import { anthropicClient, openAiClient } from "../_helpers/sdk_clients.ts";

Deno.test("[e2e] passthrough requests are capped, and Anthropic bodies lose unsigned thinking and filtered beta flags", async () => {
  const mock = startMockUpstream();
  const gw = startGateway(makeSnapshot({
    downstreams: [
      {
        id: "oai",
        name: "OpenAI",
        apiFormats: ["openai", "responses"],
        baseUrl: `${mock.url}/v1`,
        apiKey: "",
        outputModelIds: ["gpt-mock"],
        maxOutputTokens: 1000,
      },
      {
        id: "ant",
        name: "Anthropic-compatible",
        apiFormats: ["anthropic"],
        baseUrl: mock.url,
        apiKey: "",
        outputModelIds: ["claude-mock"],
        maxOutputTokens: 2000,
        stripBillingHeader: true,
        anthropicBeta: ["context-management-2025-06-27"],
      },
    ],
  }));
  try {
    const openai = openAiClient(gw.url, "sk-any");
    await openai.chat.completions.create({
      model: "gpt-mock",
      max_completion_tokens: 50000,
      messages: [{ role: "user", content: "hi" }],
    });
    await openai.responses.create({
      model: "gpt-mock",
      max_output_tokens: 128000,
      input: "hi",
    }).catch((err: unknown) => {
      // The canned mock answers Chat Completions JSON; only the forwarded body matters here.
      if (!(err instanceof Error)) throw err;
    });
    const anthropic = anthropicClient(gw.url, "sk-any");
    await anthropic.messages.create({
      model: "claude-mock",
      max_tokens: 16000,
      system: [
        {
          type: "text",
          text: "x-anthropic-billing-header: cc_version=2.1.332;",
        },
        { type: "text", text: "Be brief." },
      ],
      messages: [
        { role: "user", content: "hi" },
        {
          role: "assistant",
          content: [
            { type: "thinking", thinking: "from a chat model", signature: "" },
            { type: "text", text: "hello" },
          ],
        },
        { role: "user", content: "again" },
      ],
    }, {
      headers: {
        "anthropic-beta": "claude-code-20250219,context-management-2025-06-27",
      },
    });

    const [chat, responses, messages] = mock.requests;
    assert.equal(chat.body?.max_completion_tokens, 1000);
    assert.equal(responses.body?.max_output_tokens, 1000);
    assert.equal(messages.body?.max_tokens, 2000);
    assert.deepStrictEqual(messages.body?.system, [{
      type: "text",
      text: "Be brief.",
    }]);
    assert.deepStrictEqual(
      (messages.body?.messages as { content: unknown }[])[1].content,
      [{ type: "text", text: "hello" }],
    );
    assert.equal(
      messages.headers.get("anthropic-beta"),
      "context-management-2025-06-27",
    );
  } finally {
    await gw.close();
    await mock.close();
  }
});
