/**
 * Stage (every path the gateway does not serve): 404 in OpenAI's error shape. The daemon only
 * hands the gateway its own paths (`isGatewayPath`); this answers anyone calling it directly.
 *
 * @module
 */
import { GatewayError } from "../errors.ts";
import type { RequestContext } from "../request_context.ts";

/** Throws `GatewayError("not_found")`. */
export function refuseUnknownPath(ctx: RequestContext): void {
  throw new GatewayError(
    "not_found",
    `Cannot serve "${ctx.draft.path}": not a gateway path`,
  );
}
