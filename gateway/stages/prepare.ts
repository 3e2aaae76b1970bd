/**
 * Stage: the upstream request of the current attempt — the client's body under the forwarded
 * model name, through the request pipeline (whose plugins may answer by themselves), the final
 * body checks (`finalize_body.ts`), the client's headers adapted and the downstream's credentials
 * added, and the URL in the downstream's convention. A body nothing changed is forwarded as the
 * client's own bytes.
 *
 * It reads only the context's body and attempt, never changes them, so failover (issue 16) can
 * prepare the same request again for another downstream.
 *
 * @module
 */
import type { JsonObject } from "../../plugins/mod.ts";
import { answer } from "../answer.ts";
import { toClientResponse } from "../client_response.ts";
import { finalizeBody } from "../finalize_body.ts";
import {
  buildUpstreamUrl,
  type ForwardHeaderOptions,
  isCrossFamily,
  toForwardHeaderList,
  toForwardHeaders,
  toHeaderList,
  withUpstreamAuth,
} from "../forward.ts";
import { runRequestPipeline } from "../pipeline.ts";
import type { RequestContext } from "../request_context.ts";

const ENCODER = new TextEncoder();

/** What the request pipeline hands on: where, which fields, which body. */
interface Forwarded {
  readonly path: string;
  readonly query: string;
  readonly headers: [string, string][];
  readonly body: JsonObject;
}

/** Sets `ctx.attempt.request`, or answers when a plugin responded by itself. */
export function prepare(ctx: RequestContext): void | Promise<void> {
  const { attempt, body, route } = ctx;
  const formatOut = attempt.planned.plan.formatOut;
  const json = attempt.model === body.model
    ? body.json
    : { ...body.json, model: attempt.model };
  const headers: ForwardHeaderOptions = {
    crossFamily: isCrossFamily(route.format, formatOut),
    anthropicBeta: formatOut === "anthropic"
      ? attempt.downstream.anthropicBeta
      : undefined,
  };
  if (attempt.pipeline.steps.length === 0) {
    // No plugin to see the request: its headers go out as a plain list.
    return finish(ctx, {
      path: route.path,
      query: ctx.search,
      headers: toForwardHeaderList(ctx.req.headers, headers),
      body: json,
    });
  }
  return runPipeline(ctx, json, headers);
}

async function runPipeline(
  ctx: RequestContext,
  json: JsonObject,
  headers: ForwardHeaderOptions,
): Promise<void> {
  const outcome = await runRequestPipeline(ctx.attempt.pipeline, {
    path: ctx.route.path,
    query: ctx.search,
    headers: toForwardHeaders(ctx.req.headers, headers),
    body: json,
  });
  if (outcome.kind === "respond") {
    answer(ctx, toClientResponse(outcome.response));
    return;
  }
  const forwarded = outcome.request;
  finish(ctx, { ...forwarded, headers: toHeaderList(forwarded.headers) });
}

/** The final body checks, credentials and URL: the attempt's request. */
function finish(ctx: RequestContext, forwarded: Forwarded): void {
  const { attempt, services, watcher } = ctx;
  const { downstream, planned } = attempt;
  const format = planned.plan.formatOut;
  const json = finalizeBody(
    forwarded.body,
    format,
    planned.downstream,
    services.log,
  );
  const original = json === ctx.body.json;
  const body = original ? ctx.body.bytes : ENCODER.encode(JSON.stringify(json));
  const request = {
    url: buildUpstreamUrl(
      downstream.baseUrl,
      format,
      forwarded.path,
      forwarded.query,
    ),
    method: "POST",
    headers: withUpstreamAuth(
      forwarded.headers,
      { format, apiKey: downstream.apiKey },
      original ? "original" : "rewritten",
    ),
    body,
  };
  attempt.request = request;
  watcher?.forwarded(request);
}
