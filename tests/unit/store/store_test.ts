import assert from "node:assert/strict";
import {
  ConflictError,
  type Downstream,
  NotFoundError,
  openStore,
  type OpenStoreOptions,
  type Rule,
  type Store,
  ValidationError,
} from "../../../store/mod.ts";
import {
  createTempConfig,
  type TempConfig,
} from "../../_helpers/temp_config.ts";

const BASE_YAML = `# Top comment stays
listen: 127.0.0.1:0   # where we listen
log_level: info
downstreams:
  # the main provider
  - id: d1
    name: One # inline
    api_formats: [openai]
    base_url: http://127.0.0.1:9/v1
    api_key: sk-one
    output_model_ids: [m1, m2]
    custom_note: kept as is
  - id: d2
    base_url: http://127.0.0.1:9/v2
rules:
  - id: r-both
    pattern_path: /v1/chat/completions
    match_downstreams: [d1, d2]
  - id: r-one
    pattern_path: "*"
    match_downstreams: [d1]
aliases:
  - id: a1
    input_model_id: g
    downstream_id: d1
    output_model_id: m1
    is_active: true
  - id: a2
    input_model_id: g
    downstream_id: d2
    output_model_id: x
  - id: a3
    input_model_id: h
    downstream_id: d2
    output_model_id: y
`;

/** Opens a store on a temp config (in-memory database unless told otherwise) and cleans up. */
async function withStore(
  yaml: string | undefined,
  fn: (store: Store, tmp: TempConfig) => Promise<void>,
  options: OpenStoreOptions = { databasePath: ":memory:" },
): Promise<void> {
  const tmp = await createTempConfig(yaml);
  try {
    const { store } = await openStore(tmp.path, options);
    try {
      await fn(store, tmp);
    } finally {
      await store.close();
    }
  } finally {
    await tmp.cleanup();
  }
}

const NEW_DOWNSTREAM: Downstream = {
  id: "d3",
  name: "Three",
  apiFormats: ["anthropic"],
  baseUrl: "http://127.0.0.1:9",
  apiKey: "",
  outputModelIds: ["c1"],
};

