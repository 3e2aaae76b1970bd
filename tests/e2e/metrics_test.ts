/**
 * `GET /metrics` on the real daemon: refused without credentials, served for the admin password
 * and for `metrics_token`, refused under a foreign Host like every route, and parsed with a
 * Prometheus text-format parser — the contract's metric names and labels, with the counts of the
 * requests the test made (streams in flight included).
 */
import assert from "node:assert/strict";
import parsePrometheusTextFormat from "parse-prometheus-text-format";
import { startInProcessDaemon } from "../_helpers/daemon.ts";
import { startMockUpstream } from "../_helpers/mock_upstream.ts";
import { rawRequest } from "../_helpers/raw_http.ts";
import { usageReply } from "../_helpers/usage_upstream.ts";
import { waitForLogged } from "../_helpers/usage_rows.ts";
import { versionInfo } from "../../cli/version.ts";

const PASSWORD = "admin-pw-123";
const TOKEN = "metrics-token-456";

function config(mockUrl: string): string {
  return `listen: 127.0.0.1:0
admin_password: ${PASSWORD}
metrics_token: ${TOKEN}
log_level: warn
downstreams:
  - id: oai
    api_formats: [openai]
    base_url: ${mockUrl}/v1
    api_key: sk-up
    output_model_ids: [gpt-4o, broken-model, held]
`;
}

interface Sample {
  value?: string;
  labels?: Record<string, string>;
  buckets?: Record<string, string>;
  count?: string;
  sum?: string;
}

interface Family {
  name: string;
  type: string;
  metrics: Sample[];
}

function scrape(text: string): Map<string, Family> {
  const families: Family[] = parsePrometheusTextFormat(text);
  return new Map(families.map((f) => [f.name, f]));
}

function value(
  families: Map<string, Family>,
  name: string,
  labels: Record<string, string>,
): number | undefined {
  const sample = families.get(name)?.metrics.find((m) =>
    Object.entries(labels).every(([k, v]) => m.labels?.[k] === v)
  );
  return sample?.value === undefined ? undefined : Number(sample.value);
}

async function chat(url: string, model: string, stream = false) {
  return await fetch(`${url}/v1/chat/completions`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({
      model,
      stream,
      messages: [{ role: "user", content: "hi" }],
    }),
  });
}

Deno.test("[e2e] /metrics serves the admin credentials and metrics_token only, and refuses a foreign Host", async () => {
  const mock = startMockUpstream();
  const daemon = await startInProcessDaemon(config(mock.url));
  try {
    const statusOf = async (headers: HeadersInit) => {
      const res = await fetch(`${daemon.url}/metrics`, { headers });
      await res.body?.cancel();
      return [res.status, res.headers.get("content-type")];
    };
    assert.deepStrictEqual(await statusOf({}), [
      401,
      "text/plain; charset=utf-8",
    ]);
    assert.equal((await statusOf({ authorization: "Bearer nope" }))[0], 401);
    assert.deepStrictEqual(
      await statusOf({ authorization: `Bearer ${TOKEN}` }),
      [200, "text/plain; version=0.0.4; charset=utf-8"],
    );
    assert.equal(
      (await statusOf({ authorization: `Bearer ${PASSWORD}` }))[0],
      200,
    );
    const foreign = await rawRequest(daemon.port, {
      target: "/metrics",
      headers: [["Host", "evil.example"], [
        "Authorization",
        `Bearer ${TOKEN}`,
      ]],
    });
    assert.equal(foreign.status, 403);
    const post = await fetch(`${daemon.url}/metrics`, {
      method: "POST",
      headers: { authorization: `Bearer ${TOKEN}` },
    });
    await post.body?.cancel();
    assert.equal(post.status, 405);
  } finally {
    daemon.stop();
    await daemon.exitCode;
    await mock.close();
    await Deno.remove(daemon.dir, { recursive: true });
  }
});

