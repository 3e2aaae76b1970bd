/**
 * The five workloads and, for each, the request every target receives: `direct` (the mock
 * upstream, in the format the gateway would send), `relay` (the same bytes through the
 * zero-logic TCP relay of bench/relay.ts), `tresor`, and `portkey` (routed by its
 * `x-portkey-provider` / `x-portkey-custom-host` headers).
 *
 * @module
 */
import type { RequestSpec } from "./http_probe.ts";
import {
  ANTHROPIC_MODEL,
  chatRequest,
  messagesRequest,
  OPENAI_MODEL,
} from "./payloads.ts";

/** The measured targets, in the order of the report. */
export const TARGETS = ["direct", "relay", "tresor", "portkey"] as const;
/** A measured target. */
export type Target = typeof TARGETS[number];

/** Workload names, in the order of the report. */
export const WORKLOAD_NAMES = [
  "passthrough",
  "translate",
  "stream",
  "stream_translate",
  "anthropic_to_openai",
] as const;
/** A workload name. */
export type WorkloadName = typeof WORKLOAD_NAMES[number];

/** One workload: what each target is sent. `portkey` is absent where Portkey cannot serve it. */
export interface Workload {
  readonly name: WorkloadName;
  readonly stream: boolean;
  readonly description: string;
  readonly requests: { readonly [T in Target]?: RequestSpec };
}

const JSON_TYPE = { "content-type": "application/json" } as const;
const OPENAI_AUTH = { authorization: "Bearer sk-bench" } as const;
const ANTHROPIC_AUTH = {
  "x-api-key": "sk-bench",
  "anthropic-version": "2023-06-01",
} as const;

/** The workloads, given the mock upstream's base URL (`http://127.0.0.1:PORT`). */
export function createWorkloads(mockUrl: string): readonly Workload[] {
  const portkey = (provider: "openai" | "anthropic") => ({
    ...JSON_TYPE,
    ...OPENAI_AUTH,
    "x-portkey-provider": provider,
    "x-portkey-custom-host": `${mockUrl}/v1`,
  });
  const chat = "/v1/chat/completions";
  const messages = "/v1/messages";
  const workloads: Workload[] = [
    {
      name: "passthrough",
      stream: false,
      description: "OpenAI chat → OpenAI downstream, JSON",
      requests: {
        direct: {
          path: chat,
          headers: { ...JSON_TYPE, ...OPENAI_AUTH },
          body: chatRequest(OPENAI_MODEL, false),
        },
        tresor: {
          path: chat,
          headers: JSON_TYPE,
          body: chatRequest(OPENAI_MODEL, false),
        },
        portkey: {
          path: chat,
          headers: portkey("openai"),
          body: chatRequest(OPENAI_MODEL, false),
        },
      },
    },
    {
      name: "translate",
      stream: false,
      description: "OpenAI chat → Anthropic downstream, JSON",
      requests: {
        direct: {
          path: messages,
          headers: { ...JSON_TYPE, ...ANTHROPIC_AUTH },
          body: messagesRequest(ANTHROPIC_MODEL, false),
        },
        tresor: {
          path: chat,
          headers: JSON_TYPE,
          body: chatRequest(ANTHROPIC_MODEL, false),
        },
        portkey: {
          path: chat,
          headers: portkey("anthropic"),
          body: chatRequest(ANTHROPIC_MODEL, false),
        },
      },
    },
    {
      name: "stream",
      stream: true,
      description: "OpenAI chat → OpenAI downstream, 100 SSE events",
      requests: {
        direct: {
          path: chat,
          headers: { ...JSON_TYPE, ...OPENAI_AUTH },
          body: chatRequest(OPENAI_MODEL, true),
        },
        tresor: {
          path: chat,
          headers: JSON_TYPE,
          body: chatRequest(OPENAI_MODEL, true),
        },
        portkey: {
          path: chat,
          headers: portkey("openai"),
          body: chatRequest(OPENAI_MODEL, true),
        },
      },
    },
    {
      name: "stream_translate",
      stream: true,
      description:
        "OpenAI chat → Anthropic downstream, Anthropic SSE → OpenAI SSE",
      requests: {
        direct: {
          path: messages,
          headers: { ...JSON_TYPE, ...ANTHROPIC_AUTH },
          body: messagesRequest(ANTHROPIC_MODEL, true),
        },
        tresor: {
          path: chat,
          headers: JSON_TYPE,
          body: chatRequest(ANTHROPIC_MODEL, true),
        },
        portkey: {
          path: chat,
          headers: portkey("anthropic"),
          body: chatRequest(ANTHROPIC_MODEL, true),
        },
      },
    },
    {
      name: "anthropic_to_openai",
      stream: true,
      description:
        "Anthropic messages → OpenAI downstream, OpenAI SSE → Anthropic SSE",
      requests: {
        direct: {
          path: chat,
          headers: { ...JSON_TYPE, ...OPENAI_AUTH },
          body: chatRequest(OPENAI_MODEL, true),
        },
        tresor: {
          path: messages,
          headers: { ...JSON_TYPE, "anthropic-version": "2023-06-01" },
          body: messagesRequest(OPENAI_MODEL, true),
        },
        // Portkey 1.15 answers /v1/messages for an openai provider with
        // "messages is not supported by openai": no Anthropic → OpenAI translation.
      },
    },
  ];
  // The relay forwards bytes: it is sent exactly what the mock is sent directly.
  return workloads.map((w) => ({
    ...w,
    requests: { ...w.requests, relay: w.requests.direct },
  }));
}
