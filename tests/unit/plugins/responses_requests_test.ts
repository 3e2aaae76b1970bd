/**
 * Request-level tests of both Responses converters, through their plugin transforms: the
 * compaction endpoint and trigger, hosted tools per downstream, reasoning round trips to
 * Anthropic (byte-identical, never invented), prompt caching, and the hygiene toward chat
 * downstreams (`reasoning_effort` only where it is taken, `user` length).
 */
import assert from "node:assert/strict";
import type * as anthropic from "../../../plugins/protocol/anthropic/types.ts";
import type * as openai from "../../../plugins/protocol/openai/types.ts";
import type * as responses from "../../../plugins/protocol/responses/types.ts";
import { PluginError } from "../../../plugins/errors.ts";
import { responses2anthropic } from "../../../plugins/responses2anthropic/mod.ts";
import { responses2chat } from "../../../plugins/responses2chat/mod.ts";
import {
  COMPACTION_PREFIX,
  COMPACTION_PROMPT,
} from "../../../plugins/protocol/responses/compaction.ts";
import type {
  AnyPlugin,
  DownstreamInfo,
  JsonObject,
  PluginRequest,
  ResponseStore,
  StoredResponse,
} from "../../../plugins/types.ts";
import { createRun, forwarded } from "../../_helpers/converter_run.ts";

/** A run of `plugin` whose downstream has `extra` settings. */
function runWith(
  plugin: AnyPlugin,
  extra: Partial<DownstreamInfo> = {},
  opts: { stream?: boolean; responses?: ResponseStore } = {},
) {
  const run = createRun(plugin, { ...opts, downstream: extra });
  return {
    log: run.log,
    async request(
      path: string,
      body: JsonObject,
      headers: HeadersInit = {},
    ): Promise<PluginRequest> {
      return forwarded(await run.request(path, body, "", headers));
    },
    async response(body: unknown): Promise<unknown> {
      return (await run.response(200, body)).body;
    },
  };
}

const ANTHROPIC_SUMMARY = {
  id: "msg",
  type: "message",
  role: "assistant",
  model: "m",
  content: [{ type: "text", text: "Goal A; next B." }],
  stop_reason: "end_turn",
  stop_sequence: null,
  usage: { input_tokens: 10, output_tokens: 4 },
};

const CHAT_SUMMARY = {
  id: "c",
  object: "chat.completion",
  created: 1,
  model: "m",
  choices: [{
    index: 0,
    message: { role: "assistant", content: "Goal A; next B." },
    finish_reason: "stop",
  }],
  usage: { prompt_tokens: 10, completion_tokens: 4, total_tokens: 14 },
};

const CONVERSATION: JsonObject = {
  model: "m",
  stream: true,
  tools: [{ type: "function", name: "f" }],
  input: [
    { role: "user", content: "do A" },
    { type: "function_call", call_id: "c1", name: "f", arguments: "{}" },
    { type: "function_call_output", call_id: "c1", output: "ok" },
  ],
};

function lastText(body: JsonObject): string {
  const messages = body.messages as (openai.ChatMessage | anthropic.Message)[];
  const last = messages.at(-1);
  const content = last?.content;
  if (typeof content === "string") return content;
  const parts = (content ?? []) as { type: string; text?: string }[];
  return parts.filter((p) => p.type === "text").map((p) => p.text).join("|");
}

