import assert from "node:assert/strict";
import { join } from "node:path";
import { resolveConfigPath } from "../../../store/mod.ts";
import { ConfigError } from "../../../store/errors.ts";
import { createTempConfig } from "../../_helpers/temp_config.ts";

const noEnv = () => undefined;

Deno.test("resolveConfigPath() prefers the explicit path over everything", async () => {
  const tmp = await createTempConfig("listen: 127.0.0.1:0\n");
  try {
    const path = await resolveConfigPath({
      explicit: "custom.yaml",
      env: (name) => name === "TRESOR_CONFIG" ? "/env/tresor.yaml" : undefined,
      cwd: tmp.dir,
      home: "/home/u",
    });
    assert.equal(path, "custom.yaml");
  } finally {
    await tmp.cleanup();
  }
});

Deno.test("resolveConfigPath() uses $TRESOR_CONFIG before ./tresor.yaml", async () => {
  const tmp = await createTempConfig("listen: 127.0.0.1:0\n");
  try {
    const path = await resolveConfigPath({
      env: (name) => name === "TRESOR_CONFIG" ? "/env/tresor.yaml" : undefined,
      cwd: tmp.dir,
      home: "/home/u",
    });
    assert.equal(path, "/env/tresor.yaml");
  } finally {
    await tmp.cleanup();
  }
});

Deno.test("resolveConfigPath() uses ./tresor.yaml when it exists", async () => {
  const tmp = await createTempConfig("listen: 127.0.0.1:0\n");
  try {
    const path = await resolveConfigPath({
      env: noEnv,
      cwd: tmp.dir,
      home: "/home/u",
    });
    assert.equal(path, tmp.path);
  } finally {
    await tmp.cleanup();
  }
});

Deno.test("resolveConfigPath() falls back to ~/.config/tresor/tresor.yaml even when missing", async () => {
  const tmp = await createTempConfig();
  try {
    const path = await resolveConfigPath({
      env: (name) => name === "TRESOR_CONFIG" ? "" : undefined,
      cwd: tmp.dir,
      home: "/home/u",
    });
    assert.equal(path, join("/home/u", ".config", "tresor", "tresor.yaml"));
  } finally {
    await tmp.cleanup();
  }
});

Deno.test("resolveConfigPath() throws ConfigError without any candidate or home", async () => {
  const tmp = await createTempConfig();
  try {
    await assert.rejects(
      resolveConfigPath({ env: noEnv, cwd: tmp.dir, home: undefined }),
      ConfigError,
    );
  } finally {
    await tmp.cleanup();
  }
});
