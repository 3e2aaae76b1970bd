/**
 * Seeded hostile gateway requests for the fuzz test: each starts from a well-formed request of
 * one of the client formats and is then broken in one to three ways — a field of the wrong type
 * anywhere in it (every field of each format gets its turn), a deep or huge value, bad UTF-8, a
 * huge model name, a truncated or non-object body, a wrong method, odd headers. The same seed
 * gives the same requests, so a failure is reproducible from its seed and index.
 *
 * @module
 */

/** A deterministic generator (mulberry32): `next()` is uniform in [0, 1). */
export class Rng {
  #state: number;
  constructor(seed: number) {
    this.#state = seed >>> 0;
  }
  next(): number {
    let t = (this.#state = (this.#state + 0x6d2b79f5) >>> 0);
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }
  int(n: number): number {
    return Math.floor(this.next() * n);
  }
  pick<T>(items: readonly T[]): T {
    return items[this.int(items.length)];
  }
  chance(p: number): boolean {
    return this.next() < p;
  }
}

/** The client format a path implies (what its errors must look like). */
export type ClientFormat = "openai" | "anthropic" | "responses";

/** One generated request, and a short account of how it was broken. */
export interface HostileRequest {
  readonly method: string;
  readonly path: string;
  readonly headers: [string, string][];
  readonly body: Uint8Array<ArrayBuffer> | undefined;
  /** The format whose error shape an error answer must have; undefined for non-gateway paths. */
  readonly format: ClientFormat | undefined;
  readonly description: string;
}

/** What the generated requests may use. */
export interface HostileOptions {
  /** The gateway's client key (`proxy_api_keys`). */
  readonly apiKey: string;
  /** Routable models: OpenAI-format, Anthropic-format (each route both formats reach). */
  readonly models: readonly string[];
  /** Characters of a "huge" string. */
  readonly hugeChars: number;
}

const ENCODER = new TextEncoder();

const ROUTES: readonly {
  path: string;
  format: ClientFormat;
  method: string;
}[] = [
  { path: "/v1/chat/completions", format: "openai", method: "POST" },
  { path: "/chat/completions", format: "openai", method: "POST" },
  { path: "/v1/completions", format: "openai", method: "POST" },
  { path: "/v1/embeddings", format: "openai", method: "POST" },
  { path: "/v1/models", format: "openai", method: "GET" },
  { path: "/v1/messages", format: "anthropic", method: "POST" },
  { path: "/messages", format: "anthropic", method: "POST" },
  { path: "/v1/messages/count_tokens", format: "anthropic", method: "POST" },
  { path: "/v1/responses", format: "responses", method: "POST" },
];

/** A well-formed request body with every field of the format, for `model`. */
function baseBody(
  format: ClientFormat,
  path: string,
  model: string,
): Record<string, unknown> {
  const tool = {
    name: "get_weather",
    description: "Weather for a city",
    parameters: {
      type: "object",
      properties: { city: { type: "string" } },
      required: ["city"],
    },
  };
  if (format === "anthropic") {
    return {
      model,
      max_tokens: 64,
      system: [{ type: "text", text: "Be brief." }],
      messages: [
        { role: "user", content: "What is the weather in Paris?" },
        {
          role: "assistant",
          content: [
            { type: "text", text: "Checking." },
            {
              type: "tool_use",
              id: "toolu_1",
              name: "get_weather",
              input: { city: "Paris" },
            },
          ],
        },
        {
          role: "user",
          content: [
            { type: "tool_result", tool_use_id: "toolu_1", content: "Sunny" },
            {
              type: "image",
              source: {
                type: "base64",
                media_type: "image/png",
                data: "iVBORw0KGgo=",
              },
            },
          ],
        },
      ],
      tools: [{
        name: tool.name,
        description: tool.description,
        input_schema: tool.parameters,
      }],
      tool_choice: { type: "auto" },
      stop_sequences: ["END"],
      temperature: 0.5,
      top_p: 0.9,
      top_k: 40,
      metadata: { user_id: "u1" },
      thinking: { type: "enabled", budget_tokens: 1024 },
      ...(path.endsWith("count_tokens") ? {} : { stream: false }),
    };
  }
  if (format === "responses") {
    return {
      model,
      instructions: "Be brief.",
      input: [
        { role: "user", content: [{ type: "input_text", text: "Weather?" }] },
        {
          type: "function_call",
          call_id: "call_1",
          name: "get_weather",
          arguments: '{"city":"Paris"}',
        },
        { type: "function_call_output", call_id: "call_1", output: "Sunny" },
      ],
      tools: [{ type: "function", ...tool }],
      tool_choice: "auto",
      max_output_tokens: 64,
      temperature: 0.5,
      text: { format: { type: "text" } },
      reasoning: { effort: "low" },
      store: false,
      stream: false,
    };
  }
  if (path.endsWith("/embeddings")) return { model, input: ["a", "b"] };
  if (path.endsWith("/completions") && !path.includes("chat")) {
    return { model, prompt: "Once", max_tokens: 8 };
  }
  return {
    model,
    messages: [
      { role: "system", content: "Be brief." },
      { role: "user", content: [{ type: "text", text: "Weather in Paris?" }] },
      {
        role: "assistant",
        content: null,
        tool_calls: [{
          id: "call_1",
          type: "function",
          function: { name: "get_weather", arguments: '{"city":"Paris"}' },
        }],
      },
      { role: "tool", tool_call_id: "call_1", content: "Sunny" },
    ],
    tools: [{ type: "function", function: tool }],
    tool_choice: "auto",
    max_tokens: 64,
    max_completion_tokens: 64,
    temperature: 0.5,
    top_p: 0.9,
    stop: ["END"],
    n: 1,
    stream: false,
    stream_options: { include_usage: true },
    response_format: { type: "text" },
    reasoning_effort: "low",
    user: "u1",
  };
}

/**
 * Paths (keys and indexes) to the values inside `value` worth mutating: the request's own fields
 * at any depth, but not into the inside of a hostile value an earlier mutation put there.
 */
function pathsOf(
  value: unknown,
  prefix: (string | number)[] = [],
): (string | number)[][] {
  const out = [prefix];
  if (prefix.length >= 8) return out;
  if (Array.isArray(value)) {
    if (value.length > 8) return out;
    value.forEach((v, i) => out.push(...pathsOf(v, [...prefix, i])));
  } else if (value !== null && typeof value === "object") {
    const entries = Object.entries(value);
    if (entries.length > 32) return out;
    for (const [k, v] of entries) out.push(...pathsOf(v, [...prefix, k]));
  }
  return out;
}

function deep(depth: number, leaf: unknown): unknown {
  let v = leaf;
  for (let i = 0; i < depth; i++) v = i % 2 ? [v] : { a: v };
  return v;
}

/** A value of some wrong, extreme or hostile kind. */
function hostileValue(rng: Rng, options: HostileOptions): unknown {
  const huge = () =>
    "A".repeat(rng.chance(0.05) ? options.hugeChars * 16 : options.hugeChars);
  const kinds: (() => unknown)[] = [
    () => rng.int(1000) - 500,
    () => 1e308,
    () => -0.000001,
    () => "",
    () => "text",
    huge,
    () => "\ud800\udfff\ud800 \u202e\u0000 😀".repeat(rng.int(50) + 1),
    () => null,
    () => true,
    () => [],
    () => ({}),
    () => [null, 1, "x", {}, []],
    () => ({ type: "unknown_kind", text: 5 }),
    () => deep(rng.pick([50, 200, 5000]), "x"),
    () => Array.from({ length: rng.pick([1000, 20000]) }, (_, i) => i),
    () =>
      Object.fromEntries(Array.from({ length: 2000 }, (_, i) => [`k${i}`, i])),
  ];
  return rng.pick(kinds)();
}

function setAt(
  root: unknown,
  path: (string | number)[],
  value: unknown,
): unknown {
  if (path.length === 0) return value;
  const [head, ...rest] = path;
  if (Array.isArray(root)) {
    const copy = [...root];
    copy[head as number] = setAt(copy[head as number], rest, value);
    return copy;
  }
  const obj = (root ?? {}) as Record<string, unknown>;
  return { ...obj, [head]: setAt(obj[head as string], rest, value) };
}

function deleteAt(root: unknown, path: (string | number)[]): unknown {
  if (path.length === 0 || root === null || typeof root !== "object") {
    return root;
  }
  const [head, ...rest] = path;
  if (rest.length === 0) {
    if (Array.isArray(root)) return root.filter((_, i) => i !== head);
    const { [head as string]: _, ...others } = root as Record<string, unknown>;
    return others;
  }
  if (Array.isArray(root)) {
    return root.map((v, i) => i === head ? deleteAt(v, rest) : v);
  }
  const obj = root as Record<string, unknown>;
  return { ...obj, [head]: deleteAt(obj[head as string], rest) };
}

/** Bytes that break a body outright. */
function brokenBody(
  rng: Rng,
  json: string,
  options: HostileOptions,
): [Uint8Array<ArrayBuffer>, string] {
  const cases: (() => [Uint8Array<ArrayBuffer>, string])[] = [
    () => [
      ENCODER.encode(json.slice(0, rng.int(json.length))),
      "truncated JSON",
    ],
    () => [
      new Uint8Array(Array.from({ length: 200 }, () => rng.int(256))),
      "random bytes",
    ],
    () => [
      Uint8Array.from([
        ...ENCODER.encode(json.slice(0, 20)),
        0xff,
        0xfe,
        0xc3,
        0x28,
        ...ENCODER.encode(json.slice(20)),
      ]),
      "bad UTF-8 inside the JSON",
    ],
    () => [new Uint8Array(0), "empty body"],
    () => [
      ENCODER.encode(rng.pick(["[]", "42", '"model"', "null", "true"])),
      "JSON that is not an object",
    ],
    () => [ENCODER.encode("\ufeff" + json), "a byte-order mark"],
    () => [
      ENCODER.encode("[".repeat(100_000) + "]".repeat(100_000)),
      "arrays nested 100,000 deep",
    ],
    () => [
      ENCODER.encode(
        `{"model":"${"m".repeat(options.hugeChars)}","messages":[]}`,
      ),
      "a huge model name",
    ],
    () => [
      ENCODER.encode(json.replace("{", '{"model":1,"model":null,')),
      "duplicate keys",
    ],
  ];
  return rng.pick(cases)();
}

/** The `index`-th request of the run seeded with `seed`. */
export function hostileRequest(
  seed: number,
  index: number,
  options: HostileOptions,
): HostileRequest {
  const rng = new Rng(seed * 1_000_003 + index);
  const notes: string[] = [];
  if (rng.chance(0.03)) {
    const path = rng.pick([
      "/v1/responses/resp_%E0%A4%A",
      "/v1/responses/" + "x".repeat(5000),
      "/v1/chat/completions/extra",
      "/v1//messages",
      "/V1/MESSAGES",
      "/v1/%2e%2e/messages",
    ]);
    const format = path.startsWith("/v1/responses/") ? "responses" : undefined;
    return {
      method: rng.pick(["GET", "POST"]),
      path,
      headers: [["authorization", `Bearer ${options.apiKey}`]],
      body: undefined,
      format,
      description: `odd path ${path.slice(0, 40)}`,
    };
  }
  const route = rng.pick(ROUTES);
  const method = rng.chance(0.05)
    ? rng.pick(["GET", "PUT", "DELETE", "PATCH", "POST", "OPTIONS"])
    : route.method;
  if (method !== route.method) notes.push(`method ${method}`);
  let body: unknown = baseBody(
    route.format,
    route.path,
    rng.pick(options.models),
  );
  if (rng.chance(0.3)) body = { ...(body as object), stream: true };
  const mutations = rng.int(4);
  for (let i = 0; i < mutations; i++) {
    const paths = pathsOf(body).filter((p) => p.length > 0);
    if (paths.length === 0) break;
    const path = rng.pick(paths);
    if (rng.chance(0.2)) {
      body = deleteAt(body, path);
      notes.push(`deleted ${path.join(".")}`);
    } else {
      body = setAt(body, path, hostileValue(rng, options));
      notes.push(`replaced ${path.join(".")}`);
    }
  }
  if (rng.chance(0.08)) {
    body = setAt(
      body,
      ["model"],
      rng.pick([
        "A".repeat(options.hugeChars),
        "nope-unknown",
        "",
        "claude-mock\u0000",
        "(a+)+$".repeat(20),
      ]),
    );
    notes.push("model name");
  }
  const json = JSON.stringify(body) ?? "null";
  let bytes: Uint8Array<ArrayBuffer> | undefined = ENCODER.encode(json);
  if (rng.chance(0.12)) {
    const [broken, note] = brokenBody(rng, json, options);
    bytes = broken;
    notes.push(note);
  }
  if (method === "GET" || method === "HEAD") bytes = undefined;
  const headers: [string, string][] = [];
  const contentType = rng.chance(0.9) ? "application/json" : rng.pick([
    "text/plain",
    "multipart/form-data; boundary=x",
    "application/x-www-form-urlencoded",
  ]);
  headers.push(["content-type", contentType]);
  if (rng.chance(0.93)) {
    headers.push(
      rng.chance(0.5)
        ? ["authorization", `Bearer ${options.apiKey}`]
        : ["x-api-key", options.apiKey],
    );
  } else {
    headers.push([
      "authorization",
      rng.pick([
        "Bearer wrong",
        "Basic eA==",
        `Bearer ${"k".repeat(6000)}`,
        "Bearer",
      ]),
    ]);
    notes.push("bad credentials");
  }
  if (route.format === "anthropic" && rng.chance(0.8)) {
    headers.push([
      "anthropic-version",
      rng.pick(["2023-06-01", "garbage", "9999-99-99"]),
    ]);
  }
  if (rng.chance(0.05)) {
    headers.push(["anthropic-beta", "x".repeat(rng.pick([10, 6000]))]);
    notes.push("odd header");
  }
  if (rng.chance(0.02)) {
    headers.push(["origin", "https://evil.example"]);
    notes.push("foreign origin");
  }
  return {
    method,
    path: route.path,
    headers,
    body: bytes,
    format: route.format,
    description: `${method} ${route.path}: ${
      notes.join(", ") || "well-formed"
    }`,
  };
}
