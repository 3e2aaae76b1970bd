/**
 * Hot reload under a running daemon (issue 16): the config file edited on disk while the daemon
 * serves — a valid edit routes a new alias without a restart, the daemon's own write-back is not
 * an edit, an invalid edit is refused with `file:line` (logged, on `/api/config`, mutations
 * refused) while the old config keeps serving, and an edit racing an API mutation loses neither.
 */
import assert from "node:assert/strict";
import type { AliasJson, SettingsJson } from "../../store/mod.ts";
import {
  type InProcessDaemon,
  startInProcessDaemon,
} from "../_helpers/daemon.ts";
import { startMockUpstream } from "../_helpers/mock_upstream.ts";

const PASSWORD = "reload-pw";

function configYaml(upstream: string): string {
  return `# hand-written config
listen: 127.0.0.1:0
admin_password: ${PASSWORD}
proxy_mode: none
log_level: info
downstreams:
  - id: mock
    api_formats: [openai]
    base_url: ${upstream}/v1
    output_model_ids: [mock-model]
aliases:
  - id: old-name
    input_model_id: old
    downstream_id: mock
    output_model_id: mock-model
    is_active: true
`;
}

function alias(id: string, input: string): string {
  return `  - id: ${id}
    input_model_id: ${input}
    downstream_id: mock
    output_model_id: mock-model
    is_active: true
`;
}

/** `text` with `block` as the first item of its aliases list. */
function withAlias(text: string, block: string): string {
  return text.replace("aliases:\n", `aliases:\n${block}`);
}

function admin(
  daemon: InProcessDaemon,
  method: string,
  path: string,
  body?: unknown,
): Promise<Response> {
  return fetch(`${daemon.url}${path}`, {
    method,
    headers: {
      authorization: `Bearer ${PASSWORD}`,
      ...(body === undefined ? {} : { "content-type": "application/json" }),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
}

async function chatStatus(daemon: InProcessDaemon, model: string) {
  const res = await fetch(`${daemon.url}/v1/chat/completions`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({
      model,
      messages: [{ role: "user", content: "hi" }],
    }),
  });
  await res.body?.cancel();
  return res.status;
}

function logged(daemon: InProcessDaemon, message: string): string[] {
  return daemon.logs.filter((line) => line.includes(`"${message}"`));
}

Deno.test("[e2e] hot reload: edits to the config file under a running daemon", async (t) => {
  const mock = startMockUpstream();
  const daemon = await startInProcessDaemon(configYaml(mock.url));
  const file = daemon.configPath;
  try {
    await t.step(
      "a valid edit routes a new alias without a restart",
      async () => {
        assert.equal(await chatStatus(daemon, "fresh"), 404);
        await Deno.writeTextFile(
          file,
          withAlias(
            await Deno.readTextFile(file),
            alias("fresh-name", "fresh"),
          ),
        );
        assert.equal((await daemon.nextReload()).kind, "applied");
        assert.equal(await chatStatus(daemon, "fresh"), 200);
        assert.equal(logged(daemon, "Config file reloaded").length, 1);
      },
    );

    await t.step("the daemon's own write-back is not an edit", async () => {
      const res = await admin(daemon, "POST", "/api/aliases/old-name/activate");
      assert.equal(res.status, 200);
      await res.body?.cancel();
      assert.deepStrictEqual(await daemon.nextReload(), { kind: "unchanged" });
      assert.equal(logged(daemon, "Config file reloaded").length, 1);
    });

    await t.step(
      "an invalid edit is refused with file:line; the running config keeps serving",
      async () => {
        const good = await Deno.readTextFile(file);
        await Deno.writeTextFile(
          file,
          good.replace("log_level: info", "log_level: loud"),
        );
        const outcome = await daemon.nextReload();
        assert.equal(outcome.kind, "invalid");
        const error =
          `${file}:5: log_level: Invalid option: expected one of "debug"|"info"|"warn"|"error"`;
        assert.deepStrictEqual(outcome, { kind: "invalid", error });
        const [line] = logged(
          daemon,
          "Config file edit refused; the running config is kept",
        );
        assert.equal(JSON.parse(line).error, error);
        const settings: SettingsJson =
          await (await admin(daemon, "GET", "/api/config")).json();
        assert.equal(settings.config_error, error);
        assert.equal(settings.log_level, "info");
        assert.equal(await chatStatus(daemon, "fresh"), 200);
        // A change through the API would overwrite the user's edit: refused.
        const refused = await admin(daemon, "PUT", "/api/aliases/fresh-name", {
          output_model_id: "other",
        });
        assert.equal(refused.status, 409);
        assert.match(
          (await refused.json()).error,
          /the config file has an invalid edit/,
        );

        await Deno.writeTextFile(
          file,
          good.replace("log_level: info", "log_level: warn"),
        );
        assert.equal((await daemon.nextReload()).kind, "applied");
        const fixed: SettingsJson =
          await (await admin(daemon, "GET", "/api/config")).json();
        assert.equal(fixed.config_error, null);
        assert.equal(fixed.log_level, "warn");
      },
    );

    await t.step("an edit racing an API mutation: both are kept", async () => {
      const before = await Deno.readTextFile(file);
      const [created] = await Promise.all([
        admin(daemon, "POST", "/api/aliases", {
          id: "api-made",
          input_model_id: "from-api",
          downstream_id: "mock",
          output_model_id: "mock-model",
        }),
        Deno.writeTextFile(
          file,
          withAlias(before, alias("edit-made", "from-edit")),
        ),
      ]);
      await created.body?.cancel();
      if (created.status === 409) {
        // The edit landed while the mutation wrote: it was refused, not overwritten; again.
        const again = await admin(daemon, "POST", "/api/aliases", {
          id: "api-made",
          input_model_id: "from-api",
          downstream_id: "mock",
          output_model_id: "mock-model",
        });
        assert.equal(again.status, 201);
        await again.body?.cancel();
      } else {
        assert.equal(created.status, 201);
      }
      const ids = async () =>
        ((await (await admin(daemon, "GET", "/api/aliases"))
          .json()) as AliasJson[])
          .map((a) => a.id);
      // Each burst of file events ends in one look at the file; the edit's look settles it.
      for (
        let looks = 0;
        looks < 5 && !(await ids()).includes("edit-made");
        looks++
      ) {
        await daemon.nextReload();
      }
      const final = await ids();
      assert.ok(
        final.includes("api-made") && final.includes("edit-made"),
        final.join(),
      );
      const text = await Deno.readTextFile(file);
      assert.match(text, /id: edit-made/);
      assert.match(text, /# hand-written config/);
      // The API's alias is on disk too, at the latest with the next write-back.
      const touched = await admin(
        daemon,
        "POST",
        "/api/aliases/old-name/activate",
      );
      await touched.body?.cancel();
      assert.match(await Deno.readTextFile(file), /id: api-made/);
    });
  } finally {
    daemon.stop();
    assert.equal(await daemon.exitCode, 0);
    await mock.close();
    await Deno.remove(daemon.dir, { recursive: true });
  }
});