Deno.test("openStore() creates a missing config (mode 0600, parent folders) and seeds it", async () => {
  const tmp = await createTempConfig();
  const path = `${tmp.dir}/nested/dir/tresor.yaml`;
  try {
    const { store, warnings } = await openStore(path);
    try {
      assert.deepStrictEqual(warnings, []);
      const info = await Deno.stat(path);
      if (Deno.build.os !== "windows") assert.equal(info.mode! & 0o777, 0o600);
      assert.equal(store.databasePath, `${tmp.dir}/nested/dir/tresor.db`);
      const snap = store.snapshot();
      assert.deepStrictEqual(snap.downstreams.map((d) => d.id), [
        "openai-gpt4o",
        "anthropic-sonnet",
        "anthropic-haiku",
      ]);
      assert.deepStrictEqual(snap.downstreamsById.get("openai-gpt4o"), {
        id: "openai-gpt4o",
        name: "OpenAI",
        apiFormats: ["openai", "responses"],
        baseUrl: "https://api.openai.com/v1",
        apiKey: "",
        outputModelIds: ["gpt-4o", "gpt-4o-mini"],
      });
      assert.deepStrictEqual(
        snap.aliases.map((
          a,
        ) => [
          a.inputModelId,
          a.id,
          a.downstreamId,
          a.outputModelId,
          a.isActive,
        ]),
        [
          ["gpt-4o", "gpt-4o", "openai-gpt4o", "gpt-4o", true],
          [
            "gpt-4o",
            "gpt-4o-via-sonnet",
            "anthropic-sonnet",
            "claude-sonnet-4-20250514",
            false,
          ],
          [
            "claude-sonnet",
            "claude-sonnet",
            "anthropic-sonnet",
            "claude-sonnet-4-20250514",
            true,
          ],
          [
            "claude-sonnet",
            "claude-sonnet-via-gpt4o",
            "openai-gpt4o",
            "gpt-4o",
            false,
          ],
          [
            "claude-sonnet",
            "claude-sonnet-via-haiku",
            "anthropic-haiku",
            "claude-3-5-haiku-20241022",
            false,
          ],
        ],
      );
      assert.deepStrictEqual(snap.rules.map((r) => [r.id, r.isEnabled]), [[
        "example-header",
        false,
      ]]);
      assert.deepStrictEqual(snap.rules[0].pipelineConfig, [
        {
          pluginId: "custom_header",
          isEnabled: true,
          config: { headers: { "x-tresor-example": "1" } },
        },
      ]);
      const text = await Deno.readTextFile(path);
      assert.match(text, /^# Tresor configuration\./);
      assert.match(text, /- id: anthropic-haiku/);
      assert.match(text, /- id: claude-sonnet-via-haiku/);
      assert.match(text, /- id: example-header/);
    } finally {
      await store.close();
    }
    // A second start sees the same rows and seeds nothing again.
    const again = await openStore(path);
    try {
      assert.equal(again.store.snapshot().downstreams.length, 3);
      assert.equal(again.store.snapshot().aliases.length, 5);
      assert.equal(again.store.snapshot().rules.length, 1);
    } finally {
      await again.store.close();
    }
  } finally {
    await tmp.cleanup();
  }
});

Deno.test("openStore() seeds only the categories that neither the YAML nor the database defines", async () => {
  await withStore(
    "downstreams:\n  - id: own\n    base_url: http://127.0.0.1:9\n",
    async (store, tmp) => {
      const snap = store.snapshot();
      assert.deepStrictEqual(snap.downstreams.map((d) => d.id), ["own"]);
      // Seed aliases point at seed downstreams that do not exist here.
      assert.deepStrictEqual(snap.aliases, []);
      assert.deepStrictEqual(snap.rules.map((r) => r.id), ["example-header"]);
      assert.match(await tmp.read(), /- id: example-header/);
    },
  );
});

Deno.test("openStore() throws ConfigError naming the file and line, and reports unknown keys", async () => {
  const tmp = await createTempConfig(
    BASE_YAML.replace("http://127.0.0.1:9/v2", "nope"),
  );
  try {
    await assert.rejects(
      openStore(tmp.path, { databasePath: ":memory:" }),
      (error: unknown) => {
        assert.ok(error instanceof Error);
        assert.equal(error.name, "ConfigError");
        assert.equal(
          error.message,
          `${tmp.path}:14: downstreams[1].base_url: not a URL`,
        );
        return true;
      },
    );
    await Deno.writeTextFile(tmp.path, `extra_key: 1\n${BASE_YAML}`);
    const { store, warnings } = await openStore(tmp.path, {
      databasePath: ":memory:",
    });
    await store.close();
    assert.deepStrictEqual(warnings, [
      `${tmp.path}:1: extra_key: unknown key, ignored`,
      `${tmp.path}:13: downstreams[0].custom_note: unknown key, ignored`,
    ]);
  } finally {
    await tmp.cleanup();
  }
});

Deno.test("openStore() rejects aliases and rules naming an unknown downstream", async () => {
  const tmp = await createTempConfig(
    BASE_YAML.replace("match_downstreams: [d1]", "match_downstreams: [d9]"),
  );
  try {
    await assert.rejects(
      openStore(tmp.path, { databasePath: ":memory:" }),
      {
        name: "ConfigError",
        message:
          `${tmp.path}:21: rules[1].match_downstreams[0]: unknown downstream "d9"`,
      },
    );
    await Deno.writeTextFile(
      tmp.path,
      BASE_YAML.replace(
        "downstream_id: d2\n    output_model_id: y",
        "downstream_id: zz\n    output_model_id: y",
      ),
    );
    await assert.rejects(
      openStore(tmp.path, { databasePath: ":memory:" }),
      {
        name: "ConfigError",
        message:
          `${tmp.path}:34: aliases[2].downstream_id: unknown downstream "zz"`,
      },
    );
  } finally {
    await tmp.cleanup();
  }
});

Deno.test("openStore() upserts downstreams and rules by id and replaces model ids; database-only rows survive", async () => {
  const tmp = await createTempConfig(BASE_YAML);
  const options = { databasePath: `${await Deno.makeTempDir()}/t.db` };
  try {
    const first = await openStore(tmp.path, options);
    try {
      await first.store.createDownstream(NEW_DOWNSTREAM);
      await first.store.createRule({
        ...ruleInput("r-api"),
        matchDownstreams: ["d3"],
      });
    } finally {
      await first.store.close();
    }
    // The user edits the file while the daemon is down: changes d1, drops the API rows.
    await Deno.writeTextFile(
      tmp.path,
      BASE_YAML.replace("output_model_ids: [m1, m2]", "output_model_ids: [m3]")
        .replace("name: One", "name: Uno")
        .replace(
          "pattern_path: /v1/chat/completions",
          "pattern_path: /v1/messages",
        ),
    );
    const second = await openStore(tmp.path, options);
    try {
      const snap = second.store.snapshot();
      assert.deepStrictEqual(snap.downstreams.map((d) => d.id), [
        "d1",
        "d2",
        "d3",
      ]);
      assert.equal(snap.downstreamsById.get("d1")?.name, "Uno");
      assert.deepStrictEqual(snap.downstreamsById.get("d1")?.outputModelIds, [
        "m3",
      ]);
      assert.deepStrictEqual(snap.rules.map((r) => [r.id, r.patternPath]), [
        ["r-both", "/v1/messages"],
        ["r-one", "*"],
        ["r-api", "*"],
      ]);
      // Database-only rows are written back into the file.
      const text = await tmp.read();
      assert.match(text, /- id: d3/);
      assert.match(text, /- id: r-api/);
    } finally {
      await second.store.close();
    }
  } finally {
    await tmp.cleanup();
    await Deno.remove(options.databasePath.replace(/\/t\.db$/, ""), {
      recursive: true,
    });
  }
});

Deno.test("openStore() keeps runtime-active and API aliases missing from the YAML, drops stale YAML ones, adds new ones", async () => {
  const tmp = await createTempConfig(BASE_YAML);
  const dbDir = await Deno.makeTempDir();
  const options = { databasePath: `${dbDir}/t.db` };
  try {
    const first = await openStore(tmp.path, options);
    try {
      await first.store.activateAlias("a2");
      await first.store.createAlias({
        id: "a4",
        inputModelId: "h",
        downstreamId: "d1",
        outputModelId: "m2",
        isActive: false,
        isRegex: false,
      });
    } finally {
      await first.store.close();
    }
    // An older file: a1 inactive, no a2 (active at runtime), no a3 (stale), no a4 (API), a new a5.
    const edited = BASE_YAML.slice(0, BASE_YAML.indexOf("aliases:")) + `aliases:
  - id: a1
    input_model_id: g
    downstream_id: d1
    output_model_id: m1
  - id: a5
    input_model_id: k
    downstream_id: d1
    output_model_id: m1
`;
    await Deno.writeTextFile(tmp.path, edited);
    const second = await openStore(tmp.path, options);
    try {
      const aliases = second.store.snapshot().aliases;
      assert.deepStrictEqual(
        aliases.map((a) => [a.id, a.inputModelId, a.isActive, a.groupOrder]),
        [
          ["a1", "g", false, 0],
          ["a2", "g", true, 0],
          ["a4", "h", false, 1],
          ["a5", "k", false, 2],
        ],
      );
      const text = await tmp.read();
      assert.match(text, /- id: a2/);
      assert.match(text, /- id: a4/);
      assert.doesNotMatch(text, /- id: a3/);
    } finally {
      await second.store.close();
    }
    // When the file makes another member active, the file wins and the group keeps one active.
    await Deno.writeTextFile(
      tmp.path,
      edited.replace(
        "output_model_id: m1\n  - id: a5",
        "output_model_id: m1\n    is_active: true\n  - id: a5",
      ),
    );
    const third = await openStore(tmp.path, options);
    try {
      const group = third.store.snapshot().aliases.filter((a) =>
        a.inputModelId === "g"
      );
      assert.deepStrictEqual(group.map((a) => [a.id, a.isActive]), [[
        "a1",
        true,
      ], ["a2", false]]);
    } finally {
      await third.store.close();
    }
  } finally {
    await tmp.cleanup();
    await Deno.remove(dbDir, { recursive: true });
  }
});

Deno.test("openStore() leaves at most one active alias per group", async () => {
  const yaml = BASE_YAML.replace(
    "output_model_id: x",
    "output_model_id: x\n    is_active: true",
  );
  await withStore(yaml, async (store, tmp) => {
    const group = store.snapshot().aliases.filter((a) =>
      a.inputModelId === "g"
    );
    assert.deepStrictEqual(group.map((a) => [a.id, a.isActive]), [
      ["a1", true],
      ["a2", false],
    ]);
    // The correction is written back.
    const text = await tmp.read();
    assert.equal(text.match(/is_active: true/g)?.length, 1);
  });
});

function assertIncludes(text: string, part: string): void {
  assert.ok(
    text.includes(part),
    `expected to find ${JSON.stringify(part)} in:\n${text}`,
  );
}

function ruleInput(id: string): Rule {
  return {
    id,
    name: id,
    patternPath: "*",
    patternModel: "",
    matchFormat: [],
    matchDownstreamFormat: [],
    matchDownstreams: [],
    isEnabled: true,
    pipelineConfig: [],
  };
}

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

Deno.test("Store snapshots are deep-frozen, versioned and published to subscribers", async () => {
  await withStore(BASE_YAML, async (store) => {
    const first = store.snapshot();
    assert.equal(first.version, 1);
    assert.ok(Object.isFrozen(first));
    assert.ok(Object.isFrozen(first.downstreams));
    assert.ok(Object.isFrozen(first.downstreams[0].outputModelIds));
    assert.ok(Object.isFrozen(first.rules[0].matchDownstreams));
    assert.ok(Object.isFrozen(first.aliases[0]));
    assert.ok(Object.isFrozen(first.settings));
    assert.throws(() => {
      (first.downstreams[0] as { name: string }).name = "changed";
    }, TypeError);
    assert.equal("set" in first.downstreamsById, false);
    const seen: number[] = [];
    const unsubscribe = store.subscribe((snap) => seen.push(snap.version));
    await store.updateDownstream("d1", { name: "Changed" });
    await store.deleteAlias("a3");
    unsubscribe();
    await store.deleteRule("r-one");
    assert.deepStrictEqual(seen, [2, 3]);
    assert.equal(store.snapshot().version, 4);
    // Holders of an old snapshot keep their view.
    assert.equal(first.downstreamsById.get("d1")?.name, "One");
    assert.equal(first.aliases.length, 3);
    assert.equal(store.snapshot().downstreamsById.get("d1")?.name, "Changed");
  });
});

Deno.test("Store serialises concurrent mutations", async () => {
  await withStore(BASE_YAML, async (store, tmp) => {
    const ids = Array.from({ length: 8 }, (_, i) => `c${i}`);
    await Promise.all(
      ids.map((id) => store.createDownstream({ ...NEW_DOWNSTREAM, id })),
    );
    assert.equal(store.snapshot().version, 9);
    assert.deepStrictEqual(store.snapshot().downstreams.map((d) => d.id), [
      "d1",
      "d2",
      ...ids,
    ]);
    const text = await tmp.read();
    for (const id of ids) assert.match(text, new RegExp(`- id: ${id}\\n`));
  });
});

Deno.test("Store rolls back SQLite and keeps file and snapshot when the YAML write fails", async () => {
  const tmp = await createTempConfig(BASE_YAML);
  const dbDir = await Deno.makeTempDir();
  let fail = true;
  const options: OpenStoreOptions = {
    databasePath: `${dbDir}/t.db`,
    writeFile: async (path, text) => {
      if (fail) throw new Error("disk full");
      await Deno.writeTextFile(path, text);
    },
  };
  try {
    const { store } = await openStore(tmp.path, options);
    try {
      const before = store.snapshot();
      await assert.rejects(store.createDownstream(NEW_DOWNSTREAM), {
        message: "disk full",
      });
      assert.equal(store.snapshot(), before);
      assert.equal(await tmp.read(), BASE_YAML);
      fail = false;
      await store.updateDownstream("d2", { name: "Two" });
      assert.equal(store.snapshot().version, 2);
      assert.equal(store.snapshot().downstreamsById.has("d3"), false);
      assert.doesNotMatch(await tmp.read(), /d3/);
    } finally {
      await store.close();
    }
    // The failed row never reached the database either.
    const reopened = await openStore(tmp.path, options);
    try {
      assert.deepStrictEqual(
        reopened.store.snapshot().downstreams.map((d) => d.id),
        ["d1", "d2"],
      );
    } finally {
      await reopened.store.close();
    }
  } finally {
    await tmp.cleanup();
    await Deno.remove(dbDir, { recursive: true });
  }
});

Deno.test("Store.close() waits for pending writes and refuses later mutations", async () => {
  await withStore(BASE_YAML, async (store, tmp) => {
    const pending = store.createDownstream(NEW_DOWNSTREAM);
    await store.close();
    assert.equal((await pending).id, "d3");
    assert.match(await tmp.read(), /- id: d3/);
    await assert.rejects(store.deleteRule("r-one"), Error);
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

Deno.test("Store notifies every subscriber even when one throws, then surfaces the error", async () => {
  await withStore(BASE_YAML, async (store) => {
    const seen: number[] = [];
    store.subscribe(() => {
      throw new RangeError("listener bug");
    });
    store.subscribe((snap) => seen.push(snap.version));
    await assert.rejects(store.deleteRule("r-one"), RangeError);
    assert.deepStrictEqual(seen, [2]);
    assert.equal(store.snapshot().rules.length, 1);
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

Deno.test("openStore() keeps a database-only downstream's translation options across restarts", async () => {
  const tmp = await createTempConfig(BASE_YAML);
  const databasePath = `${tmp.dir}/tresor.db`;
  const options = {
    reasoningEffortModels: [],
    hostedTools: "refuse",
    stripBillingHeader: true,
    anthropicBeta: ["a-2025-01-01"],
  } as const;
  try {
    const first = await openStore(tmp.path, { databasePath });
    try {
      await first.store.createDownstream({ ...NEW_DOWNSTREAM, ...options });
    } finally {
      await first.store.close();
    }
    // Only the database has it now.
    await Deno.writeTextFile(tmp.path, BASE_YAML);
    const second = await openStore(tmp.path, { databasePath });
    try {
      assert.deepStrictEqual(
        second.store.snapshot().downstreamsById.get("d3"),
        { ...NEW_DOWNSTREAM, ...options },
      );
    } finally {
      await second.store.close();
    }
  } finally {
    await tmp.cleanup();
  }
});