Deno.test("[e2e] a /metrics scrape parses as Prometheus text with the contract's metrics and the requests' counts", async () => {
  const mock = startMockUpstream();
  mock.handler = (req) =>
    req.body?.model === "broken-model"
      ? { kind: "json", status: 500, body: { error: { message: "down" } } }
      : req.body?.model === "held"
      ? {
        ...usageReply({ ...req, body: { ...req.body, model: "gpt-4o" } }),
        stallAfter: 2,
      }
      : usageReply(req);
  const daemon = await startInProcessDaemon(config(mock.url));
  const auth = { authorization: `Bearer ${TOKEN}` };
  try {
    await (await chat(daemon.url, "gpt-4o")).text();
    await (await chat(daemon.url, "gpt-4o", true)).text();
    await (await chat(daemon.url, "broken-model")).text();
    await waitForLogged(daemon.url, 3, {
      headers: { authorization: `Bearer ${PASSWORD}` },
    });

    const text = await (await fetch(`${daemon.url}/metrics`, { headers: auth }))
      .text();
    const m = scrape(text);
    const ok = { downstream: "oai", model: "gpt-4o" };
    assert.equal(
      value(m, "tresor_requests_total", { ...ok, status: "200" }),
      2,
    );
    assert.equal(
      value(m, "tresor_requests_total", {
        downstream: "oai",
        model: "broken-model",
        status: "500",
      }),
      1,
    );
    assert.equal(
      value(m, "tresor_upstream_errors_total", {
        downstream: "oai",
        kind: "upstream_error",
      }),
      1,
    );
    assert.equal(
      value(m, "tresor_tokens_total", { ...ok, kind: "input" }),
      2000,
    );
    assert.equal(
      value(m, "tresor_tokens_total", { ...ok, kind: "output" }),
      600,
    );
    assert.equal(
      value(m, "tresor_tokens_total", { ...ok, kind: "cache_read" }),
      400,
    );
    // Two requests at (1000 × 2.5 + 300 × 10 + 200 × 1.25) / 1e6.
    assert.equal(value(m, "tresor_cost_usd_total", ok), 0.0115);
    // The parser folds a labelled histogram's series into one set of buckets (there is one
    // downstream here): every request is in the +Inf bucket, none of them in zero time.
    for (
      const name of ["tresor_request_duration_seconds", "tresor_ttfb_seconds"]
    ) {
      const family = m.get(name);
      assert.equal(family?.type, "HISTOGRAM");
      const buckets = family?.metrics[0].buckets ?? {};
      assert.equal(buckets["+Inf"], "3");
      // Cumulative: in bound order (object key order is not), counts never fall.
      const counts = Object.entries(buckets)
        .sort(([a], [b]) =>
          Number(a.replace("+Inf", "Infinity")) -
          Number(b.replace("+Inf", "Infinity"))
        )
        .map(([, count]) => Number(count));
      assert.deepStrictEqual(counts, [...counts].sort((a, b) => a - b));
    }
    assert.match(
      text,
      /^tresor_request_duration_seconds_count\{downstream="oai"\} 3$/m,
    );
    assert.equal(value(m, "tresor_streams_in_flight", {}), 0);
    assert.equal(
      value(m, "tresor_build_info", { version: versionInfo().version }),
      1,
    );

    // A stream held open by the upstream counts as in flight until it ends.
    const held = await chat(daemon.url, "held", true);
    assert.equal(held.status, 200);
    const reader = held.body!.getReader();
    await reader.read();
    const during = scrape(
      await (await fetch(`${daemon.url}/metrics`, { headers: auth })).text(),
    );
    assert.equal(value(during, "tresor_streams_in_flight", {}), 1);
    await reader.cancel();
    await waitForLogged(daemon.url, 4, {
      headers: { authorization: `Bearer ${PASSWORD}` },
    });
    const after = scrape(
      await (await fetch(`${daemon.url}/metrics`, { headers: auth })).text(),
    );
    assert.equal(value(after, "tresor_streams_in_flight", {}), 0);
  } finally {
    daemon.stop();
    await daemon.exitCode;
    await mock.close();
    await Deno.remove(daemon.dir, { recursive: true });
  }
});
