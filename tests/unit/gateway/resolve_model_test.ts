import assert from "node:assert/strict";
import { compileRouting } from "../../../gateway/routing.ts";
import { resolveModel } from "../../../gateway/resolve_model.ts";
import { createLogger } from "../../../gateway/mod.ts";
import { PLUGINS } from "../../../plugins/mod.ts";
import type { Alias, Downstream } from "../../../store/types.ts";
import { makeSnapshot } from "../../_helpers/gateway_server.ts";

function downstream(id: string, models: string[]): Downstream {
  return {
    id,
    name: id,
    apiFormats: ["openai"],
    baseUrl: `https://${id}.example/v1`,
    apiKey: "k",
    outputModelIds: models,
  };
}

function alias(
  id: string,
  input: string,
  target: string,
  output: string,
  extra: Partial<Alias> = {},
): Alias {
  return {
    id,
    inputModelId: input,
    downstreamId: target,
    outputModelId: output,
    isActive: true,
    isRegex: false,
    groupOrder: 0,
    failover: false,
    ...extra,
  };
}

const SNAPSHOT = makeSnapshot({
  downstreams: [
    downstream("a", ["model-a", "shared"]),
    downstream("b", ["model-b", "shared", "gpt-4o"]),
    downstream("router", ["vendor/listed", "a/listed-by-router"]),
  ],
  aliases: [
    alias("exact", "gpt-4o", "a", "model-a"),
    alias("exact-inactive", "gpt-4o", "b", "model-b", { isActive: false }),
    alias("inactive-only", "ghost", "a", "model-a", { isActive: false }),
    alias("re-claude", "^claude-", "b", "model-b", { isRegex: true }),
    alias("re-unanchored", "sonnet", "a", "model-a", { isRegex: true }),
    alias("re-inactive", "^o\\d", "a", "model-a", {
      isRegex: true,
      isActive: false,
    }),
    alias("re-broken", "([", "a", "model-a", { isRegex: true }),
    alias("orphan", "orphan", "gone", "x"),
    alias("prefixed-alias", "b/aliased", "a", "model-a"),
  ],
});

interface Case {
  name: string;
  model: string;
  want: { downstream: string; model: string; alias?: string } | undefined;
}

const CASES: Case[] = [
  {
    name: "prefers an active exact alias over a downstream listing the model",
    model: "gpt-4o",
    want: { downstream: "a", model: "model-a", alias: "exact" },
  },
  {
    name: "uses an active regex alias anchored as written",
    model: "claude-3-5",
    want: { downstream: "b", model: "model-b", alias: "re-claude" },
  },
  {
    name: "does not match an anchored regex in the middle of a name",
    model: "my-claude-3",
    want: undefined,
  },
  {
    name: "matches an unanchored regex anywhere",
    model: "claude-sonnet",
    want: { downstream: "b", model: "model-b", alias: "re-claude" },
  },
  {
    name: "matches an unanchored regex in the middle",
    model: "x-sonnet-4",
    want: { downstream: "a", model: "model-a", alias: "re-unanchored" },
  },
  {
    name: "ignores an inactive regex alias",
    model: "o3",
    want: undefined,
  },
  {
    name: "ignores a group with no active member",
    model: "ghost",
    want: undefined,
  },
  {
    name: "routes a model listed in output_model_ids without an alias",
    model: "model-b",
    want: { downstream: "b", model: "model-b" },
  },
  {
    name: "routes a model two downstreams list to the first in stored order",
    model: "shared",
    want: { downstream: "a", model: "shared" },
  },
  {
    name: "passes over an alias whose downstream is gone",
    model: "orphan",
    want: undefined,
  },
  {
    name: "routes DOWNSTREAM_ID/MODEL to that downstream with MODEL",
    model: "b/any-model-at-all",
    want: { downstream: "b", model: "any-model-at-all" },
  },
  {
    name: "keeps the rest of a prefixed name whole (slashes included)",
    model: "router/vendor/model:free",
    want: { downstream: "router", model: "vendor/model:free" },
  },
  {
    name: "lets an exact alias on the full prefixed name win over the prefix",
    model: "b/aliased",
    want: { downstream: "a", model: "model-a", alias: "prefixed-alias" },
  },
  {
    name: "lets a regex alias win over the prefix",
    model: "b/my-sonnet",
    want: { downstream: "a", model: "model-a", alias: "re-unanchored" },
  },
  {
    name:
      "routes the prefix before output_model_ids (a listed vendor/model id)",
    model: "a/listed-by-router",
    want: { downstream: "a", model: "listed-by-router" },
  },
  {
    name: "falls back to output_model_ids when the prefix names no downstream",
    model: "vendor/listed",
    want: { downstream: "router", model: "vendor/listed" },
  },
  {
    name: "does not route an empty model after the prefix",
    model: "b/",
    want: undefined,
  },
  {
    name: "does not route an empty prefix",
    model: "/model-b",
    want: undefined,
  },
  {
    name: "returns undefined for an unknown model",
    model: "nope",
    want: undefined,
  },
];

const lines: string[] = [];
const routing = compileRouting(
  SNAPSHOT,
  PLUGINS,
  createLogger({ sink: (l) => lines.push(l) }),
);

for (const c of CASES) {
  Deno.test(`resolveModel() ${c.name}`, () => {
    const got = resolveModel(routing, c.model);
    assert.deepStrictEqual(
      got && {
        downstream: got.downstream.id,
        model: got.model,
        ...(got.alias && { alias: got.alias.id }),
      },
      c.want,
    );
  });
}

Deno.test("compileRouting() skips a regex alias that does not compile, with a warning", () => {
  assert.deepStrictEqual(
    routing.regexAliases.map((r) => r.alias.id),
    ["re-claude", "re-unanchored"],
  );
  assert.ok(lines.some((l) => l.includes("re-broken")));
});
