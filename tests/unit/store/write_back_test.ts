import assert from "node:assert/strict";
import { parseDocument } from "yaml";
import {
  applyStateToDocument,
  isTempFileOf,
  removeStaleTempFiles,
  renderDocument,
  writeFileAtomic,
} from "../../../store/write_back.ts";
import {
  DEFAULT_CONFIG_YAML,
  DEFAULT_SETTINGS,
  openStore,
} from "../../../store/mod.ts";
import type { StoreState } from "../../../store/state.ts";
import { createTempConfig } from "../../_helpers/temp_config.ts";

async function listDir(dir: string): Promise<string[]> {
  const names: string[] = [];
  for await (const entry of Deno.readDir(dir)) names.push(entry.name);
  return names.sort();
}

Deno.test("writeFileAtomic() replaces the file and leaves no temp file", async () => {
  const tmp = await createTempConfig("old: 1\n");
  try {
    await Deno.chmod(tmp.path, 0o640);
    await writeFileAtomic(tmp.path, "new: 2\n");
    assert.equal(await tmp.read(), "new: 2\n");
    assert.deepStrictEqual(await listDir(tmp.dir), ["tresor.yaml"]);
    if (Deno.build.os !== "windows") {
      assert.equal((await Deno.stat(tmp.path)).mode! & 0o777, 0o640);
    }
  } finally {
    await tmp.cleanup();
  }
});

Deno.test("writeFileAtomic() interrupted between temp file and rename leaves the old file intact", async () => {
  const tmp = await createTempConfig("old: 1\n");
  try {
    let tempSeen = "";
    await assert.rejects(
      writeFileAtomic(tmp.path, "new: 2\n", {
        beforeRename: async (tempPath) => {
          tempSeen = await Deno.readTextFile(tempPath);
          throw new Error("crash before rename");
        },
      }),
      { message: "crash before rename" },
    );
    assert.equal(tempSeen, "new: 2\n");
    assert.equal(await tmp.read(), "old: 1\n");
    assert.deepStrictEqual(await listDir(tmp.dir), ["tresor.yaml"]);
  } finally {
    await tmp.cleanup();
  }
});

Deno.test("writeFileAtomic() creates a missing file with mode 0600", async () => {
  const tmp = await createTempConfig();
  try {
    await writeFileAtomic(tmp.path, "a: 1\n");
    assert.equal(await tmp.read(), "a: 1\n");
    if (Deno.build.os !== "windows") {
      assert.equal((await Deno.stat(tmp.path)).mode! & 0o777, 0o600);
    }
  } finally {
    await tmp.cleanup();
  }
});

const TEMP_NAME_CASES: [string, boolean][] = [
  [".tresor.yaml.0a1b2c3d.tmp", true],
  [".tresor.yaml.deadbeef.tmp", true],
  // Anything else is the user's, not ours.
  ["tresor.yaml.0a1b2c3d.tmp", false],
  [".tresor.yaml.0A1B2C3D.tmp", false],
  [".tresor.yaml.0a1b2c3.tmp", false],
  [".tresor.yaml.0a1b2c3d4.tmp", false],
  [".tresor.yaml.0a1b2c3d.tmp.bak", false],
  [".tresor.yaml.tmp", false],
  [".other.yaml.0a1b2c3d.tmp", false],
  [".tresor.yaml.0a1b-c3d.tmp", false],
  [".tresor.yaml.my-notes.tmp", false],
];

for (const [name, want] of TEMP_NAME_CASES) {
  Deno.test(`isTempFileOf() is ${want} for ${name}`, () => {
    assert.equal(isTempFileOf(name, "tresor.yaml"), want);
  });
}

