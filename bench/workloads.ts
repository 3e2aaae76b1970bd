/**
 * The seven workloads and, for each, the request every target receives: `direct` (the mock
 * upstream, in the format the gateway would send), `relay` (the same bytes through the
 * zero-logic TCP relay of bench/relay.ts), `tresor`, `portkey` (routed by its
 * `x-portkey-provider` / `x-portkey-custom-host` headers) and `ccr` (claude-code-router, routed
 * by model name as bench/ccr.ts configures it).
 *
 * @module
 */
import type { RequestSpec } from "./http_probe.ts";
import { CCR_API_KEY } from "./ccr.ts";
import type { PeerName } from "./peer.ts";
import {
  ANTHROPIC_MODEL,
  chatRequest,
  messagesRequest,
  OPENAI_MODEL,
} from "./payloads.ts";

/** The measured targets, in the order of the report. */
export const TARGETS = [
  "direct",
  "relay",
  "tresor",
  "portkey",
  "ccr",
] as const satisfies readonly ("direct" | "relay" | "tresor" | PeerName)[];
/** A measured target. */
export type Target = typeof TARGETS[number];

/** Workload names, in the order of the report. */
export const WORKLOAD_NAMES = [
  "passthrough",
  "anthropic_passthrough",
  "translate",
  "anthropic_to_openai_json",
  "stream",
  "stream_translate",
  "anthropic_to_openai",
] as const;
/** A workload name. */
export type WorkloadName = typeof WORKLOAD_NAMES[number];

/** One workload: what each target is sent. A peer is absent where it cannot serve it. */
export interface Workload {
  readonly name: WorkloadName;
  readonly stream: boolean;
  readonly description: string;
  readonly requests: { readonly [T in Target]?: RequestSpec };
  /** Why a peer has no request here, for the report's notes. */
  readonly unsupported?: { readonly [P in PeerName]?: string };
}

const JSON_TYPE = { "content-type": "application/json" } as const;
const OPENAI_AUTH = { authorization: "Bearer sk-bench" } as const;
const ANTHROPIC_AUTH = {
  "x-api-key": "sk-bench",
  "anthropic-version": "2023-06-01",
} as const;
const CCR_OPENAI_AUTH = { authorization: `Bearer ${CCR_API_KEY}` } as const;
const CCR_ANTHROPIC_AUTH = {
  "x-api-key": CCR_API_KEY,
  "anthropic-version": "2023-06-01",
} as const;
const PORTKEY_NO_MESSAGES =
  'Portkey 1.15 answers /v1/messages for an openai provider with "messages is not supported by openai": no Anthropic → OpenAI translation';

/** The API format a request is in: OpenAI Chat Completions or Anthropic Messages. */
type Format = "openai" | "anthropic";

const CHAT = "/v1/chat/completions";
const MESSAGES = "/v1/messages";

/** A request in `format` for `model`, with `headers`. */
function request(
  format: Format,
  model: string,
  stream: boolean,
  headers: Record<string, string>,
): RequestSpec {
  return format === "openai"
    ? { path: CHAT, headers, body: chatRequest(model, stream) }
    : { path: MESSAGES, headers, body: messagesRequest(model, stream) };
}

/** One workload: a client in `client` format, a downstream in `downstream` format. */
function workload(
  name: WorkloadName,
  client: Format,
  downstream: Format,
  stream: boolean,
  description: string,
  mockUrl: string,
): Workload {
  const model = downstream === "openai" ? OPENAI_MODEL : ANTHROPIC_MODEL;
  const direct = request(downstream, model, stream, {
    ...JSON_TYPE,
    ...(downstream === "openai" ? OPENAI_AUTH : ANTHROPIC_AUTH),
  });
  const portkeyHeaders = {
    ...JSON_TYPE,
    ...OPENAI_AUTH,
    "x-portkey-provider": downstream,
    "x-portkey-custom-host": `${mockUrl}/v1`,
  };
  const portkeyCannot = client === "anthropic" && downstream === "openai";
  return {
    name,
    stream,
    description,
    requests: {
      direct,
      // The relay forwards bytes: it is sent exactly what the mock is sent directly.
      relay: direct,
      tresor: request(client, model, stream, {
        ...JSON_TYPE,
        ...(client === "anthropic" && { "anthropic-version": "2023-06-01" }),
      }),
      ...(!portkeyCannot &&
        { portkey: request(client, model, stream, portkeyHeaders) }),
      ccr: request(client, model, stream, {
        ...JSON_TYPE,
        ...(client === "openai" ? CCR_OPENAI_AUTH : CCR_ANTHROPIC_AUTH),
      }),
    },
    ...(portkeyCannot && { unsupported: { portkey: PORTKEY_NO_MESSAGES } }),
  };
}

/** The workloads, given the mock upstream's base URL (`http://127.0.0.1:PORT`). */
export function createWorkloads(mockUrl: string): readonly Workload[] {
  const w = (
    name: WorkloadName,
    client: Format,
    downstream: Format,
    stream: boolean,
    description: string,
  ) => workload(name, client, downstream, stream, description, mockUrl);
  return [
    w(
      "passthrough",
      "openai",
      "openai",
      false,
      "OpenAI chat → OpenAI downstream, JSON",
    ),
    w(
      "anthropic_passthrough",
      "anthropic",
      "anthropic",
      false,
      "Anthropic messages → Anthropic downstream, JSON",
    ),
    w(
      "translate",
      "openai",
      "anthropic",
      false,
      "OpenAI chat → Anthropic downstream, JSON",
    ),
    w(
      "anthropic_to_openai_json",
      "anthropic",
      "openai",
      false,
      "Anthropic messages → OpenAI downstream, JSON",
    ),
    w(
      "stream",
      "openai",
      "openai",
      true,
      "OpenAI chat → OpenAI downstream, 100 SSE events",
    ),
    w(
      "stream_translate",
      "openai",
      "anthropic",
      true,
      "OpenAI chat → Anthropic downstream, Anthropic SSE → OpenAI SSE",
    ),
    w(
      "anthropic_to_openai",
      "anthropic",
      "openai",
      true,
      "Anthropic messages → OpenAI downstream, OpenAI SSE → Anthropic SSE",
    ),
  ];
}
