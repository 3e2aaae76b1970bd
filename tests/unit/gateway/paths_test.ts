import assert from "node:assert/strict";
import { isGatewayPath, storedResponseId } from "../../../gateway/paths.ts";

Deno.test("storedResponseId() decodes an id, and keeps one whose escapes do not decode", () => {
  assert.equal(storedResponseId("/v1/responses/resp_%41"), "resp_A");
  assert.equal(storedResponseId("/responses/%E0%A4%A"), "%E0%A4%A");
  assert.equal(storedResponseId("/v1/responses"), undefined);
  assert.equal(isGatewayPath("/v1/responses/%FF"), true);
});
