/**
 * `Store.reload()` and external edits (issue 16): a valid edit applied by the start-up rules, the
 * store's own write-back not an edit, an invalid edit refused with `file:line` (mutations too,
 * until it is fixed), an edit pending on disk applied before a mutation writes, and an edit that
 * lands while a mutation writes never overwritten.
 */
import assert from "node:assert/strict";
import { ConflictError } from "../../../store/mod.ts";
import { writeFileAtomic } from "../../../store/write_back.ts";
import {
  assertIncludes,
  BASE_YAML,
  withStore,
} from "../../_helpers/store_fixture.ts";

const NEW_ALIAS = `  - id: new-one
    input_model_id: fresh
    downstream_id: d2
    output_model_id: z
    is_active: true
`;

Deno.test("reload() applies a valid edit: a new alias, a changed setting, the user's comment kept", async () => {
  await withStore(BASE_YAML, async (store, tmp) => {
    const edited = (await tmp.read())
      .replace("log_level: info", "log_level: debug # louder")
      .concat(NEW_ALIAS);
    await Deno.writeTextFile(tmp.path, edited);
    const outcome = await store.reload();
    assert.deepStrictEqual(outcome, {
      kind: "applied",
      // Warnings come back as on start (the fixture has an unknown key).
      warnings: [
        `${tmp.path}:12: downstreams[0].custom_note: unknown key, ignored`,
      ],
      restartNeeded: [],
    });
    const snapshot = store.snapshot();
    assert.equal(snapshot.version, 2);
    assert.equal(snapshot.settings.logLevel, "debug");
    assert.ok(snapshot.aliases.some((a) => a.id === "new-one" && a.isActive));
    assert.equal(store.configError, undefined);
    // The next write-back starts from the edited file.
    await store.updateDownstream("d2", { name: "Two" });
    const text = await tmp.read();
    assertIncludes(text, "log_level: debug # louder");
    assertIncludes(text, "id: new-one");
  });
});

Deno.test("reload() sees the store's own write-back as no edit", async () => {
  await withStore(BASE_YAML, async (store) => {
    await store.activateAlias("a2");
    const version = store.snapshot().version;
    assert.deepStrictEqual(await store.reload(), { kind: "unchanged" });
    assert.equal(store.snapshot().version, version);
  });
});

Deno.test("reload() refuses an invalid edit with file:line, keeps the running config, and refuses mutations until it is fixed", async () => {
  await withStore(BASE_YAML, async (store, tmp) => {
    const good = await tmp.read();
    await Deno.writeTextFile(
      tmp.path,
      good.replace("base_url: http://127.0.0.1:9/v2", "base_url: nope"),
    );
    const outcome = await store.reload();
    assert.equal(outcome.kind, "invalid");
    const error = `${tmp.path}:14: downstreams[1].base_url: not a URL`;
    assert.deepStrictEqual(outcome, { kind: "invalid", error });
    assert.equal(store.configError, error);
    assert.equal(store.snapshot().version, 1);
    assert.equal(
      store.snapshot().downstreamsById.get("d2")?.baseUrl,
      "http://127.0.0.1:9/v2",
    );
    // Saving now would overwrite the user's edit: refused, the file untouched.
    await assert.rejects(
      store.updateDownstream("d1", { name: "X" }),
      (err) =>
        err instanceof ConflictError &&
        err.message.includes("the config file has an invalid edit") &&
        err.message.includes(error),
    );
    assertIncludes(await tmp.read(), "base_url: nope");
    // Reverted: in use again.
    await Deno.writeTextFile(tmp.path, good);
    assert.deepStrictEqual(await store.reload(), { kind: "unchanged" });
    assert.equal(store.configError, undefined);
  });
});

