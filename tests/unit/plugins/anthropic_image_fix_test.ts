import assert from "node:assert/strict";
import {
  anthropicImageFix,
  MOVED_NOTE,
} from "../../../plugins/anthropic_image_fix.ts";
import { createRun, forwarded } from "../../_helpers/converter_run.ts";

const IMAGE = {
  type: "image",
  source: { type: "base64", media_type: "image/png", data: "AA" },
};

const CASES: { name: string; messages: unknown[]; want: unknown[] }[] = [
  {
    name: "moves images after the tool results of the same turn",
    messages: [{
      role: "user",
      content: [
        {
          type: "tool_result",
          tool_use_id: "a",
          content: [{ type: "text", text: "t" }, IMAGE],
        },
        { type: "tool_result", tool_use_id: "b", content: "plain" },
        { type: "text", text: "next" },
      ],
    }],
    want: [{
      role: "user",
      content: [
        {
          type: "tool_result",
          tool_use_id: "a",
          content: [{ type: "text", text: "t" }],
        },
        { type: "tool_result", tool_use_id: "b", content: "plain" },
        IMAGE,
        { type: "text", text: "next" },
      ],
    }],
  },
  {
    name: "leaves a note in a tool result whose only content was an image",
    messages: [{
      role: "user",
      content: [{ type: "tool_result", tool_use_id: "a", content: [IMAGE] }],
    }],
    want: [{
      role: "user",
      content: [{
        type: "tool_result",
        tool_use_id: "a",
        content: [{ type: "text", text: MOVED_NOTE }],
      }, IMAGE],
    }],
  },
];

for (const c of CASES) {
  Deno.test(`anthropic_image_fix ${c.name}`, async () => {
    const run = createRun(anthropicImageFix);
    const body = { model: "m", max_tokens: 1, messages: c.messages };
    const req = forwarded(await run.request("/messages", body));
    assert.deepStrictEqual(req.body.messages, c.want);
    assert.deepStrictEqual(body.messages, c.messages, "input not mutated");
  });
}

Deno.test("anthropic_image_fix returns the same request when there is nothing to move", async () => {
  const run = createRun(anthropicImageFix);
  const body = {
    model: "m",
    max_tokens: 1,
    messages: [{ role: "user", content: "hi" }],
  };
  const req = forwarded(await run.request("/messages", body));
  assert.equal(req.body, body);
});
