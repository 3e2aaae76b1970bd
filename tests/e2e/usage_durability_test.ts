/**
 * Usage records outlive the daemon: a clean stop writes what is queued, a restart keeps the
 * history, and a `kill -9` after the writer said it wrote the rows loses none of them (a crash
 * loses at most the batch not yet written). The daemon runs as its own process here, and the
 * test waits for its "Usage rows written" debug line (with the running total) as the signal
 * that a batch is on disk.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { killNow, spawnRun } from "../_helpers/spawn_daemon.ts";
import { startInProcessDaemon } from "../_helpers/daemon.ts";
import { startMockUpstream } from "../_helpers/mock_upstream.ts";
import { usageReply } from "../_helpers/usage_upstream.ts";
import { readUsageCsv, waitForLogged } from "../_helpers/usage_rows.ts";

function config(mockUrl: string, logLevel: string): string {
  return `listen: 127.0.0.1:0
admin_password: ""
log_level: ${logLevel}
downstreams:
  - id: oai
    api_formats: [openai]
    base_url: ${mockUrl}/v1
    api_key: sk-up
    output_model_ids: [gpt-4o]
`;
}

async function chat(url: string, stream: boolean): Promise<void> {
  const res = await fetch(`${url}/v1/chat/completions`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({
      model: "gpt-4o",
      stream,
      messages: [{ role: "user", content: "hi" }],
    }),
  });
  assert.equal(res.status, 200);
  await res.text();
}

Deno.test("[e2e] a kill -9 after the writer reported its batch keeps every row, and a restart keeps the history", async () => {
  const mock = startMockUpstream();
  mock.handler = usageReply;
  const dir = await Deno.makeTempDir({ prefix: "tresor-usage-kill-" });
  const configPath = join(dir, "tresor.yaml");
  await Deno.writeTextFile(configPath, config(mock.url, "debug"));
  const N = 6;
  let daemon = spawnRun(configPath);
  try {
    const url = await daemon.url;
    for (let i = 0; i < N; i++) await chat(url, i % 2 === 1);
    await daemon.waitForStderr(
      new RegExp(`"msg":"Usage rows written".*"total":${N}\\b`),
    );
    killNow(daemon.process);
    await daemon.process.status;

    daemon = spawnRun(configPath);
    const again = await daemon.url;
    const { rows } = await readUsageCsv(again);
    assert.equal(rows.length, N);
    assert.deepStrictEqual(
      rows.map((r) => [r.stream, r.input_tokens, r.output_tokens]),
      Array.from(
        { length: N },
        (_, i) => [String(i % 2 === 1), "1000", "300"],
      ),
    );
  } finally {
    killNow(daemon.process);
    await daemon.process.status;
    await mock.close();
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("[e2e] a clean stop writes the queued rows at once, and the restarted daemon reports them", async () => {
  const mock = startMockUpstream();
  mock.handler = usageReply;
  const first = await startInProcessDaemon(config(mock.url, "warn"));
  try {
    await chat(first.url, false);
    await chat(first.url, true);
    await waitForLogged(first.url, 2);
    first.stop();
    assert.equal(await first.exitCode, 0);

    const second = await startInProcessDaemon(config(mock.url, "warn"), {
      dir: first.dir,
    });
    try {
      const res = await fetch(`${second.url}/api/usage?group_by=downstream`);
      const report = await res.json();
      assert.equal(report.totals.requests, 2);
      assert.equal(report.totals.input_tokens, 2000);
      assert.deepStrictEqual(
        report.groups.map((g: { key: string }) => g.key),
        ["oai"],
      );
    } finally {
      second.stop();
      await second.exitCode;
    }
  } finally {
    await mock.close();
    await Deno.remove(first.dir, { recursive: true });
  }
});
