/**
 * [e2e] What Codex CLI sends beyond plain function tools, through the running gateway with the
 * official OpenAI SDK: custom (freeform) tools and namespaces against an Anthropic mock and a
 * chat-only mock, `responses.compact` (answered by the downstream model, or passed through to a
 * `responses` downstream), and the WebSocket upgrade Codex tries first (426, so it falls back
 * to HTTP at once).
 */
import assert from "node:assert/strict";
import type OpenAI from "openai";
import {
  jsonReply,
  setupResponses,
  streamReply,
  TARGETS,
  upstreamCalls,
  upstreamResults,
} from "../_helpers/responses_rig.ts";

const PATCH =
  "*** Begin Patch\n*** Add File: hello.txt\n+hello\n*** End Patch\n";

const TOOLS: OpenAI.Responses.Tool[] = [
  {
    type: "custom",
    name: "apply_patch",
    description: "Edits files. This is a FREEFORM tool.",
    format: {
      type: "grammar",
      syntax: "lark",
      definition: 'start: "*** Begin Patch" LF hunk+ "*** End Patch" LF?',
    },
  },
  {
    type: "namespace",
    name: "git",
    description: "Git helpers.",
    tools: [{
      type: "function",
      name: "status",
      parameters: { type: "object", properties: {} },
    }],
  },
  { type: "web_search" },
];

for (const target of TARGETS) {
  Deno.test(`[e2e] a custom tool against a ${target} downstream: one string argument up, custom_tool_call with the raw input back, its output on the next turn`, async () => {
    await using s = setupResponses(target);
    const json = JSON.stringify({ input: PATCH });
    s.mock.handler = () =>
      streamReply(target, [
        { text: ["Adding it."] },
        {
          tool: "apply_patch",
          id: "toolu_p",
          json: [json.slice(0, 20), json.slice(20, 41), json.slice(41)],
        },
      ], "tools");
    const deltas: string[] = [];
    const stream = s.client.responses.stream({
      model: "model-x",
      input: "Create hello.txt",
      tools: TOOLS,
      store: false,
    });
    stream.on("response.custom_tool_call_input.delta", (e) => {
      deltas.push(e.delta);
    });
    const first = await stream.finalResponse();
    const call = first.output.find((o) => o.type === "custom_tool_call");
    assert.ok(call?.type === "custom_tool_call");
    assert.equal(call.name, "apply_patch");
    assert.equal(call.input, PATCH);
    assert.equal(call.call_id, "toolu_p");
    assert.equal(deltas.join(""), PATCH);

    const sent = s.mock.requests[0].body ?? {};
    const names = (sent.tools as Record<string, unknown>[]).map((t) =>
      target === "anthropic" ? t.name : (t.function as { name: string }).name
    );
    assert.deepStrictEqual(names, ["apply_patch", "status"]);

    s.mock.handler = () => jsonReply(target, "Done.", "stop");
    const second = await s.client.responses.create({
      model: "model-x",
      store: false,
      tools: TOOLS,
      input: [
        { role: "user", content: "Create hello.txt" },
        call,
        {
          type: "custom_tool_call_output",
          call_id: call.call_id,
          output: [{ type: "input_text", text: "Success. A hello.txt" }],
        },
        {
          type: "function_call",
          call_id: "call_g",
          namespace: "git",
          name: "status",
          arguments: "{}",
        },
        { type: "function_call_output", call_id: "call_g", output: "clean" },
      ],
    });
    assert.equal(second.output_text, "Done.");
    const next = s.mock.requests[1];
    assert.deepStrictEqual(upstreamCalls(target, next), [
      ["toolu_p", "apply_patch", { input: PATCH }],
      ["call_g", "status", {}],
    ]);
    const results = upstreamResults(target, next);
    assert.deepStrictEqual(results[1], ["call_g", "clean"]);
    assert.ok(JSON.stringify(results[0]).includes("Success. A hello.txt"));
  });

  Deno.test(`[e2e] responses.compact against a ${target} downstream: the downstream model summarises, one compaction item comes back and is read on the next turn`, async () => {
    await using s = setupResponses(target);
    s.mock.handler = () =>
      jsonReply(target, "User wants hello.txt; created.", "stop");
    const compacted = await s.client.responses.compact({
      model: "model-x",
      input: [
        { role: "user", content: "Create hello.txt" },
        { role: "assistant", content: "Created." },
      ],
    });
    assert.equal(compacted.object, "response.compaction");
    const kinds = compacted.output.map((o) => o.type);
    assert.deepStrictEqual(kinds, ["message", "compaction"]);
    assert.equal(compacted.usage.output_tokens, 9);
    const summaryRequest = s.mock.requests[0].body ?? {};
    assert.notEqual(summaryRequest.stream, true);

    s.mock.handler = () => jsonReply(target, "Next.", "stop");
    await s.client.responses.create({
      model: "model-x",
      input: [
        ...compacted.output.flatMap((o): OpenAI.Responses.ResponseInputItem[] =>
          o.type === "compaction"
            ? [{ type: "compaction", encrypted_content: o.encrypted_content }]
            : []
        ),
        { role: "user", content: "Go on" },
      ],
    });
    assert.ok(
      JSON.stringify(s.mock.requests[1].body?.messages).includes(
        "User wants hello.txt; created.",
      ),
    );
  });
}

