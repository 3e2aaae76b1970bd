/**
 * Stage: the client's key against `proxy_api_keys` (CONTRACT "Gateway" auth). A request without
 * a valid key goes no further: 401 in the client's format, its body discarded unread. The
 * key's name is recorded on the draft.
 *
 * @module
 */
import { requireClientAuth } from "../auth.ts";
import type { RequestContext } from "../request_context.ts";

/**
 * Refuses a missing or wrong client key with `GatewayError("authentication")`; the accepted
 * key's name goes on the draft (logs and usage show names, never keys).
 */
export function authenticate(ctx: RequestContext): void | Promise<void> {
  const keys = ctx.routing.clientKeys;
  // An open gateway needs no promise, so the dispatcher awaits nothing.
  if (keys.length === 0) return;
  return requireClientAuth(ctx.req, keys).then((name) => {
    ctx.draft.key_name = name;
  });
}
