/** `openStore()`: creating and seeding the config, merging YAML and database, typed config errors. */
import assert from "node:assert/strict";
import { openStore } from "../../../store/mod.ts";
import {
  BASE_YAML,
  NEW_DOWNSTREAM,
  ruleInput,
  withStore,
} from "../../_helpers/store_fixture.ts";
import { createTempConfig } from "../../_helpers/temp_config.ts";

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
