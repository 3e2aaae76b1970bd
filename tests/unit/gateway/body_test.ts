import assert from "node:assert/strict";
import {
  MAX_JSON_DEPTH,
  nestsDeeperThan,
  parseJsonObject,
  readBodyBytes,
} from "../../../gateway/body.ts";
import { GatewayError } from "../../../gateway/errors.ts";

const ENCODER = new TextEncoder();

const DEPTH_CASES: { name: string; text: string; deeper: boolean }[] = [
  { name: "a flat object", text: '{"a":1,"b":[1,2]}', deeper: false },
  {
    name: "nesting exactly at the limit",
    text: "[".repeat(MAX_JSON_DEPTH) + "]".repeat(MAX_JSON_DEPTH),
    deeper: false,
  },
  {
    name: "nesting one past the limit",
    text: "[".repeat(MAX_JSON_DEPTH + 1) + "]".repeat(MAX_JSON_DEPTH + 1),
    deeper: true,
  },
  {
    name: "many siblings (more brackets than the limit, shallow)",
    text: JSON.stringify({
      a: Array.from({ length: 1000 }, () => ({ b: [1] })),
    }),
    deeper: false,
  },
  {
    name: "brackets inside strings, escaped quotes included",
    text: JSON.stringify({ s: "[{".repeat(500) + '\\"' + "[".repeat(500) }),
    deeper: false,
  },
  {
    name: "objects nested a million deep",
    text: '{"a":'.repeat(1_000_000) + "1" + "}".repeat(1_000_000),
    deeper: true,
  },
];

for (const c of DEPTH_CASES) {
  Deno.test(`nestsDeeperThan() sees ${c.name}`, () => {
    assert.equal(
      nestsDeeperThan(ENCODER.encode(c.text), MAX_JSON_DEPTH),
      c.deeper,
    );
  });
}

Deno.test("parseJsonObject() refuses a body nested past the limit before parsing it", () => {
  const deep = ENCODER.encode(
    '{"model":"m","x":' + "[".repeat(100_000) + "]".repeat(100_000) + "}",
  );
  assert.throws(() => parseJsonObject(deep), (err) => {
    assert.ok(err instanceof GatewayError);
    assert.equal(err.kind, "invalid_request");
    assert.match(err.message, /nested deeper than 128 levels/);
    return true;
  });
});

Deno.test("readBodyBytes() refuses a body whose connection breaks off as invalid_request", async () => {
  const req = new Request("http://gateway/v1/messages", {
    method: "POST",
    body: new ReadableStream({
      pull(controller) {
        controller.error(new TypeError("connection reset"));
      },
    }),
  });
  await assert.rejects(readBodyBytes(req, 1024), (err) => {
    assert.ok(err instanceof GatewayError);
    assert.equal(err.kind, "invalid_request");
    return true;
  });
});