Deno.test("removeStaleTempFiles() removes only the config's own temp files", async () => {
  const tmp = await createTempConfig("a: 1\n");
  try {
    const ours = [".tresor.yaml.0a1b2c3d.tmp", ".tresor.yaml.ffffffff.tmp"];
    const theirs = [
      ".other.yaml.0a1b2c3d.tmp",
      "tresor.yaml.bak",
      ".tresor.yaml.notes.tmp",
    ];
    for (const name of [...ours, ...theirs]) {
      await Deno.writeTextFile(`${tmp.dir}/${name}`, "partial");
    }
    // A folder with a matching name is not a file we wrote.
    await Deno.mkdir(`${tmp.dir}/.tresor.yaml.12345678.tmp`);
    assert.deepStrictEqual(await removeStaleTempFiles(tmp.path), ours);
    assert.deepStrictEqual(
      await listDir(tmp.dir),
      [".tresor.yaml.12345678.tmp", ...theirs, "tresor.yaml"].sort(),
    );
    assert.deepStrictEqual(await removeStaleTempFiles(tmp.path), []);
    assert.deepStrictEqual(
      await removeStaleTempFiles(`${tmp.dir}/missing/tresor.yaml`),
      [],
    );
  } finally {
    await tmp.cleanup();
  }
});

Deno.test("openStore() cleans up an interrupted write-back's temp file and says so", async () => {
  const tmp = await createTempConfig("listen: 127.0.0.1:0\n");
  try {
    await Deno.writeTextFile(
      `${tmp.dir}/.tresor.yaml.0a1b2c3d.tmp`,
      "listen: 127.0.0.1:0\ndownstre",
    );
    const { store, warnings } = await openStore(tmp.path, {
      databasePath: ":memory:",
    });
    await store.close();
    assert.deepStrictEqual(warnings, [
      `${tmp.path}: removed 1 temp file(s) left by an interrupted write: .tresor.yaml.0a1b2c3d.tmp`,
    ]);
    assert.deepStrictEqual(await listDir(tmp.dir), ["tresor.yaml"]);
  } finally {
    await tmp.cleanup();
  }
});

const STATE: StoreState = {
  settings: { ...DEFAULT_SETTINGS, logLevel: "warn" },
  downstreams: [{
    id: "a",
    name: "A",
    apiFormats: ["openai"],
    baseUrl: "http://127.0.0.1:9/v1",
    apiKey: "",
    outputModelIds: ["m"],
    maxOutputTokens: 100,
  }],
  rules: [],
  aliases: [],
  aliasOrigins: new Map(),
};

Deno.test("applyStateToDocument() fills an empty document with the non-default state", () => {
  const doc = parseDocument("");
  applyStateToDocument(doc, STATE);
  assert.equal(
    renderDocument(doc),
    `log_level: warn
downstreams:
  - id: a
    name: A
    api_formats: [openai]
    base_url: http://127.0.0.1:9/v1
    output_model_ids: [m]
    max_output_tokens: 100
`,
  );
});

Deno.test("applyStateToDocument() updates items in place, removes cleared known keys and stale items", () => {
  const doc = parseDocument(`# head
log_level: info # level
downstreams:
  - id: gone
    base_url: http://127.0.0.1:9
  # about a
  - id: a
    name: A # name comment
    base_url: http://127.0.0.1:1/v1
    max_output_tokens: 5
    default_max_tokens: 7
    mine: keep
rules: []
aliases: []
`);
  applyStateToDocument(doc, STATE);
  assert.equal(
    renderDocument(doc),
    `# head
log_level: warn # level
downstreams:
  # about a
  - id: a
    name: A # name comment
    base_url: http://127.0.0.1:9/v1
    max_output_tokens: 100
    mine: keep
    api_formats: [openai]
    output_model_ids: [m]
rules: []
aliases: []
`,
  );
});

Deno.test("renderDocument() leaves the default config text unchanged", () => {
  assert.equal(
    renderDocument(parseDocument(DEFAULT_CONFIG_YAML)),
    DEFAULT_CONFIG_YAML,
  );
});

Deno.test("renderDocument() never folds long values", () => {
  const url = `http://127.0.0.1:9/${"segment/".repeat(20)}`;
  const doc = parseDocument("");
  applyStateToDocument(doc, {
    ...STATE,
    downstreams: [{
      ...STATE.downstreams[0],
      name: "A very long name ".repeat(8).trim(),
      baseUrl: url,
    }],
  });
  const text = renderDocument(doc);
  assert.ok(text.includes(`    base_url: ${url}\n`));
  assert.equal(parseDocument(text).toJS().downstreams[0].base_url, url);
});
