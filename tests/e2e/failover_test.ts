/**
 * Failover across an alias group (issue 16), end to end: the official SDKs against the gateway,
 * whose alias `smart` has an active member and failover members on mock upstreams that fail in
 * each way that fails over (503, 429 with retry-after, 529, refused connection, reset, silence)
 * and each way that must not (400, a stream cut after it started, members without failover).
 */
import assert from "node:assert/strict";
import { loggedEntries } from "../_helpers/gateway_server.ts";
import { startFaultUpstream } from "../_helpers/fault_upstream.ts";
import {
  attemptsOf,
  closedPort,
  downstream,
  errorReply,
  gateway,
  member,
  withMocks,
} from "../_helpers/failover_rig.ts";
import { anthropicClient, openAiClient } from "../_helpers/sdk_clients.ts";

Deno.test("[e2e] failover: a 503 from the active member goes to the next failover member (passthrough)", async () => {
  await withMocks(3, async ([a, b, c]) => {
    a.handler = errorReply(503, "overloaded a");
    const gw = gateway(
      [
        downstream("a", a.url, "openai"),
        downstream("b", b.url, "openai"),
        downstream("c", c.url, "openai"),
      ],
      [
        member("smart-a", "a", { isActive: true }),
        member("smart-b", "b"),
        member("smart-c", "c"),
      ],
    );
    try {
      const reply = await openAiClient(gw.url, "k").chat.completions.create({
        model: "smart",
        messages: [{ role: "user", content: "hi" }],
      });
      assert.equal(reply.choices[0].message.content, "Hello");
      assert.equal(reply.model, "b-model");
      assert.deepStrictEqual(
        [a.requests.length, b.requests.length, c.requests.length],
        [1, 1, 0],
      );
      // The second member got the client's own request under its model name.
      assert.deepStrictEqual(b.requests[0].body?.messages, [{
        role: "user",
        content: "hi",
      }]);
      assert.equal(b.requests[0].headers.get("authorization"), "Bearer key-b");
      const [entry] = await loggedEntries(gw.requestLog);
      assert.equal(entry.status, 200);
      assert.equal(entry.downstream, "b");
      assert.equal(entry.alias, "smart-b");
      assert.equal(entry.model_forwarded, "b-model");
      assert.deepStrictEqual(attemptsOf(entry), [
        "a 503 status",
        "b 200 answered",
      ]);
      assert.ok(
        gw.logLines.some((l) =>
          l.includes("Failing over to the next member") && l.includes('"a"')
        ),
      );
    } finally {
      await gw.close();
    }
  });
});

Deno.test("[e2e] failover: a 429 with retry-after rests the member; later requests pass it over", async () => {
  await withMocks(2, async ([a, b]) => {
    a.handler = errorReply(429, "slow down", { "retry-after": "30" });
    const gw = gateway(
      [downstream("a", a.url, "openai"), downstream("b", b.url, "openai")],
      [member("smart-a", "a", { isActive: true }), member("smart-b", "b")],
    );
    try {
      const client = openAiClient(gw.url, "k");
      for (let i = 0; i < 3; i++) {
        const reply = await client.chat.completions.create({
          model: "smart",
          messages: [{ role: "user", content: `turn ${i}` }],
        });
        assert.equal(reply.model, "b-model");
      }
      // Only the first request reached the resting member.
      assert.deepStrictEqual([a.requests.length, b.requests.length], [1, 3]);
      const entries = (await loggedEntries(gw.requestLog, 3)).reverse();
      assert.deepStrictEqual(entries.map(attemptsOf), [
        ["a 429 status", "b 200 answered"],
        ["a - cooling", "b 200 answered"],
        ["a - cooling", "b 200 answered"],
      ]);
    } finally {
      await gw.close();
    }
  });
});

