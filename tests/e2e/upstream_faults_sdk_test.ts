/**
 * The upstream faults of `upstream_faults_test.ts` as the official SDK clients meet them, on the
 * four routes of issue 12 (OpenAI SDK: the openai passthrough and openai→anthropic; Anthropic
 * SDK: the anthropic passthrough and anthropic→openai): a status error is the SDK's `APIError`
 * with the gateway's status and message, a stream's terminal error event makes the SDK throw,
 * and a healthy answer reads as one.
 */
import assert from "node:assert/strict";
import OpenAI from "openai";
import Anthropic from "@anthropic-ai/sdk";
import {
  type Fault,
  FAULTS,
  startFaultUpstream,
} from "../_helpers/fault_upstream.ts";
import { UPSTREAM_ERROR_MESSAGE } from "../_helpers/fault_replies.ts";
import {
  type Route,
  ROUTES,
  startFaultGateway,
  want,
} from "../_helpers/fault_cases.ts";

const SDK_ROUTES = ROUTES.filter((r) => r.client !== "responses");

/** What one SDK call ended with: the text it read, or what it threw. */
type Outcome = { text: string; body: unknown } | { thrown: unknown };

async function callOpenAi(
  client: OpenAI,
  route: Route,
  stream: boolean,
): Promise<Outcome> {
  const request = {
    model: route.model,
    messages: [{ role: "user" as const, content: "hi" }],
  };
  try {
    if (!stream) {
      const completion = await client.chat.completions.create(request);
      return {
        text: completion.choices?.[0]?.message.content ?? "",
        body: completion,
      };
    }
    let text = "";
    const chunks = await client.chat.completions.create({
      ...request,
      stream: true,
    });
    for await (const chunk of chunks) {
      text += chunk.choices[0]?.delta.content ?? "";
    }
    return { text, body: undefined };
  } catch (thrown) {
    return { thrown };
  }
}

async function callAnthropic(
  client: Anthropic,
  route: Route,
  stream: boolean,
): Promise<Outcome> {
  const request = {
    model: route.model,
    max_tokens: 16,
    messages: [{ role: "user" as const, content: "hi" }],
  };
  try {
    if (!stream) {
      const message = await client.messages.create(request);
      const block = message.content?.[0];
      return { text: block?.type === "text" ? block.text : "", body: message };
    }
    let text = "";
    const events = await client.messages.create({ ...request, stream: true });
    for await (const event of events) {
      if (
        event.type === "content_block_delta" &&
        event.delta.type === "text_delta"
      ) text += event.delta.text;
    }
    return { text, body: undefined };
  } catch (thrown) {
    return { thrown };
  }
}

/** The error message an SDK's `APIError` carries from the body (not its "status + JSON" text). */
function apiMessage(
  err: InstanceType<typeof OpenAI.APIError | typeof Anthropic.APIError>,
): string {
  if (err instanceof Anthropic.APIError) {
    const body = err.error as { error?: { message?: string } } | undefined;
    return body?.error?.message ?? "";
  }
  const error = err.error as { message?: string } | undefined;
  return error?.message ?? "";
}

/** The SDK's view of a healthy answer, or of bytes passed through unchanged. */
function assertSdkOutcome(
  route: Route,
  fault: Fault,
  stream: boolean,
  outcome: Outcome,
): void {
  const expected = want(route, fault, stream);
  const apiError = route.client === "openai"
    ? OpenAI.APIError
    : Anthropic.APIError;
  switch (expected.kind) {
    case "ok":
      assert.ok(
        "text" in outcome,
        String("thrown" in outcome && outcome.thrown),
      );
      // A translated stream drops the cut event: from an OpenAI upstream that is the "lo" delta
      // (from an Anthropic one, a ping).
      assert.equal(
        outcome.text,
        !stream
          ? "Hello"
          : fault === "truncated_json" && route.model === "gpt-mock"
          ? "Hel there"
          : "Hello there",
      );
      return;
    case "status":
      assert.ok("thrown" in outcome, "the SDK call must fail");
      assert.ok(outcome.thrown instanceof apiError, String(outcome.thrown));
      assert.equal(outcome.thrown.status, expected.status);
      assert.match(apiMessage(outcome.thrown), expected.message);
      return;
    case "error_event":
      assert.ok("thrown" in outcome, "a stream's error event must surface");
      if (
        fault === "cut_body" && !route.translated && route.client === "openai"
      ) {
        // The OpenAI SDK parses every event: the cut one (ended by the gateway) fails first.
        assert.ok(
          outcome.thrown instanceof SyntaxError,
          String(outcome.thrown),
        );
        return;
      }
      assert.ok(outcome.thrown instanceof apiError, String(outcome.thrown));
      assert.match(apiMessage(outcome.thrown), expected.message);
      return;
    case "same_bytes":
      if (fault === "malformed_sse" || fault === "truncated_json") {
        // The stream ends (a malformed one used to hang). Its lines reach the SDK unchanged,
        // so the SDK's own parser judges them: OpenAI's rejects an event whose data is not JSON
        // (the empty `data` line, the cut event), the Anthropic SDK skips what it cannot read.
        if (route.client === "openai") {
          assert.ok(
            "thrown" in outcome && outcome.thrown instanceof SyntaxError,
            String("thrown" in outcome ? outcome.thrown : outcome.text),
          );
        } else {
          assert.ok(
            "text" in outcome,
            String("thrown" in outcome && outcome.thrown),
          );
          assert.equal(outcome.text, "Hello there");
        }
      } else if (fault === "error_json_200" && !stream) {
        // A same-format client gets the upstream's own 200 body, its error object included.
        assert.ok("body" in outcome);
        assert.match(
          JSON.stringify(outcome.body),
          new RegExp(UPSTREAM_ERROR_MESSAGE),
        );
      } else {
        // A same-format client gets the upstream's error event unchanged: the SDK's APIError.
        assert.ok(
          "thrown" in outcome && outcome.thrown instanceof apiError,
          String("thrown" in outcome ? outcome.thrown : outcome.text),
        );
        assert.equal(apiMessage(outcome.thrown), UPSTREAM_ERROR_MESSAGE);
      }
      return;
  }
}

Deno.test("[e2e] the official SDKs see every upstream fault as a clean error or a whole answer", async () => {
  await using upstream = startFaultUpstream();
  const gw = startFaultGateway(upstream);
  // Quiet: the SDKs log each stream event they cannot parse, which some faults send on purpose.
  const openai = new OpenAI({
    baseURL: `${gw.url}/v1`,
    apiKey: "x",
    maxRetries: 0,
    logLevel: "off",
  });
  const anthropic = new Anthropic({
    baseURL: gw.url,
    apiKey: "x",
    maxRetries: 0,
    logLevel: "off",
  });
  try {
    for (const fault of FAULTS) {
      upstream.fault = fault;
      await Promise.all(
        SDK_ROUTES.flatMap((route) =>
          [false, true].map(async (stream) => {
            const outcome = route.client === "openai"
              ? await callOpenAi(openai, route, stream)
              : await callAnthropic(anthropic, route, stream);
            try {
              assertSdkOutcome(route, fault, stream, outcome);
            } catch (err) {
              throw new Error(
                `${fault} ${stream ? "stream" : "json"} ${route.name}: ${
                  (err as Error).message
                }`,
                { cause: err },
              );
            }
          })
        ),
      );
    }
  } finally {
    await gw.close();
  }
});
