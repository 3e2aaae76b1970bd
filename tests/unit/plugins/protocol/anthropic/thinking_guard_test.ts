import assert from "node:assert/strict";
import { guardThinking } from "../../../../../plugins/protocol/anthropic/thinking_guard.ts";
import { TRANSLATED_SIGNATURE } from "../../../../../plugins/protocol/anthropic/thinking_marker.ts";
import type { JsonObject } from "../../../../../plugins/types.ts";
import { createRecordingLog } from "../../../../_helpers/converter_run.ts";

const SIGNED = {
  type: "thinking",
  thinking: "plan",
  signature: "EqQBCkYIBRgCKkA",
};
const TOOL_USE = { type: "tool_use", id: "t1", name: "Write", input: {} };
const TOOL_RESULT = { type: "tool_result", tool_use_id: "t1", content: "ok" };
const USER = { role: "user", content: "hi" };

interface Case {
  name: string;
  input: JsonObject;
  /** The expected body; absent means the very same object comes back. */
  want?: JsonObject;
}

const CASES: Case[] = [
  {
    name: "keeps a request whose thinking Anthropic signed, as the same object",
    input: {
      thinking: { type: "enabled", budget_tokens: 2048 },
      messages: [USER, { role: "assistant", content: [SIGNED, TOOL_USE] }, {
        role: "user",
        content: [TOOL_RESULT],
      }],
    },
  },
  {
    name:
      "drops thinking with an empty, a missing or Tresor's signature, and empty redacted thinking",
    input: {
      messages: [USER, {
        role: "assistant",
        content: [
          { type: "thinking", thinking: "a", signature: "" },
          { type: "thinking", thinking: "b" },
          { type: "thinking", thinking: "c", signature: TRANSLATED_SIGNATURE },
          { type: "redacted_thinking", data: "" },
          SIGNED,
          { type: "text", text: "done" },
        ],
      }, USER],
    },
    want: {
      messages: [USER, {
        role: "assistant",
        content: [SIGNED, { type: "text", text: "done" }],
      }, USER],
    },
  },
  {
    name:
      "keeps the reasoning of an assistant turn that would be left empty, as text",
    input: {
      messages: [USER, {
        role: "assistant",
        content: [{ type: "thinking", thinking: "only this", signature: "" }],
      }, USER],
    },
    want: {
      messages: [USER, {
        role: "assistant",
        content: [{ type: "text", text: "only this" }],
      }, USER],
    },
  },
  {
    name:
      "turns thinking off to continue a tool turn that lost its unsigned thinking",
    input: {
      model: "claude",
      thinking: { type: "adaptive" },
      context_management: {
        edits: [{ type: "clear_thinking_20251015", keep: "all" }],
      },
      messages: [
        USER,
        {
          role: "assistant",
          content: [{
            type: "thinking",
            thinking: "x",
            signature: TRANSLATED_SIGNATURE,
          }, TOOL_USE],
        },
        { role: "user", content: [TOOL_RESULT] },
        { role: "system", content: "reminder" },
      ],
    },
    want: {
      model: "claude",
      messages: [USER, { role: "assistant", content: [TOOL_USE] }, {
        role: "user",
        content: [TOOL_RESULT],
      }, { role: "system", content: "reminder" }],
    },
  },
  {
    name:
      "turns thinking off when an OpenAI client's tool turn has no thinking, keeping other context edits",
    input: {
      thinking: { type: "enabled", budget_tokens: 4096 },
      context_management: {
        edits: [{ type: "clear_thinking_20251015" }, {
          type: "clear_tool_uses_20250919",
        }],
      },
      messages: [USER, { role: "assistant", content: [TOOL_USE] }, {
        role: "user",
        content: [TOOL_RESULT],
      }],
    },
    want: {
      context_management: { edits: [{ type: "clear_tool_uses_20250919" }] },
      messages: [USER, { role: "assistant", content: [TOOL_USE] }, {
        role: "user",
        content: [TOOL_RESULT],
      }],
    },
  },
  {
    name:
      "keeps thinking on for a new user turn after a tool turn without thinking",
    input: {
      thinking: { type: "enabled", budget_tokens: 4096 },
      messages: [
        USER,
        { role: "assistant", content: [TOOL_USE] },
        {
          role: "user",
          content: [TOOL_RESULT],
        },
        { role: "assistant", content: "done" },
        USER,
      ],
    },
  },
];

for (const c of CASES) {
  Deno.test(`guardThinking() ${c.name}`, () => {
    const log = createRecordingLog();
    const out = guardThinking(c.input, log);
    if (c.want === undefined) assert.equal(out, c.input);
    else assert.deepStrictEqual(out, c.want);
  });
}

Deno.test("guardThinking() logs turning thinking off at info", () => {
  const log = createRecordingLog();
  guardThinking(CASES[3].input, log);
  assert.ok(
    log.lines.some((l) => l.level === "info" && /thinking off/.test(l.message)),
  );
});
