/**
 * Usage records end to end through the real daemon (the composition root in-process): the
 * official SDK clients call every route — passthrough in each format, both translation
 * directions, Responses to Chat Completions and to Anthropic — whole and streamed, against a
 * mock upstream that reports usage in its own format; each request's row holds the upstream's
 * exact counts, its key's name and the cost at a known price. An upstream that reports nothing
 * gets an estimated, unpriced row. Rows are read back through `/api/usage/export.csv`.
 */
import assert from "node:assert/strict";
import { startInProcessDaemon } from "../_helpers/daemon.ts";
import { startMockUpstream } from "../_helpers/mock_upstream.ts";
import { anthropicClient, openAiClient } from "../_helpers/sdk_clients.ts";
import { usageReply } from "../_helpers/usage_upstream.ts";
import { readUsageCsv, waitForLogged } from "../_helpers/usage_rows.ts";
import { USAGE_CSV_HEADER } from "../../store/mod.ts";

const KEY = "sk-e2e-app-key-0001";
const GPT = "gpt-4o-2024-08-06";
const CLAUDE = "claude-sonnet-4-20250514";
const RESP = "gpt-5.4";
const SILENT = "local-llama-silent";

function config(mockUrl: string): string {
  return `listen: 127.0.0.1:0
admin_password: ""
log_level: warn
proxy_api_keys:
  - {name: e2e-app, key: ${KEY}}
downstreams:
  - id: oai
    api_formats: [openai]
    base_url: ${mockUrl}/v1
    api_key: sk-up
    output_model_ids: [${GPT}, ${SILENT}]
  - id: ant
    api_formats: [anthropic]
    base_url: ${mockUrl}
    api_key: sk-up
    output_model_ids: [${CLAUDE}]
  - id: resp
    api_formats: [responses]
    base_url: ${mockUrl}/v1
    api_key: sk-up
    output_model_ids: [${RESP}]
    prices:
      ${RESP}: {input: 2, output: 8, cache_read: 0.2}
`;
}

/** One row's expected counts (CSV cells: absent counts are empty). */
interface Want {
  input: string;
  output: string;
  cacheRead: string;
  cacheWrite: string;
  reasoning: string;
  cost: string;
}

/** Chat Completions counts: 1,200 prompt less 200 cached; gpt-4o at 2.5/10/1.25 per M. */
const FROM_CHAT: Want = {
  input: "1000",
  output: "300",
  cacheRead: "200",
  cacheWrite: "",
  reasoning: "50",
  // (1000 × 2.5 + 300 × 10 + 200 × 1.25) / 1e6
  cost: "0.00575",
};

/** Anthropic counts; claude-sonnet-4 at 3/15, reads 0.3, writes 3.75 (5 m) and 6 (1 h). */
const FROM_ANTHROPIC: Want = {
  input: "100",
  output: "400",
  cacheRead: "2000",
  cacheWrite: "500",
  reasoning: "",
  // (100 × 3 + 400 × 15 + 2000 × 0.3 + 300 × 3.75 + 200 × 6) / 1e6
  cost: "0.009225",
};

/** Responses counts: 900 in less 100 cached; the downstream's own price 2/8/0.2 per M. */
const FROM_RESPONSES: Want = {
  input: "800",
  output: "250",
  cacheRead: "100",
  cacheWrite: "",
  reasoning: "30",
  // (800 × 2 + 250 × 8 + 100 × 0.2) / 1e6
  cost: "0.00362",
};

interface Route {
  name: string;
  path: string;
  clientFormat: string;
  downstream: string;
  model: string;
  want: Want;
  call(url: string, stream: boolean): Promise<string>;
}

const ROUTES: Route[] = [
  {
    name: "Chat Completions passthrough",
    path: "/v1/chat/completions",
    clientFormat: "openai",
    downstream: "oai",
    model: GPT,
    want: FROM_CHAT,
    call: (url, stream) => chat(url, GPT, stream),
  },
  {
    name: "Chat Completions to Anthropic",
    path: "/v1/chat/completions",
    clientFormat: "openai",
    downstream: "ant",
    model: CLAUDE,
    want: FROM_ANTHROPIC,
    call: (url, stream) => chat(url, CLAUDE, stream),
  },
  {
    name: "Anthropic passthrough",
    path: "/v1/messages",
    clientFormat: "anthropic",
    downstream: "ant",
    model: CLAUDE,
    want: FROM_ANTHROPIC,
    call: (url, stream) => messages(url, CLAUDE, stream),
  },
  {
    name: "Anthropic to Chat Completions",
    path: "/v1/messages",
    clientFormat: "anthropic",
    downstream: "oai",
    model: GPT,
    want: FROM_CHAT,
    call: (url, stream) => messages(url, GPT, stream),
  },
  {
    name: "Responses to Chat Completions",
    path: "/v1/responses",
    clientFormat: "responses",
    downstream: "oai",
    model: GPT,
    want: FROM_CHAT,
    call: (url, stream) => responses(url, GPT, stream),
  },
  {
    name: "Responses to Anthropic",
    path: "/v1/responses",
    clientFormat: "responses",
    downstream: "ant",
    model: CLAUDE,
    want: FROM_ANTHROPIC,
    call: (url, stream) => responses(url, CLAUDE, stream),
  },
  {
    name: "Responses passthrough",
    path: "/v1/responses",
    clientFormat: "responses",
    downstream: "resp",
    model: RESP,
    want: FROM_RESPONSES,
    call: (url, stream) => responses(url, RESP, stream),
  },
];

