/**
 * Golden-fixture tests for the Chat Completions ⇄ Messages converters (see
 * `tests/_helpers/golden_fixtures.ts` for the fixture layout). `created` is the translation
 * time, so outputs carry 0.
 */
import { anthropic2openai } from "../../plugins/anthropic2openai/mod.ts";
import { openai2anthropic } from "../../plugins/openai2anthropic/mod.ts";
import type { SseEvent } from "../../plugins/sse.ts";
import { encodeSseText } from "../_helpers/golden.ts";
import { runGoldenFixtures } from "../_helpers/golden_fixtures.ts";

/** `created` is the translation time; golden files hold 0. */
function withoutClock(body: unknown): unknown {
  if (typeof body !== "object" || body === null || Array.isArray(body)) {
    return body;
  }
  return "created" in body ? { ...body, created: 0 } : body;
}

function streamWithoutClock(events: SseEvent[]): SseEvent[] {
  return events.map((e) => {
    if (!e.data.startsWith("{")) return e;
    return { ...e, data: JSON.stringify(withoutClock(JSON.parse(e.data))) };
  });
}

runGoldenFixtures({
  converters: { openai2anthropic, anthropic2openai },
  fixtures: new URL("./fixtures/", import.meta.url),
  clientPath: (plugin) =>
    plugin.converts?.from === "openai" ? "/chat/completions" : "/messages",
  toStreamText: (events) => encodeSseText(streamWithoutClock(events)),
  toStableBody: withoutClock,
});
