/**
 * Stage: the client's key against `proxy_api_keys` (CONTRACT "Gateway" auth). A request without
 * a valid key goes no further: 401 in the client's format, its body discarded unread.
 *
 * @module
 */
import { requireClientAuth } from "../auth.ts";
import type { RequestContext } from "../request_context.ts";

/** Refuses a missing or wrong client key with `GatewayError("authentication")`. */
export function authenticate(ctx: RequestContext): Promise<void> {
  return requireClientAuth(ctx.req, ctx.routing.clientKeys);
}
