import assert from "node:assert/strict";
import {
  type Change,
  diffJson,
  formatPath,
  groupChanges,
  identityOf,
} from "../../../islands/_json_diff.ts";

interface Case {
  name: string;
  left: unknown;
  right: unknown;
  want: Change[];
}

const CASES: Case[] = [
  {
    name:
      "names a field renamed in place (an alias's max_tokens → max_completion_tokens)",
    left: { model: "a", max_tokens: 64 },
    right: { model: "a", max_completion_tokens: 64 },
    want: [{
      kind: "renamed",
      from: "max_tokens",
      to: "max_completion_tokens",
    }],
  },
  {
    name: "names a value moved elsewhere, and the changed model",
    left: { model: "claude", system: "be brief and exact", messages: [] },
    right: {
      model: "gpt",
      messages: [{ role: "system", content: "be brief and exact" }],
    },
    want: [
      { kind: "added", to: "messages[0].role", after: "system" },
      {
        kind: "changed",
        from: "model",
        to: "model",
        before: "claude",
        after: "gpt",
      },
      { kind: "moved", from: "system", to: "messages[0].content" },
    ],
  },
  {
    name:
      "reports dropped and added fields whole, at the highest level that changed",
    left: { model: "m", thinking: { type: "enabled", budget_tokens: 10 } },
    right: { model: "m", stream_options: { include_usage: true } },
    want: [
      {
        kind: "added",
        to: "stream_options",
        after: { include_usage: true },
      },
      {
        kind: "dropped",
        from: "thinking",
        before: { type: "enabled", budget_tokens: 10 },
      },
    ],
  },
  {
    name:
      "aligns array items by identity, so an item inserted first shifts nothing",
    left: { messages: [{ role: "user", content: "hello there" }] },
    right: {
      messages: [
        { role: "system", content: "rules" },
        { role: "user", content: "hello there" },
      ],
    },
    want: [{
      kind: "added",
      to: "messages[0]",
      after: { role: "system", content: "rules" },
    }],
  },
  {
    name: "does not pair short equal values that are unrelated",
    left: { a: { flag: true } },
    right: { b: { other: true } },
    want: [
      { kind: "dropped", from: "a", before: { flag: true } },
      { kind: "added", to: "b", after: { other: true } },
    ],
  },
  {
    name: "finds nothing between equal bodies",
    left: { model: "m", messages: [{ role: "user", content: "x" }] },
    right: { model: "m", messages: [{ role: "user", content: "x" }] },
    want: [],
  },
];

for (const c of CASES) {
  Deno.test(`diffJson() ${c.name}`, () => {
    assert.deepStrictEqual(diffJson(c.left, c.right), c.want);
  });
}

Deno.test("identityOf() knows tools, tool calls and their results, and messages across formats", () => {
  assert.equal(identityOf({ name: "Bash" }), "name:Bash");
  assert.equal(
    identityOf({ type: "function", function: { name: "Bash" } }),
    "name:Bash",
  );
  assert.equal(identityOf({ role: "tool", tool_call_id: "c1" }), "result:c1");
  assert.equal(
    identityOf({
      role: "user",
      content: [{ type: "tool_result", tool_use_id: "c1" }],
    }),
    "result:c1",
  );
  assert.equal(
    identityOf({ role: "user", content: [{ type: "text", text: "hi" }] }),
    identityOf({ role: "user", content: "hi" }),
  );
  assert.equal(identityOf({ role: "assistant", content: null }, 4), "index:4");
});

Deno.test("formatPath() writes dotted names, indexes and quoted odd keys", () => {
  assert.equal(formatPath(["messages", 2, "content"]), "messages[2].content");
  assert.equal(formatPath(["headers", "x.y z"]), 'headers["x.y z"]');
  assert.equal(formatPath([]), "(body)");
});

Deno.test("diffJson() names what translating a real Claude Code request changed, by field", async () => {
  const dir = new URL(
    "../../golden/fixtures/anthropic2openai/claude_code_2_1_332/",
    import.meta.url,
  );
  const received = JSON.parse(
    await Deno.readTextFile(new URL("request.json", dir)),
  );
  const forwarded = JSON.parse(
    await Deno.readTextFile(new URL("upstream_request.json", dir)),
  ).body;
  const changes = diffJson(received, forwarded);
  const lines = changes.map((c) => `${c.kind} ${c.from ?? ""} → ${c.to ?? ""}`);
  for (
    const want of [
      "moved tools[0].input_schema → tools[0].function.parameters",
      "moved tools[0].name → tools[0].function.name",
      "moved messages[2].content[1].id → messages[3].tool_calls[0].id",
      "moved messages[3].content[0].tool_use_id → messages[4].tool_call_id",
      "dropped system → ",
      "dropped thinking → ",
      "dropped metadata → ",
      "added  → messages[0]",
      "added  → stream_options",
      "added  → reasoning_effort",
    ]
  ) assert.ok(lines.includes(want), `${want} in\n${lines.join("\n")}`);
  // A 56 KB request reads as a few lines per field, not a line per character or message.
  assert.ok(changes.length < 80, `${changes.length} changes`);
  assert.deepStrictEqual(
    groupChanges(changes).map((g) => g.field),
    [
      "context_management",
      "messages",
      "metadata",
      "output_config",
      "reasoning_effort",
      "stream_options",
      "system",
      "thinking",
      "tools",
      "user",
    ],
  );
});
