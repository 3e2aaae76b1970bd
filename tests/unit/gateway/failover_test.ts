import assert from "node:assert/strict";
import { Cooldowns } from "../../../gateway/cooldowns.ts";
import { Failover, isFailoverStatus } from "../../../gateway/failover.ts";
import type { Resolution } from "../../../gateway/resolve_model.ts";
import type { Alias } from "../../../store/types.ts";
import { downstream } from "../../_helpers/fake_context.ts";

const NOW = 1_000_000;
const DOWNSTREAMS = new Map(["a", "b", "c"].map((id) => [id, downstream(id)]));

function alias(id: string, downstreamId: string): Alias {
  return {
    id,
    inputModelId: "smart",
    downstreamId,
    outputModelId: `${downstreamId}-m`,
    isActive: id === "smart-a",
    isRegex: false,
    groupOrder: 0,
    failover: id !== "smart-a",
  };
}

const PRIMARY: Resolution = {
  downstream: DOWNSTREAMS.get("a")!,
  model: "a-m",
  alias: alias("smart-a", "a"),
};
const MEMBERS = [alias("smart-b", "b"), alias("smart-c", "c")];

function run(cooldowns = new Cooldowns()): Failover {
  return new Failover(PRIMARY, MEMBERS, {
    downstreams: DOWNSTREAMS,
    cooldowns,
    now: NOW,
  });
}

Deno.test("isFailoverStatus() is 429 and 5xx (529 included), nothing else", () => {
  assert.deepStrictEqual(
    [200, 400, 401, 404, 408, 429, 500, 502, 503, 529, 600].filter(
      isFailoverStatus,
    ),
    [429, 500, 502, 503, 529],
  );
});

Deno.test("Failover tries the active member, then each failover member once, in order", () => {
  const f = run();
  assert.equal(f.first().downstream.id, "a");
  const b = f.settle({ kind: "unreachable" }, 3, NOW);
  assert.equal(b?.downstream.id, "b");
  assert.equal(b?.model, "b-m");
  const c = f.settle(
    { kind: "status", status: 503, retryAfterMs: undefined },
    4,
    NOW,
  );
  assert.equal(c?.downstream.id, "c");
  assert.equal(f.settle({ kind: "timeout" }, 5, NOW), undefined);
  assert.deepStrictEqual(f.attempts, [
    {
      downstream: "a",
      model: "a-m",
      alias: "smart-a",
      status: null,
      error_kind: "unreachable",
      duration_ms: 3,
    },
    {
      downstream: "b",
      model: "b-m",
      alias: "smart-b",
      status: 503,
      error_kind: "status",
      duration_ms: 4,
    },
    {
      downstream: "c",
      model: "c-m",
      alias: "smart-c",
      status: null,
      error_kind: "timeout",
      duration_ms: 5,
    },
  ]);
});

Deno.test("Failover stops at an answer that is the client's", () => {
  const f = run();
  assert.equal(f.settle({ kind: "answered", status: 400 }, 1, NOW), undefined);
  assert.deepStrictEqual(f.attempts.map((a) => a.error_kind), [null]);
});

Deno.test("Failover rests a member whose answer had a retry-after, and passes it over after", () => {
  const cooldowns = new Cooldowns();
  const first = run(cooldowns);
  first.settle({ kind: "status", status: 429, retryAfterMs: 20_000 }, 1, NOW);
  const second = run(cooldowns);
  assert.equal(second.first().downstream.id, "b");
  assert.deepStrictEqual(
    second.attempts.map((a) => `${a.downstream} ${a.error_kind}`),
    [
      "a cooling",
    ],
  );
});

Deno.test("Failover tries only the member whose rest ends first when all rest", () => {
  const cooldowns = new Cooldowns();
  cooldowns.cool("a\na-m", 30_000, NOW);
  cooldowns.cool("b\nb-m", 5_000, NOW);
  cooldowns.cool("c\nc-m", 10_000, NOW);
  const f = run(cooldowns);
  assert.equal(f.first().downstream.id, "b");
  assert.equal(f.settle({ kind: "unreachable" }, 1, NOW), undefined);
  assert.deepStrictEqual(
    f.attempts.map((a) => `${a.downstream} ${a.error_kind}`),
    [
      "a cooling",
      "c cooling",
      "b unreachable",
    ],
  );
});
