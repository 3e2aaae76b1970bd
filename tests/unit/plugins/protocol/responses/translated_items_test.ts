/** `withoutTranslatedItems()`: what a Responses body bound for OpenAI must lose of Tresor's items. */
import assert from "node:assert/strict";
import { withoutTranslatedItems } from "../../../../../plugins/protocol/responses/translated_items.ts";
import { COMPACTION_PREFIX } from "../../../../../plugins/protocol/responses/compaction.ts";

Deno.test("withoutTranslatedItems() leaves a body without Tresor items alone and replaces the others", () => {
  const plain = {
    model: "m",
    input: [{ type: "reasoning", summary: [], encrypted_content: "gAAAA" }],
  };
  assert.equal(withoutTranslatedItems(plain), undefined);
  assert.equal(
    withoutTranslatedItems({ model: "m", input: "text" }),
    undefined,
  );
  const mixed = withoutTranslatedItems({
    model: "m",
    input: [
      {
        type: "reasoning",
        summary: [],
        encrypted_content: "tresor.anthropic.redacted:xx",
      },
      { type: "compaction", encrypted_content: `${COMPACTION_PREFIX}S` },
      { role: "user", content: "q" },
    ],
  });
  assert.deepStrictEqual(mixed, {
    dropped: 1,
    body: {
      model: "m",
      input: [
        {
          type: "message",
          role: "user",
          content: "Summary of the conversation so far:\n\nS",
        },
        { role: "user", content: "q" },
      ],
    },
  });
});
