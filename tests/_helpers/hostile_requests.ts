/**
 * Seeded hostile gateway requests for the fuzz test: each starts from a well-formed request of
 * one of the client formats and is then broken in one to three ways — a field of the wrong type
 * anywhere in it (every field of each format gets its turn), a deep or huge value, bad UTF-8, a
 * huge model name, a truncated or non-object body, a wrong method, odd headers. The same seed
 * gives the same requests, so a failure is reproducible from its seed and index.
 *
 * The parts: the routes and well-formed bodies (hostile_bodies.ts), the mutations
 * (hostile_mutations.ts), the seeded generator (rng.ts).
 *
 * @module
 */
import { baseBody, type ClientFormat, ROUTES } from "./hostile_bodies.ts";
import {
  brokenBody,
  deleteAt,
  hostileValue,
  pathsOf,
  setAt,
} from "./hostile_mutations.ts";
import { Rng } from "./rng.ts";

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
      body = setAt(body, path, hostileValue(rng, options.hugeChars));
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
    const [broken, note] = brokenBody(rng, json, options.hugeChars);
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