Deno.test("[e2e] failover: a refused connection goes to an Anthropic member, translated from the client's request", async () => {
  await withMocks(1, async ([b]) => {
    const gw = gateway(
      [
        downstream("a", `http://127.0.0.1:${closedPort()}`, "openai"),
        downstream("b", b.url, "anthropic"),
      ],
      [member("smart-a", "a", { isActive: true }), member("smart-b", "b")],
    );
    try {
      const reply = await openAiClient(gw.url, "k").chat.completions.create({
        model: "smart",
        max_tokens: 50,
        messages: [
          { role: "system", content: "be brief" },
          { role: "user", content: "hi" },
        ],
      });
      assert.equal(reply.object, "chat.completion");
      assert.equal(reply.choices[0].message.content, "Hello");
      const sent = b.requests[0];
      assert.equal(sent.path, "/v1/messages");
      assert.equal(sent.headers.get("x-api-key"), "key-b");
      assert.equal(sent.body?.system, "be brief");
      assert.equal(sent.body?.model, "b-model");
      assert.deepStrictEqual(sent.body?.messages, [{
        role: "user",
        content: "hi",
      }]);
      const [entry] = await loggedEntries(gw.requestLog);
      assert.deepStrictEqual(attemptsOf(entry), [
        "a - unreachable",
        "b 200 answered",
      ]);
      assert.equal(entry.format_out, "anthropic");
    } finally {
      await gw.close();
    }
  });
});

Deno.test("[e2e] failover: an Anthropic client's 529 goes to an OpenAI member and back, streamed", async () => {
  await withMocks(2, async ([a, b]) => {
    a.handler = () => ({
      kind: "json",
      status: 529,
      body: {
        type: "error",
        error: { type: "overloaded_error", message: "Overloaded" },
      },
    });
    const gw = gateway(
      [downstream("a", a.url, "anthropic"), downstream("b", b.url, "openai")],
      [member("smart-a", "a", { isActive: true }), member("smart-b", "b")],
    );
    try {
      const client = anthropicClient(gw.url, "k");
      const stream = client.messages.stream({
        model: "smart",
        max_tokens: 64,
        messages: [{ role: "user", content: "hi" }],
      });
      const text = await stream.finalText();
      assert.equal(text, "Hello");
      assert.equal(a.requests[0].path, "/v1/messages");
      assert.equal(b.requests[0].path, "/v1/chat/completions");
      assert.equal(b.requests[0].body?.stream, true);
      const [entry] = await loggedEntries(gw.requestLog);
      assert.equal(entry.streamed, true);
      assert.deepStrictEqual(attemptsOf(entry), [
        "a 529 status",
        "b 200 answered",
      ]);
    } finally {
      await gw.close();
    }
  });
});

Deno.test("[e2e] failover: a reset or a silent member fails over; each member is tried once", async () => {
  await using resetting = startFaultUpstream();
  await using silent = startFaultUpstream();
  resetting.fault = "reset";
  silent.fault = "hang_before_headers";
  await withMocks(1, async ([c]) => {
    const gw = gateway(
      [
        downstream("reset", resetting.url, "openai"),
        downstream("silent", silent.url, "anthropic"),
        downstream("c", c.url, "openai"),
      ],
      [
        member("smart-reset", "reset", { isActive: true }),
        member("smart-silent", "silent"),
        member("smart-c", "c"),
      ],
      { upstreamConnectTimeoutMs: 300 },
    );
    try {
      const reply = await openAiClient(gw.url, "k").chat.completions.create({
        model: "smart",
        messages: [{ role: "user", content: "hi" }],
      });
      assert.equal(reply.choices[0].message.content, "Hello");
      assert.equal(c.requests.length, 1);
      assert.equal(silent.requests.length, 1);
      const [entry] = await loggedEntries(gw.requestLog);
      assert.deepStrictEqual(attemptsOf(entry), [
        "reset - unreachable",
        "silent - timeout",
        "c 200 answered",
      ]);
    } finally {
      await gw.close();
    }
  });
});
