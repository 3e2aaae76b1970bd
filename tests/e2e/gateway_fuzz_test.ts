/**
 * A seeded fuzz of the gateway routes (issue 12): thousands of hostile requests
 * (tests/_helpers/hostile_requests.ts) — wrong types in every field of each format, deep and
 * huge values, bad UTF-8, huge model names, broken bodies, wrong methods, odd headers — sent to
 * the daemon in a subprocess, across both converter directions and the Responses API. Every
 * answer must be a 2xx that reads whole, a 4xx in the client format's error shape, or a 502/504;
 * none may hang (each request is bounded); afterwards the process is alive and healthy.
 *
 * CI runs 2,000 requests. `TRESOR_FUZZ=long` (or `deno test … -- --long`) runs 10,000;
 * `TRESOR_FUZZ_SEED=N` picks another seed. A failure names the seed and the request's index.
 */
import assert from "node:assert/strict";
import { spawnRun } from "../_helpers/spawn_daemon.ts";
import { startMockUpstream } from "../_helpers/mock_upstream.ts";
import type { ClientFormat } from "../_helpers/hostile_bodies.ts";
import {
  type HostileRequest,
  hostileRequest,
} from "../_helpers/hostile_requests.ts";

const LONG = Deno.args.includes("--long") ||
  Deno.env.get("TRESOR_FUZZ") === "long";
const COUNT = LONG ? 10_000 : 2_000;
const SEED = Number(Deno.env.get("TRESOR_FUZZ_SEED") ?? 12);
const WORKERS = 8;
/** Generous for a loaded CI host; a hang is what it catches, not slowness. */
const REQUEST_TIMEOUT_MS = 30_000;
const API_KEY = "sk-fuzz";

/** Whether `body` is an error in the client format's shape. */
function isErrorShape(format: ClientFormat, body: unknown): boolean {
  if (body === null || typeof body !== "object") return false;
  const value = body as { type?: unknown; error?: Record<string, unknown> };
  const error = value.error;
  if (!error || typeof error !== "object") return false;
  if (typeof error.message !== "string") return false;
  if (format === "anthropic") {
    return value.type === "error" && typeof error.type === "string";
  }
  return typeof error.type === "string" || typeof error.code === "string";
}

/** What is wrong with an answer, or undefined when it is one the issue allows. */
function problemOf(
  req: HostileRequest,
  status: number,
  contentType: string,
  text: string,
): string | undefined {
  if (status >= 200 && status < 300) {
    if (contentType.includes("application/json")) {
      try {
        JSON.parse(text);
      } catch {
        return `a ${status} whose JSON does not parse`;
      }
    }
    return undefined;
  }
  if (status >= 500 && status !== 502 && status !== 504) {
    return `status ${status}`;
  }
  if (status < 400) return `status ${status}`;
  if (req.format === undefined || req.method === "HEAD") return undefined;
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    return `a ${status} that is not JSON: ${text.slice(0, 200)}`;
  }
  return isErrorShape(req.format, body)
    ? undefined
    : `a ${status} not in the ${req.format} error shape: ${text.slice(0, 200)}`;
}

Deno.test(`[e2e] ${COUNT} hostile gateway requests (seed ${SEED}) are each answered cleanly, and the daemon stays healthy`, async () => {
  const mock = startMockUpstream();
  const dir = await Deno.makeTempDir({ prefix: "tresor-fuzz-" });
  const configPath = `${dir}/tresor.yaml`;
  await Deno.writeTextFile(
    configPath,
    [
      "listen: 127.0.0.1:0",
      "log_level: error",
      `proxy_api_keys: [${API_KEY}]`,
      "upstream_connect_timeout_ms: 10000",
      "upstream_idle_timeout_ms: 10000",
      "downstreams:",
      "  - id: oai",
      "    name: OpenAI mock",
      "    api_formats: [openai]",
      `    base_url: ${mock.url}/v1`,
      "    api_key: sk-oai",
      "    output_model_ids: [gpt-mock]",
      "  - id: ant",
      "    name: Anthropic mock",
      "    api_formats: [anthropic]",
      `    base_url: ${mock.url}`,
      "    api_key: sk-ant",
      "    output_model_ids: [claude-mock]",
      "aliases:",
      "  - id: fuzz-regex",
      '    input_model_id: "^claude-fuzz-.*"',
      "    downstream_id: ant",
      "    output_model_id: claude-mock",
      "    is_active: true",
      "    is_regex: true",
      "",
    ].join("\n"),
  );
  const daemon = spawnRun(configPath);
  let exited = false;
  const status = daemon.process.status.then((s) => {
    exited = true;
    return s;
  });
  try {
    const url = await daemon.url;
    const counts = new Map<string, number>();
    const problems: string[] = [];
    let next = 0;
    const worker = async () => {
      while (next < COUNT && problems.length < 10) {
        const index = next++;
        const req = hostileRequest(SEED, index, {
          apiKey: API_KEY,
          models: ["gpt-mock", "claude-mock", "claude-fuzz-7"],
          hugeChars: 64 * 1024,
        });
        let problem: string | undefined;
        let key: string;
        try {
          const res = await fetch(`${url}${req.path}`, {
            method: req.method,
            headers: req.headers,
            body: req.body,
            signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
          });
          const text = await res.text();
          key = String(res.status);
          problem = problemOf(
            req,
            res.status,
            res.headers.get("content-type") ?? "",
            text,
          );
        } catch (err) {
          key = "no answer";
          problem = `no answer: ${String(err)}`;
        }
        counts.set(key, (counts.get(key) ?? 0) + 1);
        if (problem) {
          problems.push(
            `#${index} (seed ${SEED}) ${req.description}: ${problem}`,
          );
        }
      }
    };
    await Promise.all(Array.from({ length: WORKERS }, worker));
    const summary = [...counts].sort(([a], [b]) => a.localeCompare(b))
      .map(([k, n]) => `${k}: ${n}`).join(", ");
    // deno-lint-ignore no-console -- the counts by status are the fuzz run's report
    console.log(`fuzz seed ${SEED}, ${COUNT} requests: ${summary}`);
    assert.deepStrictEqual(problems, [], summary);
    assert.equal([...counts.values()].reduce((a, b) => a + b, 0), COUNT);

    assert.ok(!exited, `the daemon exited:\n${daemon.stderr()}`);
    const health = await fetch(`${url}/api/health`);
    assert.equal(health.status, 200);
    assert.deepStrictEqual(await health.json(), { status: "ok" });
    // And it still serves a plain request.
    const ok = await fetch(`${url}/v1/chat/completions`, {
      method: "POST",
      headers: {
        "content-type": "application/json",
        authorization: `Bearer ${API_KEY}`,
      },
      body: JSON.stringify({
        model: "gpt-mock",
        messages: [{ role: "user", content: "hi" }],
      }),
    });
    assert.equal(ok.status, 200);
    assert.equal((await ok.json()).choices[0].message.content, "Hello");
    assert.doesNotMatch(daemon.stderr(), /Gateway failed unexpectedly/);
  } finally {
    if (!exited) daemon.process.kill("SIGTERM");
    const { code } = await status;
    assert.equal(code, 0, daemon.stderr());
    await mock.close();
    await Deno.remove(dir, { recursive: true });
  }
});
