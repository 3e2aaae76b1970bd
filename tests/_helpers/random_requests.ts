/**
 * Seeded random client requests for the property test (`tests/golden/property_test.ts`), one
 * generator per client format: mostly valid requests with the awkward values clients send
 * (empty and whitespace text, emoji, line breaks, tool turns, images), and now and then input
 * a target cannot take, which the converter must reject naming the parameter.
 */

/** A seeded random source. */
export interface Random {
  /** A number in [0, 1). */
  next(): number;
  /** An integer in [lo, hi]. */
  int(lo: number, hi: number): number;
  chance(p: number): boolean;
  pick<T>(xs: readonly T[]): T;
}

/** mulberry32: a small seeded PRNG. */
export function createRandom(seed: number): Random {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    next,
    int: (lo: number, hi: number) => lo + Math.floor(next() * (hi - lo + 1)),
    chance: (p: number) => next() < p,
    pick: <T>(xs: readonly T[]): T => xs[Math.floor(next() * xs.length)],
  };
}

type Json = Record<string, unknown>;

/** Texts clients send, awkward ones included. */
export const WORDS: readonly string[] = [
  "",
  " ",
  "hi",
  "héllo 👋",
  "x".repeat(50),
  "line\nbreak",
  "{json}",
];
/** Image URLs: a data URI, http(s), and one no target takes. */
export const IMAGE_URLS: readonly string[] = [
  "data:image/png;base64,AAAA",
  "https://x.test/i.jpg",
  "ftp://nope",
];
/** Every reasoning effort. */
export const EFFORTS: readonly string[] = [
  "none",
  "minimal",
  "low",
  "medium",
  "high",
  "xhigh",
];

function openAiUser(r: Random): Json {
  return {
    role: "user",
    content: r.chance(0.6) ? r.pick(WORDS) : [
      { type: "text", text: r.pick(WORDS) },
      ...(r.chance(0.5)
        ? [{ type: "image_url", image_url: { url: r.pick(IMAGE_URLS) } }]
        : []),
      ...(r.chance(0.05)
        ? [{ type: "input_audio", input_audio: { data: "x", format: "wav" } }]
        : []),
    ],
  };
}

/** An assistant turn calling tools, then (mostly) their tool messages. */
function openAiToolTurn(r: Random, next: () => number): Json[] {
  const calls = Array.from({ length: r.int(1, 3) }, () => ({
    id: `call:${next()}`,
    type: "function",
    function: {
      name: "f",
      arguments: r.chance(0.05) ? "{bad" : r.pick(["{}", '{"a":1}', ""]),
    },
  }));
  const out: Json[] = [{
    role: "assistant",
    content: r.chance(0.3) ? "calling" : null,
    tool_calls: calls,
  }];
  for (const c of calls) {
    if (!r.chance(0.95)) continue;
    out.push({
      role: "tool",
      tool_call_id: r.chance(0.97) ? c.id : "other",
      content: r.chance(0.5)
        ? r.pick(WORDS)
        : [{ type: "text", text: r.pick(WORDS) }],
    });
  }
  return out;
}

function openAiMessages(r: Random): Json[] {
  const messages: Json[] = [];
  if (r.chance(0.5)) {
    messages.push({
      role: r.pick(["system", "developer"]),
      content: r.pick(WORDS),
    });
  }
  let id = 0;
  const turns = r.int(0, 6);
  for (let t = 0; t < turns; t++) {
    const kind = r.int(0, 3);
    if (kind <= 1) messages.push(openAiUser(r));
    else if (kind === 2) {
      messages.push({
        role: "assistant",
        content: r.chance(0.7) ? r.pick(WORDS) : null,
      });
    } else messages.push(...openAiToolTurn(r, () => id++));
  }
  return messages;
}

/** Sampling and tool parameters of a Chat Completions request. */
function openAiParams(r: Random, req: Json): void {
  if (r.chance(0.5)) req.max_tokens = r.int(1, 40000);
  if (r.chance(0.2)) req.max_completion_tokens = r.int(1, 40000);
  if (r.chance(0.3)) {
    req.stop = r.chance(0.5) ? r.pick(WORDS) : [r.pick(WORDS), r.pick(WORDS)];
  }
  if (r.chance(0.3)) req.temperature = r.next() * 2;
  if (r.chance(0.2)) req.top_p = r.next();
  if (r.chance(0.3)) {
    req.tools = [{
      type: "function",
      function: { name: "f", parameters: { type: "object" } },
    }];
  }
  if (r.chance(0.3)) {
    req.tool_choice = r.pick(["auto", "none", "required", {
      type: "function",
      function: { name: "f" },
    }]);
  }
  if (r.chance(0.2)) req.parallel_tool_calls = r.chance(0.5);
  if (r.chance(0.3)) req.reasoning_effort = r.pick(EFFORTS);
}

