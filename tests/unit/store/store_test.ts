/** The `Store` mutations: typed errors, cascades, YAML write-back that keeps comments and key order. */
import assert from "node:assert/strict";
import {
  ConflictError,
  NotFoundError,
  ValidationError,
} from "../../../store/mod.ts";
import {
  assertIncludes,
  BASE_YAML,
  NEW_DOWNSTREAM,
  ruleInput,
  withStore,
} from "../../_helpers/store_fixture.ts";

Deno.test("Store mutations keep comments, key order and unknown keys of the YAML file", async () => {
  await withStore(BASE_YAML, async (store, tmp) => {
    await store.updateDownstream("d1", { baseUrl: "http://127.0.0.1:8/v1" });
    await store.createDownstream(NEW_DOWNSTREAM);
    await store.deleteRule("r-one");
    await store.updateSettings({ logLevel: "debug" });
    const text = await tmp.read();
    assert.equal(
      text.slice(0, text.indexOf("  - id: d2")),
      `# Top comment stays
listen: 127.0.0.1:0 # where we listen
log_level: debug
downstreams:
  # the main provider
  - id: d1
    name: One # inline
    api_formats: [openai]
    base_url: http://127.0.0.1:8/v1
    api_key: sk-one
    output_model_ids: [m1, m2]
    custom_note: kept as is
`,
    );
    assertIncludes(
      text,
      "  - id: d3\n    name: Three\n    api_formats: [anthropic]\n",
    );
    assert.doesNotMatch(text, /r-one/);
    // Unchanged entities stay as the user wrote them (no defaults filled in).
    assertIncludes(
      text,
      "  - id: d2\n    base_url: http://127.0.0.1:9/v2\n  - id: d3\n",
    );
  });
});

Deno.test("Store.deleteDownstream() cascades to rules and aliases, disabling rules left without downstreams", async () => {
  await withStore(BASE_YAML, async (store, tmp) => {
    await store.deleteDownstream("d1");
    const snap = store.snapshot();
    assert.deepStrictEqual(snap.downstreams.map((d) => d.id), ["d2"]);
    assert.equal(snap.downstreamsById.has("d1"), false);
    assert.deepStrictEqual(
      snap.rules.map((r) => [r.id, r.matchDownstreams, r.isEnabled]),
      [["r-both", ["d2"], true], ["r-one", [], false]],
    );
    assert.deepStrictEqual(snap.aliases.map((a) => a.id), ["a2", "a3"]);
    const text = await tmp.read();
    assert.doesNotMatch(text, /id: d1/);
    assert.doesNotMatch(text, /id: a1/);
    assertIncludes(
      text,
      '- id: r-one\n    pattern_path: "*"\n    match_downstreams: []\n    is_enabled: false',
    );
  });
});

Deno.test("Store mutations throw typed errors and change nothing", async () => {
  await withStore(BASE_YAML, async (store) => {
    const before = store.snapshot();
    await assert.rejects(
      store.createDownstream({ ...NEW_DOWNSTREAM, id: "d1" }),
      ConflictError,
    );
    await assert.rejects(
      store.updateDownstream("nope", { name: "x" }),
      NotFoundError,
    );
    await assert.rejects(store.deleteRule("nope"), NotFoundError);
    await assert.rejects(store.removeModel("d1", "zzz"), NotFoundError);
    await assert.rejects(
      store.createDownstream({ ...NEW_DOWNSTREAM, baseUrl: "ftp://x" }),
      {
        name: "ValidationError",
        field: "base_url",
      },
    );
    await assert.rejects(
      store.createRule({ ...ruleInput("r9"), matchDownstreams: ["d9"] }),
      {
        name: "ValidationError",
        field: "match_downstreams[0]",
      },
    );
    await assert.rejects(
      store.createAlias({
        id: "a9",
        inputModelId: "x",
        downstreamId: "d9",
        outputModelId: "m",
        isActive: false,
        isRegex: false,
      }),
      { name: "ValidationError", field: "downstream_id" },
    );
    await assert.rejects(
      store.updateAlias("a1", { isRegex: true, inputModelId: "(" }),
      {
        name: "ValidationError",
        field: "input_model_id",
      },
    );
    await assert.rejects(
      store.reorderAliasGroups(["g", "nope"]),
      ValidationError,
    );
    assert.equal(store.snapshot(), before);
  });
});