Deno.test("reload() keeps database-only rows and active runtime switches, by the start-up rules", async () => {
  await withStore(BASE_YAML, async (store, tmp) => {
    await store.activateAlias("a2"); // a runtime switch, written back
    const text = await tmp.read();
    // The user deletes downstream d2's block and alias a3 by hand.
    const start = text.indexOf("  - id: d2");
    const end = text.indexOf("rules:");
    const edited = text.slice(0, start) + text.slice(end);
    const withoutA3 = edited.slice(0, edited.indexOf("  - id: a3"));
    await Deno.writeTextFile(tmp.path, withoutA3);
    const outcome = await store.reload();
    assert.equal(outcome.kind, "applied");
    const snapshot = store.snapshot();
    // Rows only in the database survive the merge, as on start; the switch stays.
    assert.ok(snapshot.downstreamsById.has("d2"));
    assert.equal(snapshot.aliases.find((a) => a.id === "a2")?.isActive, true);
  });
});

Deno.test("reload() skips an empty or missing file (an editor mid-save)", async () => {
  await withStore(BASE_YAML, async (store, tmp) => {
    await Deno.writeTextFile(tmp.path, "");
    assert.deepStrictEqual(await store.reload(), {
      kind: "skipped",
      reason: "the config file is empty",
    });
    await Deno.remove(tmp.path);
    assert.deepStrictEqual(await store.reload(), {
      kind: "skipped",
      reason: "the config file is missing",
    });
    assert.equal(store.snapshot().version, 1);
  });
});

Deno.test("reload() names changed settings that wait for a restart", async () => {
  await withStore(BASE_YAML, async (store, tmp) => {
    await Deno.writeTextFile(
      tmp.path,
      (await tmp.read()).replace(
        "listen: 127.0.0.1:0",
        "listen: 127.0.0.1:4321",
      ),
    );
    const outcome = await store.reload();
    assert.equal(outcome.kind, "applied");
    assert.deepStrictEqual(
      outcome.kind === "applied" && outcome.restartNeeded,
      ["listen"],
    );
  });
});

Deno.test("a mutation applies an edit pending on disk first: both are kept", async () => {
  await withStore(BASE_YAML, async (store, tmp) => {
    await Deno.writeTextFile(tmp.path, (await tmp.read()).concat(NEW_ALIAS));
    await store.createAlias({
      id: "api-made",
      inputModelId: "g",
      downstreamId: "d1",
      outputModelId: "m2",
      isActive: false,
      isRegex: false,
    });
    const ids = store.snapshot().aliases.map((a) => a.id);
    assert.ok(ids.includes("new-one") && ids.includes("api-made"));
    const text = await tmp.read();
    assertIncludes(text, "id: new-one");
    assertIncludes(text, "id: api-made");
    assert.deepStrictEqual(await store.reload(), { kind: "unchanged" });
  });
});

Deno.test("an edit landing while a mutation writes is never overwritten: the mutation is refused", async () => {
  let racing = true;
  const editWhileWriting = async (
    path: string,
    text: string,
    options?: { beforeRename?: () => Promise<void> },
  ) => {
    await writeFileAtomic(path, text, {
      beforeRename: async () => {
        if (racing) {
          // The user's editor saves between the store's read and its rename.
          racing = false;
          const now = await Deno.readTextFile(path);
          await Deno.writeTextFile(path, now.concat(NEW_ALIAS));
        }
        await options?.beforeRename?.();
      },
    });
  };
  await withStore(
    BASE_YAML,
    async (store, tmp) => {
      await assert.rejects(
        store.updateDownstream("d1", { name: "Racing" }),
        (err) =>
          err instanceof ConflictError &&
          /changed on disk while saving/.test(err.message),
      );
      assertIncludes(await tmp.read(), "id: new-one");
      assert.equal(store.snapshot().downstreamsById.get("d1")?.name, "One");
      // Tried again, both land.
      await store.updateDownstream("d1", { name: "Racing" });
      assert.equal(store.snapshot().downstreamsById.get("d1")?.name, "Racing");
      assertIncludes(await tmp.read(), "id: new-one");
      assertIncludes(await tmp.read(), "name: Racing");
    },
    { databasePath: ":memory:", writeFile: editWhileWriting },
  );
});
