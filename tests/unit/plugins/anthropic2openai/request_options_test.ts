/** `anthropic2openai`'s request side by downstream setting: headers, reasoning effort, output format, hosted tools and MCP servers. */
import assert from "node:assert/strict";
import { anthropic2openai } from "../../../../plugins/anthropic2openai/mod.ts";
import { parseMessagesRequest } from "../../../../plugins/protocol/anthropic/parse_request.ts";
import { toOpenAiRequest } from "../../../../plugins/anthropic2openai/to_openai_request.ts";
import { PluginError } from "../../../../plugins/errors.ts";
import {
  createRecordingLog,
  createRun,
  forwarded,
} from "../../../_helpers/converter_run.ts";

const USER = { role: "user", content: "hi" };

Deno.test("anthropic2openai drops anthropic headers and ?beta=true, and rewrites the path", async () => {
  const run = createRun(anthropic2openai);
  const req = forwarded(
    await run.request(
      "/messages",
      { model: "m", max_tokens: 5, messages: [USER] },
      "?beta=true",
      {
        "anthropic-beta": "x",
        "anthropic-version": "2023-06-01",
        "x-keep": "1",
      },
    ),
  );
  assert.equal(req.path, "/chat/completions");
  assert.equal(req.query, "");
  assert.equal(req.headers.get("anthropic-beta"), null);
  assert.equal(req.headers.get("anthropic-version"), null);
  assert.equal(req.headers.get("x-keep"), "1");
});

const EFFORTS: [
  name: string,
  thinking: Record<string, unknown> | undefined,
  effort: string | undefined,
  want: string | undefined,
][] = [
  ["no thinking", undefined, undefined, undefined],
  ["disabled thinking", { type: "disabled" }, undefined, undefined],
  [
    "adaptive thinking",
    { type: "adaptive", display: "omitted" },
    undefined,
    "medium",
  ],
  [
    "a small budget",
    { type: "enabled", budget_tokens: 2048 },
    undefined,
    "low",
  ],
  [
    "a large budget",
    { type: "enabled", budget_tokens: 20000 },
    undefined,
    "high",
  ],
  [
    "output_config.effort low over a budget",
    { type: "enabled", budget_tokens: 20000 },
    "low",
    "low",
  ],
  ["output_config.effort max", { type: "adaptive" }, "max", "high"],
  ["output_config.effort without thinking", undefined, "medium", "medium"],
];

for (const [name, thinking, effort, want] of EFFORTS) {
  Deno.test(`toOpenAiRequest() maps ${name} to reasoning_effort ${want ?? "none"}`, () => {
    const out = toOpenAiRequest(parseMessagesRequest({
      model: "m",
      max_tokens: 30000,
      messages: [USER],
      ...(thinking && { thinking }),
      ...(effort && { output_config: { effort } }),
    }));
    assert.equal(out.reasoning_effort, want);
  });
}

Deno.test("toOpenAiRequest() drops reasoning_effort for a model that does not take it", () => {
  const log = createRecordingLog();
  const out = toOpenAiRequest(
    parseMessagesRequest({
      model: "m",
      max_tokens: 10,
      messages: [USER],
      thinking: { type: "adaptive" },
    }),
    { reasoningEffort: false, warnings: log },
  );
  assert.equal("reasoning_effort" in out, false);
  assert.ok(
    log.lines.some((l) =>
      l.level === "debug" && /reasoning_effort/.test(l.message)
    ),
  );
});

Deno.test("toOpenAiRequest() maps output_config.format and the beta's output_format to a strict json_schema", () => {
  const schema = { type: "object", properties: { a: { type: "string" } } };
  for (
    const extra of [{
      output_config: { format: { type: "json_schema", schema } },
    }, {
      output_format: { type: "json_schema", schema },
    }]
  ) {
    const out = toOpenAiRequest(
      parseMessagesRequest({
        model: "m",
        max_tokens: 10,
        messages: [USER],
        ...extra,
      }),
    );
    assert.deepStrictEqual(out.response_format, {
      type: "json_schema",
      json_schema: { name: "output", schema, strict: true },
    });
  }
});

Deno.test("toOpenAiRequest() refuses server tools when the downstream's hosted_tools is refuse, naming the tool", () => {
  const input = parseMessagesRequest({
    model: "m",
    max_tokens: 10,
    messages: [USER],
    tools: [{ name: "f", input_schema: { type: "object" } }, {
      type: "code_execution_20250825",
      name: "code_execution",
    }],
  });
  assert.throws(
    () => toOpenAiRequest(input, { hostedTools: "refuse" }),
    (err: unknown) =>
      err instanceof PluginError && err.param === "tools[1].type",
  );
  const dropped = toOpenAiRequest(input);
  assert.deepStrictEqual(dropped.tools?.map((t) => t.function.name), ["f"]);
});

Deno.test("toOpenAiRequest() refuses a forced tool_choice naming a dropped server tool", () => {
  assert.throws(
    () =>
      toOpenAiRequest(parseMessagesRequest({
        model: "m",
        max_tokens: 10,
        messages: [USER],
        tools: [{ name: "f", input_schema: { type: "object" } }, {
          type: "web_search_20250305",
          name: "web_search",
        }],
        tool_choice: { type: "tool", name: "web_search" },
      })),
    (err: unknown) =>
      err instanceof PluginError && err.param === "tool_choice.name",
  );
});

Deno.test("anthropic2openai refuses mcp_servers for a hosted_tools: refuse downstream and drops them otherwise", async () => {
  const body = {
    model: "m",
    max_tokens: 10,
    messages: [USER],
    mcp_servers: [{ type: "url", url: "https://mcp.example.com", name: "x" }],
    context_management: { edits: [] },
  };
  const refusing = createRun(anthropic2openai, {
    downstream: { hostedTools: "refuse" },
  });
  await assert.rejects(
    async () => await refusing.request("/messages", body),
    (err: unknown) =>
      err instanceof PluginError && /mcp_servers/.test(err.message),
  );
  const run = createRun(anthropic2openai);
  const req = forwarded(await run.request("/messages", body));
  assert.equal("mcp_servers" in req.body, false);
  assert.ok(
    run.log.lines.some((l) =>
      l.level === "debug" && JSON.stringify(l.fields).includes("mcp_servers") &&
      JSON.stringify(l.fields).includes("context_management")
    ),
  );
});

Deno.test("toOpenAiRequest() puts a system message that arrives between a tool call and its result after the tool message", () => {
  const out = toOpenAiRequest(parseMessagesRequest({
    model: "m",
    max_tokens: 10,
    messages: [
      USER,
      {
        role: "assistant",
        content: [{ type: "tool_use", id: "t1", name: "f", input: {} }],
      },
      { role: "system", content: "reminder" },
      {
        role: "user",
        content: [{ type: "tool_result", tool_use_id: "t1", content: "ok" }],
      },
    ],
  }));
  assert.deepStrictEqual(out.messages.map((m) => m.role), [
    "user",
    "assistant",
    "tool",
    "system",
  ]);
});
