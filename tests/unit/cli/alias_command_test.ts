import assert from "node:assert/strict";
import type { AliasJson } from "../../../store/mod.ts";
import {
  defaultAliasId,
  findSwitchTarget,
} from "../../../cli/alias_command.ts";
import { CliError } from "../../../cli/errors.ts";

function alias(id: string, input: string, downstream: string): AliasJson {
  return {
    id,
    input_model_id: input,
    downstream_id: downstream,
    output_model_id: `${downstream}-model`,
    is_active: false,
    is_regex: false,
    group_order: 0,
    failover: false,
  };
}

const ALIASES = [
  alias("smart-a", "smart", "a"),
  alias("smart-b", "smart", "b"),
  alias("smart-b2", "smart", "b"),
  alias("fast-a", "fast", "a"),
];

Deno.test("findSwitchTarget() picks an alias id, else the group's only alias on a downstream", () => {
  assert.equal(findSwitchTarget(ALIASES, "smart", "smart-b2").id, "smart-b2");
  assert.equal(findSwitchTarget(ALIASES, "smart", "a").id, "smart-a");
  assert.equal(findSwitchTarget(ALIASES, "fast", "a").id, "fast-a");
});

Deno.test("findSwitchTarget() explains targets it cannot resolve", () => {
  const cases: [string, string, RegExp][] = [
    ["nobody", "a", /^no alias group for input model "nobody"$/],
    [
      "smart",
      "b",
      /matches several aliases of "smart": name one by id: smart-a \(a\), smart-b \(b\), smart-b2 \(b\)$/,
    ],
    [
      "smart",
      "fast-a",
      /neither an alias id nor a downstream in the group "smart"/,
    ],
  ];
  for (const [input, target, message] of cases) {
    assert.throws(
      () => findSwitchTarget(ALIASES, input, target),
      (err: unknown) => err instanceof CliError && message.test(err.message),
    );
  }
});

Deno.test("defaultAliasId() stays within the id alphabet", () => {
  assert.equal(defaultAliasId("gpt-4o", "anthropic"), "gpt-4o-anthropic");
  assert.equal(defaultAliasId("^claude-.*$", "x"), "claude-.-x");
  assert.equal(defaultAliasId("org/model:v1", "d"), "org-model-v1-d");
});
