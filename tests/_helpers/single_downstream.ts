/**
 * The e2e rig of the SDK translation tests: a mock upstream serving as the gateway's only
 * downstream, with every registered plugin available. `await using` closes both.
 */
import { PLUGINS } from "../../plugins/registry.ts";
import type { ResponseStore } from "../../plugins/mod.ts";
import type { Downstream } from "../../store/types.ts";
import {
  type GatewayServer,
  makeSnapshot,
  startGateway,
} from "./gateway_server.ts";
import { type MockUpstream, startMockUpstream } from "./mock_upstream.ts";

/** A running mock upstream behind a running gateway. */
export interface SingleDownstream extends AsyncDisposable {
  readonly mock: MockUpstream;
  readonly gw: GatewayServer;
}

/** Options of {@link startSingleDownstream}. */
export interface SingleDownstreamOptions {
  /** Kept Responses API responses; the caller closes the store. */
  readonly responses?: ResponseStore;
}

/**
 * Starts a mock upstream and a gateway whose only downstream is `toDownstream(mock.url)`
 * (diagnostics at `warn`).
 */
export function startSingleDownstream(
  toDownstream: (mockUrl: string) => Downstream,
  options: SingleDownstreamOptions = {},
): SingleDownstream {
  const mock = startMockUpstream();
  const gw = startGateway(
    makeSnapshot({ downstreams: [toDownstream(mock.url)] }),
    { plugins: PLUGINS, logLevel: "warn", responses: options.responses },
  );
  return {
    mock,
    gw,
    [Symbol.asyncDispose]: async () => {
      await gw.close();
      await mock.close();
    },
  };
}
