/** The Responses client side: `previous_response_id` expansion and its 404. */
import assert from "node:assert/strict";
import {
  expandInput,
  previousNotFound,
} from "../../../../plugins/responses_shared/responses_converter.ts";
import { parseCreateRequest } from "../../../../plugins/protocol/responses/parse_request.ts";
import type { ToolParseOptions } from "../../../../plugins/protocol/responses/parse_tools.ts";
import type {
  ResponseStore,
  StoredResponse,
} from "../../../../plugins/types.ts";
import type { WarningSink } from "../../../../plugins/warnings.ts";

const SILENT: WarningSink = { debug() {}, info() {}, warn() {} };
const DROP: ToolParseOptions = { hostedTools: "drop", warnings: SILENT };

function memoryStore(records: StoredResponse[]): ResponseStore {
  const byId = new Map(records.map((r) => [r.id, r]));
  return {
    get: (id) => Promise.resolve(byId.get(id)),
    put: (r) => void byId.set(r.id, r),
  };
}

Deno.test("expandInput() puts the stored turn's input and output before this turn's input", async () => {
  const store = memoryStore([{
    id: "resp_1",
    createdAt: 1,
    response: {
      output: [{
        type: "function_call",
        id: "fc_1",
        call_id: "c1",
        name: "f",
        arguments: "{}",
        status: "completed",
      }],
    },
    input: [{ role: "user", content: "first" }],
  }]);
  const body = {
    model: "m",
    previous_response_id: "resp_1",
    input: [{ type: "function_call_output", call_id: "c1", output: "ok" }],
  };
  const expanded = await expandInput(
    body,
    parseCreateRequest(body, DROP),
    store,
    DROP,
  );
  assert.deepStrictEqual(expanded?.items, [
    { type: "message", role: "user", content: "first" },
    { type: "function_call", call_id: "c1", name: "f", arguments: "{}" },
    { type: "function_call_output", call_id: "c1", output: "ok" },
  ]);
  assert.equal(expanded?.raw.length, 3);
  const missing = { model: "m", previous_response_id: "resp_x", input: "hi" };
  assert.equal(
    await expandInput(missing, parseCreateRequest(missing, DROP), store, DROP),
    undefined,
  );
  assert.equal(
    await expandInput(
      missing,
      parseCreateRequest(missing, DROP),
      undefined,
      DROP,
    ),
    undefined,
  );
});

Deno.test("previousNotFound() answers 404 in OpenAI's error shape", () => {
  const res = previousNotFound("resp_x");
  assert.equal(res.status, 404);
  assert.deepStrictEqual(res.body, {
    error: {
      message: "Previous response with id 'resp_x' not found.",
      type: "invalid_request_error",
      param: "previous_response_id",
      code: "previous_response_not_found",
    },
  });
});
