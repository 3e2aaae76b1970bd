/**
 * Stage (the `GET /v1/responses/{id}` endpoint): a response a Responses converter kept for
 * `previous_response_id`, or OpenAI's 404 for an id it does not hold (or when no response store
 * was given).
 *
 * @module
 */
import { answer } from "../answer.ts";
import { storedResponseId } from "../paths.ts";
import type { RequestContext } from "../request_context.ts";

const JSON_HEADERS = { "content-type": "application/json" } as const;

/** Answers with the stored response named by the path, or 404. */
export async function getStoredResponse(ctx: RequestContext): Promise<void> {
  const id = storedResponseId(ctx.draft.path) ?? "";
  const stored = await ctx.services.responses?.get(id);
  if (stored === undefined) {
    const body = {
      error: {
        message: `Response with id '${id}' not found.`,
        type: "invalid_request_error",
        param: null,
        code: "not_found",
      },
    };
    answer(
      ctx,
      new Response(JSON.stringify(body), {
        status: 404,
        headers: JSON_HEADERS,
      }),
      { error: "Response not found", errorKind: "not_found" },
    );
    return;
  }
  answer(
    ctx,
    new Response(JSON.stringify(stored.response), { headers: JSON_HEADERS }),
  );
}
