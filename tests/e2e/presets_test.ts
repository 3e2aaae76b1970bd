/**
 * Provider presets through the API and the CLI (issue 16): `GET /api/presets`, and
 * `tresor downstream add --preset NAME --key KEY [--id] [--name]` creating a downstream from one.
 */
import assert from "node:assert/strict";
import { PRESETS } from "../../store/mod.ts";
import {
  type ApiServer,
  callJson,
  sampleConfig,
  startApiServer,
} from "../_helpers/api_server.ts";
import { runCli } from "../_helpers/cli_in_process.ts";

function cli(server: ApiServer, args: string[]) {
  return runCli(
    { url: server.url, password: "hunter2", cwd: server.dir },
    args,
  );
}

Deno.test("[e2e] GET /api/presets lists every preset, admin credentials required", async () => {
  const server = await startApiServer({ config: sampleConfig() });
  try {
    const res = await callJson(server, "GET", "/api/presets");
    assert.equal(res.status, 200);
    assert.deepStrictEqual(res.body, PRESETS);
    const anonymous = await server.call("/api/presets", { auth: null });
    assert.equal(anonymous.status, 401);
    await anonymous.body?.cancel();
  } finally {
    await server.close();
  }
});

Deno.test("[e2e] tresor downstream add --preset creates the provider's downstream, options winning", async () => {
  const server = await startApiServer({ config: sampleConfig() });
  try {
    const added = await cli(server, [
      "downstream",
      "add",
      "--preset",
      "DeepSeek",
      "--key",
      "sk-deep-123456789",
    ]);
    assert.equal(added.code, 0, added.err.join("\n"));
    assert.equal(added.out, "Added downstream deepseek");
    const deepseek = server.store.snapshot().downstreamsById.get("deepseek");
    assert.deepStrictEqual(deepseek, {
      id: "deepseek",
      name: "DeepSeek",
      apiFormats: ["openai"],
      baseUrl: "https://api.deepseek.com",
      apiKey: "sk-deep-123456789",
      outputModelIds: ["deepseek-chat", "deepseek-reasoner"],
    });
    const named = await cli(server, [
      "downstream",
      "add",
      "--preset",
      "ollama",
      "--id",
      "gpu-box",
      "--name",
      "GPU box",
      "--key",
      "unused",
    ]);
    assert.equal(named.code, 0, named.err.join("\n"));
    const box = server.store.snapshot().downstreamsById.get("gpu-box");
    assert.equal(box?.name, "GPU box");
    assert.equal(box?.baseUrl, "http://localhost:11434/v1");
    assert.deepStrictEqual(box?.apiFormats, ["openai", "anthropic"]);
    assert.match(await Deno.readTextFile(server.configPath), /id: gpu-box/);

    const unknown = await cli(server, [
      "downstream",
      "add",
      "--preset",
      "acme",
    ]);
    assert.equal(unknown.code, 1);
    assert.match(
      unknown.err[0],
      /^tresor: unknown preset "acme": one of openai, /,
    );
    const listed = await cli(server, ["downstream", "presets"]);
    assert.match(
      listed.out,
      /^ID\s+NAME\s+FORMATS\s+BASE URL\nopenai\s+OpenAI\s+openai,responses\s+https:\/\/api\.openai\.com\/v1\n/,
    );
  } finally {
    await server.close();
  }
});
