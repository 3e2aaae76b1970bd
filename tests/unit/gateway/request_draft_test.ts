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
    outcome: { status: 404, ttfb: START + 1, error: "unknown model" },
    want: { level: "warn", ttfb_ms: 1, extra: { error: "unknown model" } },
  },
  {
    name: "logs a 5xx at error",
    outcome: { status: 502, ttfb: START + 3, error: "unreachable" },
    want: { level: "error", ttfb_ms: 3, extra: { error: "unreachable" } },
  },
  {
    name: "logs a stream broken after its 2xx head at error",
    outcome: { status: 200, ttfb: START + 2, error: "idle timeout" },
    want: { level: "error", ttfb_ms: 2, extra: { error: "idle timeout" } },
  },
  {
    name: "keeps the token counts the response reported, and only those",
    outcome: { status: 200, ttfb: null, usage: { input_tokens: 7 } },
    want: { level: "info", ttfb_ms: null, extra: { input_tokens: 7 } },
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

Deno.test("createRequestDraft() gives every request its own id", () => {
  const a = createRequestDraft("GET", "/v1/models", START);
  const b = createRequestDraft("GET", "/v1/models", START);
  assert.notEqual(a.id, b.id);
  assert.match(a.id, /^[0-9a-f-]{36}$/);
});
