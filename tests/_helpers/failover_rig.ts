/**
 * The e2e rig of the failover tests (issue 16): downstreams on mock upstreams, members of one
 * alias group `smart`, a gateway over them, and each log entry's attempts as short strings.
 */
import type { Alias, Downstream } from "../../store/types.ts";
import type { RequestLogEntry } from "../../gateway/mod.ts";
import {
  type GatewayServer,
  makeSnapshot,
  startGateway,
} from "./gateway_server.ts";
import {
  type MockReply,
  type MockUpstream,
  startMockUpstream,
} from "./mock_upstream.ts";

/** A downstream on `url` in `format` (an openai base has its `/v1`). */
export function downstream(
  id: string,
  url: string,
  format: "openai" | "anthropic",
): Downstream {
  return {
    id,
    name: id,
    apiFormats: [format],
    baseUrl: format === "openai" ? `${url}/v1` : url,
    apiKey: `key-${id}`,
    outputModelIds: [],
  };
}

/** A member of the `smart` group. */
export function member(
  id: string,
  downstreamId: string,
  parts: Partial<Alias> = {},
): Alias {
  return {
    id,
    inputModelId: "smart",
    downstreamId,
    outputModelId: `${downstreamId}-model`,
    isActive: false,
    isRegex: false,
    groupOrder: 0,
    failover: true,
    ...parts,
  };
}

/** A port nothing listens on: a connect is refused. */
export function closedPort(): number {
  const listener = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const { port } = listener.addr;
  listener.close();
  return port;
}

/** The gateway over `downstreams` and the `smart` group's `members` (listed in order). */
export function gateway(
  downstreams: Downstream[],
  members: Alias[],
  settings: { upstreamConnectTimeoutMs?: number } = {},
): GatewayServer {
  return startGateway(
    makeSnapshot({ downstreams, aliases: members, settings }),
    { logLevel: "warn" },
  );
}

/** What each attempt was: `downstream status kind`. */
export function attemptsOf(entry: RequestLogEntry): string[] {
  return (entry.attempts ?? []).map((a) =>
    `${a.downstream} ${a.status ?? "-"} ${a.error_kind ?? "answered"}`
  );
}

/** Starts `count` mock upstreams for `fn` and closes them after. */
export async function withMocks(
  count: number,
  fn: (mocks: MockUpstream[]) => Promise<void>,
): Promise<void> {
  const mocks = Array.from({ length: count }, () => startMockUpstream());
  try {
    await fn(mocks);
  } finally {
    for (const mock of mocks) await mock.close();
  }
}

/** An OpenAI-shaped error answer with `status` (and headers, such as `retry-after`). */
export function errorReply(
  status: number,
  message: string,
  headers: Record<string, string> = {},
): () => MockReply {
  return () => ({
    kind: "json",
    status,
    headers,
    body: { error: { message, type: "api_error" } },
  });
}
