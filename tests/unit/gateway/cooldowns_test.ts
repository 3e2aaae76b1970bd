import assert from "node:assert/strict";
import {
  Cooldowns,
  MAX_COOLDOWN_MS,
  retryAfterMs,
} from "../../../gateway/cooldowns.ts";

const NOW = Date.UTC(2026, 0, 2, 3, 4, 5);

Deno.test("retryAfterMs() reads retry-after-ms, seconds and HTTP dates, and nothing else", () => {
  const cases: [string, [string, string][], number | undefined][] = [
    ["seconds", [["retry-after", "30"]], 30_000],
    ["fractional seconds", [["retry-after", "1.5"]], 1_500],
    ["OpenAI's retry-after-ms first", [
      ["retry-after", "30"],
      ["retry-after-ms", "250"],
    ], 250],
    [
      "an HTTP date",
      [["retry-after", new Date(NOW + 7_000).toUTCString()]],
      7_000,
    ],
    ["a date in the past", [[
      "retry-after",
      new Date(NOW - 7_000).toUTCString(),
    ]], 0],
    ["garbage", [["retry-after", "soon"]], undefined],
    ["a negative number", [["retry-after", "-5"]], undefined],
    ["none", [["content-type", "application/json"]], undefined],
  ];
  for (const [name, headers, want] of cases) {
    assert.equal(retryAfterMs(headers, NOW), want, name);
  }
});

Deno.test("Cooldowns rests a member until its time, capped at 60 s", () => {
  const cooldowns = new Cooldowns();
  cooldowns.cool("a", 5_000, NOW);
  cooldowns.cool("b", 3_600_000, NOW);
  cooldowns.cool("ignored", 0, NOW);
  assert.equal(cooldowns.remaining("a", NOW + 1_000), 4_000);
  assert.equal(cooldowns.remaining("b", NOW), MAX_COOLDOWN_MS);
  assert.equal(cooldowns.remaining("ignored", NOW), 0);
  assert.equal(cooldowns.remaining("a", NOW + 5_000), 0);
  // An ended rest is forgotten when read.
  assert.equal(cooldowns.size, 1);
});

Deno.test("Cooldowns stays bounded: expired entries go first, then the oldest", () => {
  const cooldowns = new Cooldowns({ maxEntries: 3 });
  cooldowns.cool("short", 1_000, NOW);
  cooldowns.cool("x", 10_000, NOW);
  cooldowns.cool("y", 10_000, NOW);
  cooldowns.cool("z", 10_000, NOW + 2_000); // "short" has ended: it goes
  assert.deepStrictEqual(
    ["short", "x", "y", "z"].map((m) =>
      cooldowns.remaining(m, NOW + 2_000) > 0
    ),
    [false, true, true, true],
  );
  cooldowns.cool("w", 10_000, NOW + 2_000); // full of live rests: the oldest ("x") goes
  assert.equal(cooldowns.remaining("x", NOW + 2_000), 0);
  assert.equal(cooldowns.size, 3);
});