Deno.test("Store.updateDownstream() keeps the key for an absent or *** api_key", async () => {
  await withStore(BASE_YAML, async (store) => {
    await store.updateDownstream("d1", { apiKey: "***", name: "N" });
    assert.equal(store.snapshot().downstreamsById.get("d1")?.apiKey, "sk-one");
    await store.updateDownstream("d1", { maxOutputTokens: 1000 });
    assert.equal(store.snapshot().downstreamsById.get("d1")?.apiKey, "sk-one");
    const updated = await store.updateDownstream("d1", { apiKey: "sk-new" });
    assert.equal(updated.apiKey, "sk-new");
    assert.equal(updated.maxOutputTokens, 1000);
  });
});

Deno.test("Store.updateDownstream() sets token limits and removes them with null, in the YAML too", async () => {
  await withStore(BASE_YAML, async (store, tmp) => {
    await store.updateDownstream("d1", {
      maxOutputTokens: 8192,
      defaultMaxTokens: 2048,
    });
    assert.match(await tmp.read(), /max_output_tokens: 8192/);
    assert.match(await tmp.read(), /default_max_tokens: 2048/);

    const cleared = await store.updateDownstream("d1", {
      maxOutputTokens: null,
    });
    assert.equal(cleared.maxOutputTokens, undefined);
    assert.equal(cleared.defaultMaxTokens, 2048);
    assert.equal("maxOutputTokens" in cleared, false);
    const yaml = await tmp.read();
    assert.doesNotMatch(yaml, /max_output_tokens/);
    assert.match(yaml, /default_max_tokens: 2048/);
  });
});

Deno.test("Store.addModels() and removeModel() edit the model list", async () => {
  await withStore(BASE_YAML, async (store, tmp) => {
    const { downstream, added } = await store.addModels("d1", [
      "m2",
      "m3",
      "m3",
    ]);
    assert.deepStrictEqual(added, ["m3"]);
    assert.deepStrictEqual(downstream.outputModelIds, ["m1", "m2", "m3"]);
    const after = await store.removeModel("d1", "m1");
    assert.deepStrictEqual(after.outputModelIds, ["m2", "m3"]);
    assert.match(await tmp.read(), /output_model_ids: \[m2, m3\]/);
  });
});

Deno.test("Store.activateAlias() makes one member active and createAlias() picks group order", async () => {
  await withStore(BASE_YAML, async (store) => {
    const active = await store.activateAlias("a2");
    assert.equal(active.isActive, true);
    const group = store.snapshot().aliases.filter((a) =>
      a.inputModelId === "g"
    );
    assert.deepStrictEqual(group.map((a) => [a.id, a.isActive]), [
      ["a1", false],
      ["a2", true],
    ]);
    const joined = await store.createAlias({
      id: "a6",
      inputModelId: "h",
      downstreamId: "d1",
      outputModelId: "m1",
      isActive: true,
      isRegex: false,
      groupOrder: 42,
    });
    assert.equal(
      joined.groupOrder,
      store.snapshot().aliases.find((a) => a.id === "a3")?.groupOrder,
    );
    assert.equal(
      store.snapshot().aliases.find((a) => a.id === "a3")?.isActive,
      false,
    );
    const fresh = await store.createAlias({
      id: "r",
      inputModelId: "^claude-.*",
      downstreamId: "d1",
      outputModelId: "m1",
      isActive: true,
      isRegex: true,
    });
    assert.equal(fresh.groupOrder, 2);
  });
});