for (
  const [plugin, upstream] of [
    [responses2anthropic, ANTHROPIC_SUMMARY],
    [responses2chat, CHAT_SUMMARY],
  ] as const
) {
  Deno.test(`${plugin.id}: POST /responses/compact asks for a summary without streaming and answers one compaction item after the user messages`, async () => {
    const kept: StoredResponse[] = [];
    const run = createRun(plugin, {
      responses: {
        get: () => Promise.resolve(undefined),
        put: (r: StoredResponse) => void kept.push(r),
      },
    });
    const req = forwarded(
      await run.request("/responses/compact", CONVERSATION),
    );
    assert.notEqual(req.body.stream, true);
    assert.ok(lastText(req.body).endsWith(COMPACTION_PROMPT));
    assert.deepStrictEqual(
      req.body.tool_choice,
      plugin === responses2chat ? "none" : { type: "none" },
    );
    const res = await run.response(200, upstream);
    const body = res.body as responses.CompactedResponse;
    assert.equal(body.object, "response.compaction");
    assert.deepStrictEqual(body.output.map((o) => o.type), [
      "message",
      "compaction",
    ]);
    assert.deepStrictEqual(body.output[1], {
      type: "compaction",
      id: (body.output[1] as responses.CompactionItem).id,
      encrypted_content: `${COMPACTION_PREFIX}Goal A; next B.`,
    });
    assert.equal(body.usage.output_tokens, 4);
    assert.equal(kept.length, 0);
  });

  Deno.test(`${plugin.id}: a compaction item Tresor wrote comes back as the summary; a trigger that is not last is ignored`, async () => {
    const run = runWith(plugin);
    const req = await run.request("/responses", {
      model: "m",
      input: [
        { type: "compaction", encrypted_content: `${COMPACTION_PREFIX}S.` },
        { type: "compaction_trigger" },
        { role: "user", content: "go on" },
      ],
    });
    const text = JSON.stringify(req.body.messages);
    assert.ok(text.includes("Summary of the conversation so far:\\n\\nS."));
    assert.ok(!text.includes(COMPACTION_PROMPT));
  });

  Deno.test(`${plugin.id}: hosted tools are dropped by default and refused when the downstream says so`, async () => {
    const body = {
      model: "m",
      input: "x",
      tools: [{ type: "web_search" }, { type: "function", name: "f" }],
    };
    const dropped = await runWith(plugin).request("/responses", body);
    assert.equal((dropped.body.tools as unknown[]).length, 1);
    await assert.rejects(
      runWith(plugin, { hostedTools: "refuse" }).request("/responses", body),
      (err: unknown) =>
        err instanceof PluginError && err.param === "tools[0].type",
    );
  });

  Deno.test(`${plugin.id}: refuses other Responses paths`, async () => {
    await assert.rejects(
      runWith(plugin).request("/responses/input_tokens", { model: "m" }),
      PluginError,
    );
  });
}

Deno.test("responses2anthropic: a thinking block comes back to Anthropic byte-identical, also through a reasoning summary", async () => {
  const thinking = "Café ☕ — step 1,\n  step 2 ";
  for (const summary of [undefined, "auto"]) {
    const first = runWith(responses2anthropic);
    await first.request("/responses", {
      model: "m",
      input: "q",
      ...(summary && { reasoning: { effort: "low", summary } }),
    });
    const answer = await first.response({
      ...ANTHROPIC_SUMMARY,
      content: [
        { type: "thinking", thinking, signature: "SiG/+=" },
        { type: "tool_use", id: "toolu_1", name: "f", input: {} },
      ],
      stop_reason: "tool_use",
    }) as responses.Response;
    const next = await runWith(responses2anthropic).request("/responses", {
      model: "m",
      reasoning: { effort: "low" },
      input: [
        { role: "user", content: "q" },
        ...answer.output,
        { type: "function_call_output", call_id: "toolu_1", output: "r" },
      ],
    });
    const messages = next.body.messages as anthropic.Message[];
    assert.deepStrictEqual(messages[1].content, [
      { type: "thinking", thinking, signature: "SiG/+=" },
      { type: "tool_use", id: "toolu_1", name: "f", input: {} },
    ]);
    assert.deepStrictEqual(next.body.thinking, {
      type: "enabled",
      budget_tokens: 2048,
    });
  }
});

Deno.test("responses2anthropic: reasoning it cannot verify is never sent as thinking, and thinking goes off for that turn", async () => {
  const run = runWith(responses2anthropic);
  const req = await run.request("/responses", {
    model: "m",
    reasoning: { effort: "low" },
    input: [
      { role: "user", content: "q" },
      // From a chat downstream (plain text), from OpenAI (encrypted), and a forged empty signature.
      {
        type: "reasoning",
        summary: [],
        content: [{ type: "reasoning_text", text: "plain" }],
      },
      {
        type: "reasoning",
        summary: [{ type: "summary_text", text: "s" }],
        encrypted_content: "gAAAA",
      },
      {
        type: "reasoning",
        summary: [],
        encrypted_content: "tresor.anthropic.thinking:",
      },
      { type: "function_call", call_id: "c", name: "f", arguments: "{}" },
      { type: "function_call_output", call_id: "c", output: "r" },
    ],
  });
  const messages = req.body.messages as anthropic.Message[];
  assert.deepStrictEqual(messages[1].content, [
    { type: "tool_use", id: "c", name: "f", input: {} },
  ]);
  assert.equal(req.body.thinking, undefined);
  assert.deepStrictEqual(
    run.log.lines.filter((l) => l.level === "info").map((l) => l.message),
    [
      "Turned thinking off: the last assistant turn calls tools without a signed thinking block",
    ],
  );
});

