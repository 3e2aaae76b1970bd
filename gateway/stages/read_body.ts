/**
 * Stage: the client's body, read within `max_body_bytes`, parsed as a JSON object (bounded in
 * depth), with the `model` string every forwarded request needs (bounded in length: regex
 * aliases run over it, and it is quoted in errors and logs).
 *
 * @module
 */
import { parseJsonObject, readBodyBytes } from "../body.ts";
import { GatewayError } from "../errors.ts";
import type { RequestContext } from "../request_context.ts";

/** Longer model names are refused (real ones are under 100 characters). */
const MAX_MODEL_NAME_CHARS = 256;

/** Sets `ctx.body`; throws `GatewayError("invalid_request" | "payload_too_large")`. */
export async function readBody(ctx: RequestContext): Promise<void> {
  const bytes = await readBodyBytes(
    ctx.req,
    ctx.routing.snapshot.settings.maxBodyBytes,
  );
  const json = parseJsonObject(bytes);
  const model = json.model;
  if (typeof model !== "string" || model === "") {
    throw new GatewayError(
      "invalid_request",
      'Cannot route request: body has no "model" string',
    );
  }
  if (model.length > MAX_MODEL_NAME_CHARS) {
    throw new GatewayError(
      "invalid_request",
      `Cannot route request: "model" is longer than ${MAX_MODEL_NAME_CHARS} characters`,
    );
  }
  const stream = json.stream === true;
  ctx.body = { bytes, json, model, stream };
  ctx.draft.model_requested = model;
  ctx.draft.streamed = stream;
  ctx.watcher?.body("received", bytes);
}