async function chat(url: string, model: string, stream: boolean) {
  const client = openAiClient(url, KEY);
  const messages = [{ role: "user" as const, content: "Tell me a pangram" }];
  if (!stream) {
    const res = await client.chat.completions.create({ model, messages });
    return res.choices[0].message.content ?? "";
  }
  let text = "";
  const events = await client.chat.completions.create({
    model,
    messages,
    stream: true,
  });
  for await (const chunk of events) {
    text += chunk.choices[0]?.delta.content ?? "";
  }
  return text;
}

async function messages(url: string, model: string, stream: boolean) {
  const client = anthropicClient(url, KEY);
  const params = {
    model,
    max_tokens: 100,
    messages: [{ role: "user" as const, content: "Tell me a pangram" }],
  };
  if (!stream) {
    const res = await client.messages.create(params);
    return res.content.map((b) => b.type === "text" ? b.text : "").join("");
  }
  const res = await client.messages.stream(params).finalMessage();
  return res.content.map((b) => b.type === "text" ? b.text : "").join("");
}

async function responses(url: string, model: string, stream: boolean) {
  const client = openAiClient(url, KEY);
  const params = { model, input: "Tell me a pangram" };
  if (!stream) return (await client.responses.create(params)).output_text;
  return (await client.responses.stream(params).finalResponse()).output_text;
}

Deno.test("[e2e] usage rows hold each upstream's own counts, the key's name and the cost, on every route, whole and streamed", async () => {
  const mock = startMockUpstream();
  mock.handler = usageReply;
  const daemon = await startInProcessDaemon(config(mock.url));
  try {
    const calls: { route: Route; stream: boolean }[] = [];
    for (const route of ROUTES) {
      for (const stream of [false, true]) {
        const text = await route.call(daemon.url, stream);
        assert.equal(text, "The quick brown fox jumps over the lazy dog.");
        calls.push({ route, stream });
      }
    }
    const logged = await waitForLogged(daemon.url, calls.length);
    const { header, rows } = await readUsageCsv(daemon.url);
    assert.deepStrictEqual(header, [...USAGE_CSV_HEADER]);
    assert.equal(rows.length, calls.length);
    // Rows come oldest first, one per request, in the order they were made.
    rows.forEach((row, i) => {
      const { route, stream } = calls[i];
      const where = `${route.name}${stream ? " (stream)" : ""}`;
      assert.deepStrictEqual(
        {
          key_name: row.key_name,
          path: row.path,
          client_format: row.client_format,
          downstream_id: row.downstream_id,
          model: row.model,
          stream: row.stream,
          status: row.status,
          input_tokens: row.input_tokens,
          output_tokens: row.output_tokens,
          cache_read_tokens: row.cache_read_tokens,
          cache_write_tokens: row.cache_write_tokens,
          reasoning_tokens: row.reasoning_tokens,
          cost_usd: row.cost_usd,
          estimated: row.estimated,
        },
        {
          key_name: "e2e-app",
          path: route.path,
          client_format: route.clientFormat,
          downstream_id: route.downstream,
          model: route.model,
          stream: String(stream),
          status: "200",
          input_tokens: route.want.input,
          output_tokens: route.want.output,
          cache_read_tokens: route.want.cacheRead,
          cache_write_tokens: route.want.cacheWrite,
          reasoning_tokens: route.want.reasoning,
          cost_usd: route.want.cost,
          estimated: "false",
        },
        where,
      );
      assert.match(row.ttfb_ms, /^\d+$/, where);
      assert.match(row.duration_ms, /^\d+$/, where);
    });
    // The log entries carry the same usage, the 1-hour cache writes apart, and never the key.
    const anthropic = logged.find((e) =>
      e.downstream === "ant" && e.format_in === "anthropic" && e.streamed
    );
    assert.equal(anthropic?.cache_write_tokens, 500);
    assert.equal(anthropic?.cache_write_1h_tokens, 200);
    assert.equal(anthropic?.cost_usd, 0.009225);
    assert.ok(!JSON.stringify(logged).includes(KEY));
  } finally {
    daemon.stop();
    await daemon.exitCode;
    await mock.close();
    await Deno.remove(daemon.dir, { recursive: true });
  }
});

Deno.test("[e2e] an upstream that reports no usage gets an estimated, unpriced row, whole and streamed", async () => {
  const mock = startMockUpstream();
  mock.handler = usageReply;
  const daemon = await startInProcessDaemon(config(mock.url));
  try {
    for (const stream of [false, true]) {
      assert.equal(
        await chat(daemon.url, SILENT, stream),
        "The quick brown fox jumps over the lazy dog.",
      );
    }
    await waitForLogged(daemon.url, 2);
    const { rows } = await readUsageCsv(daemon.url);
    assert.equal(rows.length, 2);
    for (const row of rows) {
      assert.equal(row.estimated, "true");
      // "Tell me a pangram" (17 characters) and the 44-character answer, about 4 a token.
      assert.equal(row.input_tokens, "4");
      assert.equal(row.output_tokens, "11");
      assert.equal(row.cost_usd, "", "no price is known: unpriced, not 0");
    }
    const res = await fetch(`${daemon.url}/api/usage?group_by=model`);
    const report = await res.json();
    assert.equal(report.totals.requests, 2);
    assert.equal(report.totals.unpriced_requests, 2);
    assert.equal(report.totals.cost_usd, null);
  } finally {
    daemon.stop();
    await daemon.exitCode;
    await mock.close();
    await Deno.remove(daemon.dir, { recursive: true });
  }
});
