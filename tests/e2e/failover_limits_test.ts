/**
 * Where failover stops (issue 16): a stream that started is never spliced with another member,
 * an answer that is not a failover status is the client's, members without `failover` are not
 * tried, the last try's outcome answers when every member failed, and when every member rests
 * the one whose rest ends first is tried anyway.
 */
import assert from "node:assert/strict";
import { APIError } from "openai";
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
import { openAiClient } from "../_helpers/sdk_clients.ts";

Deno.test("[e2e] failover: a stream cut after it started is not retried on another member", async () => {
  await using cut = startFaultUpstream();
  cut.fault = "cut_body";
  await withMocks(1, async ([b]) => {
    const gw = gateway(
      [downstream("a", cut.url, "openai"), downstream("b", b.url, "openai")],
      [member("smart-a", "a", { isActive: true }), member("smart-b", "b")],
    );
    try {
      const res = await fetch(`${gw.url}/v1/chat/completions`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({
          model: "smart",
          stream: true,
          messages: [{ role: "user", content: "hi" }],
        }),
      });
      assert.equal(res.status, 200);
      const text = await res.text();
      // The client got the first member's events, then the format's error event: no splice.
      assert.match(text, /"content":"/);
      assert.match(text, /"error"/);
      assert.equal(b.requests.length, 0);
      const [entry] = await loggedEntries(gw.requestLog);
      assert.equal(entry.level, "error");
      assert.deepStrictEqual(attemptsOf(entry), ["a 200 answered"]);
    } finally {
      await gw.close();
    }
  });
});

Deno.test("[e2e] failover: a 400 is the client's answer, not a reason to fail over", async () => {
  await withMocks(2, async ([a, b]) => {
    a.handler = errorReply(400, "bad field x");
    const gw = gateway(
      [downstream("a", a.url, "openai"), downstream("b", b.url, "openai")],
      [member("smart-a", "a", { isActive: true }), member("smart-b", "b")],
    );
    try {
      await assert.rejects(
        openAiClient(gw.url, "k").chat.completions.create({
          model: "smart",
          messages: [{ role: "user", content: "hi" }],
        }),
        (err) =>
          err instanceof APIError && err.status === 400 &&
          err.message.includes("bad field x"),
      );
      assert.equal(b.requests.length, 0);
      const [entry] = await loggedEntries(gw.requestLog);
      assert.deepStrictEqual(attemptsOf(entry), ["a 400 answered"]);
    } finally {
      await gw.close();
    }
  });
});

Deno.test("[e2e] failover: members without failover are never tried; no failover member means no attempts list", async () => {
  await withMocks(2, async ([a, b]) => {
    a.handler = errorReply(503, "down");
    const gw = gateway(
      [downstream("a", a.url, "openai"), downstream("b", b.url, "openai")],
      [
        member("smart-a", "a", { isActive: true }),
        member("smart-b", "b", { failover: false }),
      ],
    );
    try {
      await assert.rejects(
        openAiClient(gw.url, "k").chat.completions.create({
          model: "smart",
          messages: [{ role: "user", content: "hi" }],
        }),
        (err) => err instanceof APIError && err.status === 503,
      );
      assert.equal(b.requests.length, 0);
      const [entry] = await loggedEntries(gw.requestLog);
      assert.equal(entry.attempts, undefined);
    } finally {
      await gw.close();
    }
  });
});

Deno.test("[e2e] failover: when every member fails, the last try's outcome is the answer", async () => {
  await withMocks(1, async ([a]) => {
    a.handler = errorReply(503, "down");
    const gw = gateway(
      [
        downstream("a", a.url, "openai"),
        downstream("b", `http://127.0.0.1:${closedPort()}`, "anthropic"),
      ],
      [member("smart-a", "a", { isActive: true }), member("smart-b", "b")],
    );
    try {
      await assert.rejects(
        openAiClient(gw.url, "k").chat.completions.create({
          model: "smart",
          messages: [{ role: "user", content: "hi" }],
        }),
        (err) =>
          err instanceof APIError && err.status === 502 &&
          err.message.includes('Cannot reach downstream "b"'),
      );
      const [entry] = await loggedEntries(gw.requestLog);
      assert.equal(entry.status, 502);
      assert.equal(entry.downstream, "b");
      assert.deepStrictEqual(attemptsOf(entry), [
        "a 503 status",
        "b - unreachable",
      ]);
    } finally {
      await gw.close();
    }
  });
});

Deno.test("[e2e] failover: when every member rests, the one whose rest ends first is tried anyway", async () => {
  await withMocks(2, async ([a, b]) => {
    a.handler = errorReply(429, "slow down", { "retry-after": "30" });
    b.handler = errorReply(429, "slow down", { "retry-after": "10" });
    const gw = gateway(
      [downstream("a", a.url, "openai"), downstream("b", b.url, "openai")],
      [member("smart-a", "a", { isActive: true }), member("smart-b", "b")],
    );
    try {
      const client = openAiClient(gw.url, "k");
      const ask = () =>
        client.chat.completions.create({
          model: "smart",
          messages: [{ role: "user", content: "hi" }],
        });
      // Both limited: the client gets the last member's 429, its retry-after kept.
      await assert.rejects(
        ask(),
        (err) =>
          err instanceof APIError && err.status === 429 &&
          err.headers?.get("retry-after") === "10",
      );
      b.handler = () => ({
        kind: "json",
        status: 200,
        body: {
          id: "x",
          object: "chat.completion",
          created: 0,
          model: "b-model",
          choices: [{
            index: 0,
            message: { role: "assistant", content: "back" },
            finish_reason: "stop",
          }],
        },
      });
      const reply = await ask();
      assert.equal(reply.choices[0].message.content, "back");
      assert.deepStrictEqual([a.requests.length, b.requests.length], [1, 2]);
      const [second, first] = await loggedEntries(gw.requestLog, 2);
      assert.deepStrictEqual(attemptsOf(first), [
        "a 429 status",
        "b 429 status",
      ]);
      assert.deepStrictEqual(attemptsOf(second), [
        "a - cooling",
        "b 200 answered",
      ]);
    } finally {
      await gw.close();
    }
  });
});