/** A Chat Completions request. */
export function openAiRequest(r: Random): Json {
  const req: Json = { model: "m", messages: openAiMessages(r) };
  openAiParams(r, req);
  if (r.chance(0.15)) {
    req.response_format = r.pick([
      { type: "json_object" },
      {
        type: "json_schema",
        json_schema: { name: "out", schema: { type: "object" } },
      },
      {
        type: "json_schema",
        json_schema: { name: "out", schema: { type: "array" } },
      },
    ]);
  }
  if (r.chance(0.05)) req.n = 2;
  if (r.chance(0.05)) req.logprobs = true;
  if (r.chance(0.1)) req.seed = 1;
  if (r.chance(0.3)) req.stream = true;
  return req;
}

/** A user turn: the answers to `pending` tool calls (mostly), then text and images. */
function anthropicUser(r: Random, pending: readonly string[]): Json {
  const content: Json[] = pending.filter(() => r.chance(0.97)).map((tid) => ({
    type: "tool_result",
    tool_use_id: r.chance(0.98) ? tid : "toolu_other",
    ...(r.chance(0.8)
      ? {
        content: r.chance(0.5) ? r.pick(WORDS) : [
          { type: "text", text: r.pick(WORDS) },
          ...(r.chance(0.3)
            ? [{
              type: "image",
              source: { type: "base64", media_type: "image/png", data: "AA" },
            }]
            : []),
        ],
      }
      : {}),
    ...(r.chance(0.2) ? { is_error: true } : {}),
  }));
  if (content.length === 0 || r.chance(0.5)) {
    content.push({
      type: "text",
      text: r.pick(WORDS),
      cache_control: { type: "ephemeral" },
    });
  }
  if (r.chance(0.2)) {
    content.push({
      type: "image",
      source: { type: "url", url: "https://x.test/a.png" },
    });
  }
  // Now and then plain text instead, leaving the tool calls unanswered.
  return { role: "user", content: r.chance(0.3) ? r.pick(WORDS) : content };
}

/** An assistant turn: maybe thinking, maybe text, and tool calls added to `pending`. */
function anthropicAssistant(
  r: Random,
  pending: string[],
  next: () => number,
): Json {
  const content: Json[] = [];
  if (r.chance(0.3)) {
    content.push({
      type: "thinking",
      thinking: "hm",
      signature: r.chance(0.5) ? "sig" : "",
    });
  }
  if (r.chance(0.6)) content.push({ type: "text", text: r.pick(WORDS) });
  for (let k = r.int(0, 2); k > 0; k--) {
    const tid = `toolu_${next()}`;
    pending.push(tid);
    content.push({ type: "tool_use", id: tid, name: "f", input: { a: k } });
  }
  return { role: "assistant", content };
}

function anthropicParams(r: Random, req: Json): void {
  if (r.chance(0.97)) req.max_tokens = r.int(1, 64000);
  if (r.chance(0.5)) {
    req.system = r.chance(0.5) ? r.pick(WORDS) : [{
      type: "text",
      text: r.pick(WORDS),
      cache_control: { type: "ephemeral" },
    }];
  }
  if (r.chance(0.3)) {
    req.stop_sequences = Array.from(
      { length: r.int(1, 6) },
      () => r.pick(WORDS),
    );
  }
  if (r.chance(0.3)) req.temperature = r.next();
  if (r.chance(0.2)) req.top_k = r.int(1, 100);
  if (r.chance(0.4)) {
    req.tools = [{ name: "f", input_schema: { type: "object" } }];
  }
  if (r.chance(0.05)) {
    req.tools = [{ type: "web_search_20250305", name: "web_search" }];
  }
}

/** An Anthropic Messages request. */
export function anthropicRequest(r: Random): Json {
  const messages: Json[] = [];
  let pending: string[] = [];
  let id = 0;
  const turns = r.int(1, 6);
  for (let t = 0; t < turns; t++) {
    if (t % 2 === 0) {
      messages.push(anthropicUser(r, pending));
      pending = [];
    } else messages.push(anthropicAssistant(r, pending, () => id++));
  }
  const req: Json = { model: "m", messages };
  anthropicParams(r, req);
  if (r.chance(0.3)) {
    req.tool_choice = r.pick([
      { type: "auto" },
      {
        type: "any",
        disable_parallel_tool_use: true,
      },
      { type: "tool", name: "f" },
      { type: "none" },
    ]);
  }
  if (r.chance(0.3)) {
    req.thinking = r.chance(0.8)
      ? { type: "enabled", budget_tokens: r.int(1024, 40000) }
      : { type: "disabled" };
  }
  if (r.chance(0.3)) req.stream = true;
  if (r.chance(0.2)) req.metadata = { user_id: "u" };
  return req;
}
