/** `ResponseWriter`: event numbering, incomplete and failed endings, stray argument fragments. */
import assert from "node:assert/strict";
import { ResponseWriter } from "../../../../../plugins/protocol/responses/response_writer.ts";
import { toResponseBase } from "../../../../../plugins/protocol/responses/response_base.ts";

function writer(): ResponseWriter {
  return new ResponseWriter(
    toResponseBase({ model: "m", input: "x" }, { id: "resp_t", createdAt: 1 }),
  );
}

Deno.test("ResponseWriter numbers every event from 0 and ends with response.completed", () => {
  const w = writer();
  const events = [
    ...w.text("Hi"),
    ...w.startCall("0", "call_1", "f"),
    ...w.callArguments("0", '{"a":'),
    ...w.callArguments("0", "1}"),
    ...w.finish({ status: "completed" }),
  ];
  const payloads = events.map((e) => JSON.parse(e.data));
  assert.deepStrictEqual(
    payloads.map((p) => p.sequence_number),
    payloads.map((_, i) => i),
  );
  assert.deepStrictEqual(events.map((e) => e.event), [
    "response.created",
    "response.in_progress",
    "response.output_item.added",
    "response.content_part.added",
    "response.output_text.delta",
    "response.output_text.done",
    "response.content_part.done",
    "response.output_item.done",
    "response.output_item.added",
    "response.function_call_arguments.delta",
    "response.function_call_arguments.delta",
    "response.function_call_arguments.done",
    "response.output_item.done",
    "response.completed",
  ]);
  const output = w.response?.output ?? [];
  assert.equal(output.length, 2);
  assert.equal(
    output[1].type === "function_call" && output[1].arguments,
    '{"a":1}',
  );
  assert.deepStrictEqual(w.finish({ status: "completed" }), []);
});

Deno.test("ResponseWriter marks open items incomplete and records the reason", () => {
  const w = writer();
  w.text("Once");
  const events = w.finish({
    status: "incomplete",
    reason: "max_output_tokens",
  });
  assert.equal(events.at(-1)?.event, "response.incomplete");
  assert.deepStrictEqual(w.response?.incomplete_details, {
    reason: "max_output_tokens",
  });
  const first = w.response?.output[0];
  assert.equal(first?.type === "message" && first.status, "incomplete");
});

Deno.test("ResponseWriter.fail() writes error then response.failed", () => {
  const w = writer();
  const events = w.fail("server_error", "boom");
  assert.deepStrictEqual(events.map((e) => e.event), [
    "response.created",
    "response.in_progress",
    "error",
    "response.failed",
  ]);
  assert.deepStrictEqual(JSON.parse(events[2].data), {
    type: "error",
    sequence_number: 2,
    code: "server_error",
    message: "boom",
    param: null,
  });
  assert.equal(w.response?.status, "failed");
});

Deno.test("ResponseWriter.end() finishes with the given finish", () => {
  const w = writer();
  w.text("Hi");
  const events = w.end({ status: "completed" });
  assert.equal(events.at(-1)?.event, "response.completed");
  assert.equal(w.response?.status, "completed");
  assert.deepStrictEqual(w.end(undefined), []);
});

Deno.test("ResponseWriter.end() fails when the upstream never said how it finished", () => {
  const w = writer();
  w.text("Hi");
  const events = w.end(undefined);
  assert.deepStrictEqual(events.map((e) => e.event).slice(-2), [
    "error",
    "response.failed",
  ]);
  assert.deepStrictEqual(w.response?.error, {
    code: "server_error",
    message: "The upstream stream ended before the response finished",
  });
});

Deno.test("ResponseWriter drops argument fragments for a call that is not open", () => {
  const w = writer();
  w.startCall("0", "c0", "f");
  w.startCall("1", "c1", "g");
  assert.deepStrictEqual(w.callArguments("0", "{}"), []);
  assert.equal(w.isOpenCall("1"), true);
});