Deno.test("Store.reorderAliasGroups() numbers listed groups first, then the rest in order", async () => {
  await withStore(BASE_YAML, async (store, tmp) => {
    await store.createAlias({
      id: "a7",
      inputModelId: "z",
      downstreamId: "d1",
      outputModelId: "m1",
      isActive: false,
      isRegex: false,
    });
    await store.reorderAliasGroups(["z"]);
    assert.deepStrictEqual(
      store.snapshot().aliases.map((a) => [a.id, a.groupOrder]),
      [["a7", 0], ["a1", 1], ["a2", 1], ["a3", 2]],
    );
    assertIncludes(
      await tmp.read(),
      "- id: a7\n    input_model_id: z\n    downstream_id: d1\n    output_model_id: m1\n    group_order: 0\n",
    );
  });
});

Deno.test("Store.updateSettings() persists to the YAML and resolves masked proxy keys", async () => {
  await withStore(BASE_YAML, async (store, tmp) => {
    await store.updateSettings({
      proxyApiKeys: ["sk-proxy-123"],
      adminPassword: "pw",
    });
    const settings = await store.updateSettings({
      proxyApiKeys: ["***-123", "sk-other-456"],
    });
    assert.deepStrictEqual(settings.proxyApiKeys, [
      "sk-proxy-123",
      "sk-other-456",
    ]);
    const text = await tmp.read();
    assert.match(text, /proxy_api_keys: \[sk-proxy-123, sk-other-456\]/);
    assert.match(text, /admin_password: pw/);
    // New settings keys go before the entity lists.
    assert.ok(text.indexOf("admin_password") < text.indexOf("downstreams:"));
    await assert.rejects(store.updateSettings({ proxyApiKeys: ["***-999"] }), {
      name: "ValidationError",
      field: "proxy_api_keys[0]",
    });
    await assert.rejects(
      store.updateSettings({ proxyMode: "socks://x" as "auto" }),
      {
        name: "ValidationError",
        field: "proxy_mode",
      },
    );
  });
});

Deno.test("Store.updateAlias() moves an alias between groups and moves a whole group's order", async () => {
  await withStore(BASE_YAML, async (store) => {
    const moved = await store.updateAlias("a1", { inputModelId: "h" });
    assert.equal(moved.groupOrder, 1);
    // a1 was active: it stays the only active member of its new group.
    assert.deepStrictEqual(
      store.snapshot().aliases.map((
        a,
      ) => [a.id, a.inputModelId, a.isActive, a.groupOrder]),
      [["a2", "g", false, 0], ["a1", "h", true, 1], ["a3", "h", false, 1]],
    );
    await store.updateAlias("a2", { groupOrder: 5 });
    await store.updateAlias("a3", { isActive: true });
    assert.deepStrictEqual(
      store.snapshot().aliases.map((a) => [a.id, a.isActive, a.groupOrder]),
      [["a1", false, 1], ["a3", true, 1], ["a2", false, 5]],
    );
  });
});

Deno.test("Store.updateDownstream() sets translation options in the YAML and clears them with null", async () => {
  await withStore(BASE_YAML, async (store, tmp) => {
    const updated = await store.updateDownstream("d1", {
      reasoningEffortModels: ["deepseek-reasoner", "gpt-5*"],
      hostedTools: "refuse",
      stripBillingHeader: false,
      anthropicBeta: ["context-management-2025-06-27"],
    });
    assert.deepStrictEqual(updated.reasoningEffortModels, [
      "deepseek-reasoner",
      "gpt-5*",
    ]);
    const yaml = await tmp.read();
    assert.match(
      yaml,
      /reasoning_effort_models: \[deepseek-reasoner, gpt-5\*\]/,
    );
    assert.match(yaml, /hosted_tools: refuse/);
    assert.match(yaml, /strip_billing_header: false/);
    assert.match(yaml, /anthropic_beta: \[context-management-2025-06-27\]/);
    const cleared = await store.updateDownstream("d1", {
      reasoningEffortModels: null,
      hostedTools: null,
      stripBillingHeader: null,
      anthropicBeta: null,
    });
    for (
      const key of [
        "reasoningEffortModels",
        "hostedTools",
        "stripBillingHeader",
        "anthropicBeta",
      ]
    ) assert.equal(key in cleared, false, key);
    assert.doesNotMatch(
      await tmp.read(),
      /reasoning_effort_models|hosted_tools|strip_billing_header|anthropic_beta/,
    );
  });
});
