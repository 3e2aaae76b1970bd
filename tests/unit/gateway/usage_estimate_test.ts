import assert from "node:assert/strict";
import {
  estimateTokens,
  eventTextChars,
  textChars,
  tokensOfChars,
} from "../../../gateway/usage_estimate.ts";

Deno.test("textChars() counts the text a body carries, not its data or its envelope", () => {
  const body = {
    model: "gpt-4o",
    messages: [
      { role: "system", content: "Be brief." },
      {
        role: "user",
        content: [
          { type: "text", text: "What is this?" },
          {
            type: "image_url",
            image_url: { url: "data:image/png;base64," + "A".repeat(10_000) },
          },
          {
            type: "image",
            source: { type: "base64", data: "B".repeat(5_000) },
          },
        ],
      },
    ],
  };
  assert.deepStrictEqual(textChars(body), {
    chars: "Be brief.".length + "What is this?".length,
    partial: false,
  });
});

Deno.test("textChars() stops at its node budget and says so", () => {
  const huge = Array.from({ length: 60_000 }, () => "ab");
  const result = textChars(huge);
  assert.equal(result.partial, true);
  assert.ok(result.chars < 120_000);
});

Deno.test("estimateTokens() is about four characters a token, at least one for any text", () => {
  assert.equal(tokensOfChars(0), 0);
  assert.equal(tokensOfChars(1), 1);
  assert.equal(tokensOfChars(400), 100);
  assert.equal(estimateTokens({ content: "x".repeat(40) }, 60), 10);
  // A body past the budget is judged by its size.
  const huge = Array.from({ length: 60_000 }, () => "ab");
  assert.equal(estimateTokens(huge, 600_000), 75_000);
});

Deno.test("eventTextChars() skips the Responses API's summary events (their text came in deltas)", () => {
  assert.equal(
    eventTextChars([
      { type: "response.output_text.delta", delta: "Hello " },
      { type: "response.output_text.delta", delta: "world" },
      { type: "response.output_text.done", text: "Hello world" },
      {
        type: "response.completed",
        response: { output: [{ content: [{ text: "Hello world" }] }] },
      },
      undefined,
    ]),
    11,
  );
});
