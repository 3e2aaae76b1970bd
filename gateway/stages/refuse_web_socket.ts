/**
 * Stage: a WebSocket upgrade on `/v1/responses` is refused with 426. Codex CLI tries
 * `GET /v1/responses` as a WebSocket first (`OpenAI-Beta: responses_websockets=…`); the 426
 * makes it use HTTP for the session straight away.
 *
 * @module
 */
import { GatewayError } from "../errors.ts";
import type { RequestContext } from "../request_context.ts";

/** Throws `GatewayError("upgrade_required")` for a WebSocket upgrade of the Responses API. */
export function refuseWebSocket(ctx: RequestContext): void {
  const req = ctx.req;
  if (
    ctx.route.path === "/responses" && req.method === "GET" &&
    req.headers.get("upgrade")?.toLowerCase() === "websocket"
  ) {
    throw new GatewayError(
      "upgrade_required",
      "Cannot serve the Responses API over a WebSocket: use HTTP (POST /v1/responses)",
    );
  }
}
