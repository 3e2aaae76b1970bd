import assert from "node:assert/strict";
import {
  createRequestDraft,
  type RequestOutcome,
  toRequestLogEntry,
} from "../../../gateway/request_draft.ts";

const START = Date.UTC(2026, 10, 21, 9, 0, 0);

interface Case {
  name: string;
  outcome: RequestOutcome;
  want: {
    level: string;
    ttfb_ms: number | null;
    extra: Record<string, unknown>;
  };
}

const CASES: Case[] = [
  {
    name: "logs a 2xx at info with latency and no absent usage fields",
    outcome: { status: 200, ttfb: START + 12 },
    want: { level: "info", ttfb_ms: 12, extra: {} },
  },
  {
    name: "logs a 4xx at warn with its error",
    outcome: {
      status: 404,
      ttfb: START + 1,
      failure: { error: "unknown model", errorKind: "model_not_found" },
    },
    want: {
      level: "warn",
      ttfb_ms: 1,
      extra: { error: "unknown model", error_kind: "model_not_found" },
    },
  },
  {
    name: "logs a 5xx at error",
    outcome: {
      status: 502,
      ttfb: START + 3,
      failure: { error: "unreachable", errorKind: "upstream_unreachable" },
    },
    want: {
      level: "error",
      ttfb_ms: 3,
      extra: { error: "unreachable", error_kind: "upstream_unreachable" },
    },
  },
  {
    name: "logs a stream broken after its 2xx head at error",
    outcome: {
      status: 200,
      ttfb: START + 2,
      failure: { error: "idle timeout", errorKind: "upstream_timeout" },
    },
    want: {
      level: "error",
      ttfb_ms: 2,
      extra: { error: "idle timeout", error_kind: "upstream_timeout" },
    },
  },
  {
    name: "keeps the token counts the response reported, and only those",
    outcome: { status: 200, ttfb: null, usage: { input_tokens: 7 } },
    want: { level: "info", ttfb_ms: null, extra: { input_tokens: 7 } },
  },
  {
    name: "carries every usage counter and the estimate flag",
    outcome: {
      status: 200,
      ttfb: START + 5,
      usage: {
        input_tokens: 10,
        output_tokens: 20,
        cache_read_tokens: 30,
        cache_write_tokens: 40,
        cache_write_1h_tokens: 15,
        reasoning_tokens: 5,
        estimated: true,
      },
    },
    want: {
      level: "info",
      ttfb_ms: 5,
      extra: {
        input_tokens: 10,
        output_tokens: 20,
        cache_read_tokens: 30,
        cache_write_tokens: 40,
        cache_write_1h_tokens: 15,
        reasoning_tokens: 5,
        usage_estimated: true,
      },
    },
  },
];

for (const c of CASES) {
  Deno.test(`toRequestLogEntry() ${c.name}`, () => {
    const draft = createRequestDraft("POST", "/v1/chat/completions", START);
    draft.format_in = "openai";
    draft.downstream = "d1";
    const entry = toRequestLogEntry(draft, c.outcome, START + 40);
    assert.deepStrictEqual(entry, {
      id: draft.id,
      time: "2026-11-21T09:00:00.000Z",
      level: c.want.level,
      method: "POST",
      path: "/v1/chat/completions",
      format_in: "openai",
      format_out: null,
      model_requested: null,
      model_forwarded: null,
      alias: null,
      downstream: "d1",
      rules: [],
      plugins: [],
      status: c.outcome.status,
      streamed: false,
      ttfb_ms: c.want.ttfb_ms,
      total_ms: 40,
      ...c.want.extra,
    });
  });
}

Deno.test("toRequestLogEntry() adds the key name and the cost the record stage priced", () => {
  const draft = createRequestDraft("POST", "/v1/messages", START);
  draft.key_name = "laptop-agent";
  const entry = toRequestLogEntry(
    draft,
    { status: 200, ttfb: START + 1, usage: { output_tokens: 3 } },
    START + 2,
    { costUsd: 0.000045 },
  );
  assert.equal(entry.key_name, "laptop-agent");
  assert.equal(entry.cost_usd, 0.000045);
  assert.equal(entry.usage_estimated, undefined);
});

Deno.test("createRequestDraft() gives every request its own id", () => {
  const a = createRequestDraft("GET", "/v1/models", START);
  const b = createRequestDraft("GET", "/v1/models", START);
  assert.notEqual(a.id, b.id);
  assert.match(a.id, /^[0-9a-f-]{36}$/);
});
