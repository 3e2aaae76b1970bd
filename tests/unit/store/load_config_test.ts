import assert from "node:assert/strict";
import {
  ConfigError,
  DEFAULT_SETTINGS,
  loadConfig,
} from "../../../store/mod.ts";
import { createTempConfig } from "../../_helpers/temp_config.ts";

Deno.test("loadConfig() returns settings and warnings without creating anything", async () => {
  const tmp = await createTempConfig(
    "listen: 127.0.0.1:7000\nadmin_password: pw\ncolor: x\n",
  );
  try {
    const { settings, warnings } = await loadConfig(tmp.path);
    assert.deepStrictEqual(settings, {
      ...DEFAULT_SETTINGS,
      listen: "127.0.0.1:7000",
      adminPassword: "pw",
    });
    assert.deepStrictEqual(warnings, [
      `${tmp.path}:3: color: unknown key, ignored`,
    ]);
    const entries = [];
    for await (const entry of Deno.readDir(tmp.dir)) entries.push(entry.name);
    assert.deepStrictEqual(entries, ["tresor.yaml"]);
  } finally {
    await tmp.cleanup();
  }
});

Deno.test("loadConfig() throws ConfigError for a missing or invalid file", async () => {
  const tmp = await createTempConfig();
  try {
    await assert.rejects(loadConfig(tmp.path), ConfigError);
    await Deno.writeTextFile(tmp.path, "listen: nowhere\n");
    await assert.rejects(loadConfig(tmp.path), {
      name: "ConfigError",
      message: `${tmp.path}:1: listen: must be host:port`,
    });
  } finally {
    await tmp.cleanup();
  }
});