Deno.test("[e2e] responses.compact to a responses downstream passes through untouched", async () => {
  await using s = setupResponses("responses");
  const upstream = {
    id: "resp_up",
    object: "response.compaction",
    created_at: 1,
    output: [{ type: "compaction", id: "cmp_up", encrypted_content: "gAAAA" }],
    usage: {
      input_tokens: 5,
      output_tokens: 2,
      total_tokens: 7,
      input_tokens_details: { cached_tokens: 0 },
      output_tokens_details: { reasoning_tokens: 0 },
    },
  };
  s.mock.handler = () => ({ kind: "json", body: upstream });
  const body = { model: "model-x", input: "hi", prompt_cache_key: "k" };
  const res = await s.client.responses.compact(body);
  assert.deepStrictEqual(res, upstream);
  const sent = s.mock.requests[0];
  assert.equal(sent.path, "/v1/responses/compact");
  assert.deepStrictEqual(sent.body, body);
});

/** Sends a raw HTTP/1.1 request and returns the status line, headers and body. */
async function rawRequest(
  url: string,
  lines: string[],
): Promise<{ status: number; headers: Headers; body: string }> {
  const { hostname, port } = new URL(url);
  const conn = await Deno.connect({ hostname, port: Number(port) });
  await conn.write(new TextEncoder().encode(`${lines.join("\r\n")}\r\n\r\n`));
  // Reading the whole answer and cancelling the stream closes the connection.
  const reader = conn.readable.getReader();
  const decoder = new TextDecoder();
  let text = "";
  for (;;) {
    const { value, done } = await reader.read();
    if (done) break;
    text += decoder.decode(value, { stream: true });
    const end = text.indexOf("\r\n\r\n");
    const length = /content-length: (\d+)/i.exec(text);
    if (end >= 0 && length && text.length >= end + 4 + Number(length[1])) break;
  }
  await reader.cancel();
  const [head, body] = text.split("\r\n\r\n");
  const [statusLine, ...headerLines] = head.split("\r\n");
  const headers = new Headers(
    headerLines.map((l) => l.split(/:\s*/, 2) as [string, string]),
  );
  return { status: Number(statusLine.split(" ")[1]), headers, body };
}

Deno.test("[e2e] a WebSocket upgrade on /v1/responses (as Codex tries first) is answered 426 in OpenAI's shape, never forwarded", async () => {
  await using s = setupResponses("responses");
  const { host } = new URL(s.url);
  const res = await rawRequest(s.url, [
    "GET /v1/responses HTTP/1.1",
    `Host: ${host}`,
    "Connection: Upgrade",
    "Upgrade: websocket",
    "Sec-WebSocket-Version: 13",
    "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==",
    "OpenAI-Beta: responses_websockets=2026-02-06",
    "Authorization: Bearer sk-any",
  ]);
  assert.equal(res.status, 426);
  assert.deepStrictEqual(
    JSON.parse(res.body).error.code,
    "websocket_not_supported",
  );
  assert.equal(s.mock.requests.length, 0);
});

Deno.test("[e2e] a conversation switched to a responses downstream loses the items Tresor made for other providers; OpenAI's own pass byte-identical", async () => {
  await using s = setupResponses("responses");
  s.mock.handler = () => ({
    kind: "json",
    body: {
      id: "resp_up",
      object: "response",
      status: "completed",
      output: [],
    },
  });
  const openaiReasoning = {
    type: "reasoning",
    id: "rs_openai",
    summary: [],
    encrypted_content: "gAAAAB-openai-blob",
  };
  // Spacing no serialiser would produce: it must reach the upstream as sent.
  const untouched = `{"model":"model-x",  "input":[${
    JSON.stringify(openaiReasoning)
  },{"role":"user","content":"hi"}]}`;
  const first = await fetch(`${s.url}/v1/responses`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: untouched,
  });
  await first.body?.cancel();
  assert.equal(s.mock.requests[0].text, untouched);

  await s.client.responses.create({
    model: "model-x",
    input: [
      { role: "user", content: "hi" },
      {
        type: "reasoning",
        id: "rs_1",
        summary: [{ type: "summary_text", text: "claude thought" }],
        encrypted_content: "tresor.anthropic.thinking:sig",
      },
      {
        type: "compaction",
        encrypted_content: "tresor.compaction:Earlier: X.",
      },
      {
        type: "reasoning",
        id: "rs_openai",
        summary: [],
        encrypted_content: "gAAAAB-openai-blob",
      },
      { role: "user", content: "go on" },
    ],
  });
  assert.deepStrictEqual(s.mock.requests[1].body?.input, [
    { role: "user", content: "hi" },
    {
      type: "message",
      role: "user",
      content: "Summary of the conversation so far:\n\nEarlier: X.",
    },
    openaiReasoning,
    { role: "user", content: "go on" },
  ]);
});
