/**
 * `tresor logs show|replay|export` (issue 17) in-process against the admin API: the inspector's
 * view as text, a replay to another downstream, and the export as JSON on stdout or in a file,
 * secrets redacted; `tresor logs` itself still lists the log.
 */
import assert from "node:assert/strict";
import { main } from "../../cli/mod.ts";
import type { CliIo } from "../../cli/mod.ts";
import { type ApiServer, startApiServer } from "../_helpers/api_server.ts";
import { loggedEntries } from "../_helpers/gateway_server.ts";
import { startMockUpstream } from "../_helpers/mock_upstream.ts";
import type { LogDetailJson } from "../../store/mod.ts";

async function tresor(
  server: ApiServer,
  args: string[],
): Promise<{ code: number; out: string; err: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const io: CliIo = {
    out: (text) => out.push(text),
    err: (text) => err.push(text),
    env: () => undefined,
    cwd: server.dir,
    home: undefined,
  };
  const code = await main(
    ["--url", server.url, "--password", "pw", ...args],
    io,
  );
  return { code, out: out.join("\n"), err: err.join("\n") };
}

Deno.test("[e2e] cli: logs show, replay and export one captured request", async () => {
  const mock = startMockUpstream();
  const server = await startApiServer({
    password: "pw",
    config: `listen: 127.0.0.1:0
admin_password: pw
log_level: error
capture: {mode: all}
downstreams:
  - id: ant
    api_formats: [anthropic]
    base_url: ${mock.url}
    api_key: sk-ant-cli-secret
    output_model_ids: [claude-x]
  - id: oai
    api_formats: [openai]
    base_url: ${mock.url}/v1
    api_key: sk-oai-cli-secret
    output_model_ids: [gpt-x]
`,
  });
  try {
    const res = await fetch(`${server.url}/v1/chat/completions`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({
        model: "claude-x",
        messages: [{ role: "user", content: "hi" }],
        logit_bias: { "1": 2 },
      }),
    });
    await res.body?.cancel();
    const id = res.headers.get("x-tresor-request-id")!;
    await loggedEntries(server.requestLog, 1);

    const show = await tresor(server, ["logs", "show", id]);
    assert.equal(show.code, 0, show.err);
    assert.match(show.out, /^Request \S+ /);
    assert.match(show.out, /Formats {3}openai → anthropic/);
    assert.match(show.out, /Pipeline {2}1\. openai2anthropic \(automatic\)/);
    assert.match(show.out, /Warning {3}debug openai2anthropic: Dropped fields/);
    assert.match(
      show.out,
      /^== Forwarded http:\/\/127\.0\.0\.1:\d+\/v1\/messages$/m,
    );
    assert.match(show.out, /^x-api-key: \[redacted\]$/m);
    assert.match(show.out, /"max_tokens": \d+/);

    const replay = await tresor(server, ["logs", "replay", id, "--to", "oai"]);
    assert.equal(replay.code, 0, replay.err);
    assert.match(replay.out, /^Replayed as \S+: 200\n\n\{/);
    assert.equal(mock.requests.at(-1)?.path, "/v1/chat/completions");
    const missing = await tresor(server, [
      "logs",
      "replay",
      id,
      "--to",
      "gone",
    ]);
    assert.notEqual(missing.code, 0);
    assert.equal(missing.err, 'tresor: downstream_id: no downstream "gone"');

    const exported = await tresor(server, ["logs", "export", id]);
    const detail = JSON.parse(exported.out) as LogDetailJson;
    assert.equal(detail.id, id);
    assert.equal(detail.capture?.forwarded?.headers["x-api-key"], "[redacted]");
    const file = `${server.dir}/request.json`;
    const saved = await tresor(server, ["logs", "export", id, "-o", file]);
    assert.equal(saved.out, `Saved request ${id} to ${file}`);
    const text = await Deno.readTextFile(file);
    assert.deepStrictEqual(JSON.parse(text), detail);
    assert.ok(!text.includes("cli-secret"));

    const list = await tresor(server, ["logs"]);
    assert.match(list.out, /claude-x/);
  } finally {
    await server.close();
    await mock.close();
  }
});