interface CacheCase {
  name: string;
  system?: string;
  input: unknown[];
  want: { system: unknown; lastContent: unknown };
}

const CACHE: CacheCase[] = [
  {
    name: "string system and a text turn",
    system: "sys",
    input: [{ role: "user", content: "hi" }],
    want: {
      system: [{
        type: "text",
        text: "sys",
        cache_control: { type: "ephemeral" },
      }],
      lastContent: [{
        type: "text",
        text: "hi",
        cache_control: { type: "ephemeral" },
      }],
    },
  },
  {
    name: "a tool result turn, no system",
    input: [
      { role: "user", content: "hi" },
      { type: "function_call", call_id: "c", name: "f", arguments: "{}" },
      { type: "function_call_output", call_id: "c", output: "r" },
    ],
    want: {
      system: undefined,
      lastContent: [{
        type: "tool_result",
        tool_use_id: "c",
        content: "r",
        cache_control: { type: "ephemeral" },
      }],
    },
  },
];

for (const c of CACHE) {
  Deno.test(`responses2anthropic: prompt_cache_key marks cache breakpoints (${c.name})`, async () => {
    const body = {
      model: "m",
      input: c.input,
      ...(c.system && { instructions: c.system }),
    };
    const without = await runWith(responses2anthropic).request(
      "/responses",
      body,
    );
    assert.ok(!JSON.stringify(without.body).includes("cache_control"));
    const req = await runWith(responses2anthropic).request("/responses", {
      ...body,
      prompt_cache_key: "k",
    });
    assert.deepStrictEqual(req.body.system, c.want.system);
    const messages = req.body.messages as anthropic.Message[];
    assert.deepStrictEqual(messages.at(-1)?.content, c.want.lastContent);
    assert.equal(req.body.prompt_cache_key, undefined);
  });
}

Deno.test("responses2chat: prompt_cache_key passes, reasoning_effort only where the model takes it, user at most 64 characters", async () => {
  const body = {
    model: "m",
    input: "x",
    prompt_cache_key: "thread-1",
    reasoning: { effort: "high" },
    user: "u".repeat(150),
  };
  const taking = await runWith(responses2chat, { reasoningEffort: true })
    .request("/responses", body);
  assert.equal(taking.body.prompt_cache_key, "thread-1");
  assert.equal(taking.body.reasoning_effort, "high");
  const user = taking.body.user as string;
  assert.equal(user.length, 64);
  assert.match(user, /^u{55}_[0-9a-f]{8}$/);
  const other = await runWith(responses2chat, { reasoningEffort: true })
    .request("/responses", { ...body, user: `${"u".repeat(149)}v` });
  assert.notEqual(other.body.user, user);
  const run = runWith(responses2chat, { reasoningEffort: false });
  const refusing = await run.request("/responses", body);
  assert.equal(refusing.body.reasoning_effort, undefined);
  assert.ok(
    run.log.lines.some((l) =>
      l.level === "debug" && l.message.startsWith("Dropped reasoning_effort")
    ),
  );
});

for (const plugin of [responses2anthropic, responses2chat]) {
  Deno.test(`${plugin.id}: Codex's Responses-service headers (session, turn metadata, betas) are not forwarded; others are`, async () => {
    const req = await runWith(plugin).request("/responses", {
      model: "m",
      input: "x",
    }, {
      "x-codex-turn-metadata": '{"workspaces":{"/home/me/secret":{}}}',
      "x-codex-beta-features": "remote_compaction_v2",
      "x-openai-internal-codex-responses-lite": "true",
      "openai-beta": "responses_websockets=2026-02-06",
      "session-id": "s",
      "thread-id": "t",
      "x-client-request-id": "r",
      originator: "codex_exec",
      version: "0.171.0",
      "x-team": "research",
      "user-agent": "codex_exec/0.171.0",
    });
    assert.deepStrictEqual([...req.headers.keys()].sort(), [
      "user-agent",
      "x-team",
    ]);
  });
}
