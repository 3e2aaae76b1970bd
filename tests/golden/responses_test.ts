/**
 * Golden-fixture tests for the Responses API converters (see `tests/_helpers/golden_fixtures.ts`
 * for the fixture layout under `fixtures/responses2{anthropic,chat}/<case>/`).
 * Generated ids (`resp_…`, `msg_…`, `fc_…`, `rs_…` with 32 hex digits) become `<prefix>_1`, `_2`…
 * in order of appearance, and `created_at` becomes 0.
 */
import { responses2anthropic } from "../../plugins/responses2anthropic/mod.ts";
import { responses2chat } from "../../plugins/responses2chat/mod.ts";
import { encodeSseText } from "../_helpers/golden.ts";
import { runGoldenFixtures } from "../_helpers/golden_fixtures.ts";

const GENERATED_ID_REGEXP =
  /\b(resp|msg|fc|ctc|lsc|tsc|rs|cmp|call)_[0-9a-f]{32}\b/g;
const CREATED_AT_REGEXP = /"created_at":\s*\d+/g;

/** Replaces generated ids and clocks with stable placeholders. */
function normalise(text: string): string {
  const seen = new Map<string, string>();
  const counters = new Map<string, number>();
  return text.replace(GENERATED_ID_REGEXP, (id, prefix: string) => {
    let stable = seen.get(id);
    if (stable === undefined) {
      const n = (counters.get(prefix) ?? 0) + 1;
      counters.set(prefix, n);
      stable = `${prefix}_${n}`;
      seen.set(id, stable);
    }
    return stable;
  }).replace(CREATED_AT_REGEXP, '"created_at":0');
}

runGoldenFixtures({
  converters: { responses2anthropic, responses2chat },
  fixtures: new URL("./fixtures/", import.meta.url),
  clientPath: () => "/responses",
  toStreamText: (events) => normalise(encodeSseText(events)),
  toStableBody: (body) => JSON.parse(normalise(JSON.stringify(body))),
});
