/**
 * Stage: each gateway path answers one method (CONTRACT "Gateway"); another is refused with 405
 * in the client's format, its body discarded unread.
 *
 * @module
 */
import { GatewayError } from "../errors.ts";
import type { RequestContext } from "../request_context.ts";

/** Throws `GatewayError("method_not_allowed")` unless the request uses its route's method. */
export function requireMethod(ctx: RequestContext): void | Promise<void> {
  if (ctx.req.method !== ctx.route.method) return refuse(ctx);
}

async function refuse(ctx: RequestContext): Promise<never> {
  const { req, route } = ctx;
  await req.body?.cancel();
  throw new GatewayError(
    "method_not_allowed",
    `Cannot ${req.method} "${ctx.draft.path}": use ${route.method}`,
  );
}
